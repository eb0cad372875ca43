"""The inputs that gave a 500 before issue 13, each now refused with a message, in forms and in the database."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from customers.models import Contract, Interaction, Invoice

from ..conftest import client_for

pytestmark = pytest.mark.django_db


def test_invoice_issued_9999_12_31_without_due_date_is_refused(world, owner_client):
    customer = world.a.objects["customer"]
    response = owner_client.post(
        reverse("invoice_create", kwargs={"customer_pk": customer.pk}),
        {"number": "X-9999", "issue_date": "9999-12-31", "amount": "10.00"},
    )
    assert response.status_code == 200
    assert "Enter a date between Jan 1, 1900 and Dec 31, 2199." in response.content.decode()
    assert not Invoice.objects.filter(number="X-9999").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("payment_terms_days", "2147483647", "The payment terms can be at most 366 days."),
        ("notice_period_days", "999999", "The notice period can be at most 1098 days."),
    ],
)
def test_contract_terms_and_notice_beyond_a_few_years_are_refused(world, owner_client, field, value, message):
    contract = world.a.objects["contract"]
    response = owner_client.get(reverse("contract_edit", kwargs={"pk": contract.pk}))
    data = {name: response.context["form"][name].value() for name in response.context["form"].fields}
    data = {name: "" if value is None else value for name, value in data.items() if value is not False}
    response = owner_client.post(reverse("contract_edit", kwargs={"pk": contract.pk}), {**data, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    contract.refresh_from_db()
    assert getattr(contract, field) == 30


@pytest.mark.parametrize("field", ["payment_terms_days", "notice_period_days"])
def test_database_refuses_terms_and_notice_beyond_a_few_years(world, field):
    contract = world.a.objects["contract"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(**{field: 999_999})


def test_database_refuses_dates_out_of_range(world):
    invoice = world.a.objects["invoice"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(due_date=datetime.date(9999, 12, 31))
    interaction = world.a.objects["interaction"]
    far = datetime.datetime(2500, 1, 1, tzinfo=datetime.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        Interaction.objects.filter(pk=interaction.pk).update(occurred_at=far)


def test_call_edited_to_year_9999_in_a_us_time_zone_is_refused(world, owner_client):
    world.a.business.time_zone = "America/New_York"
    world.a.business.save()
    interaction = world.a.objects["interaction"]
    url = reverse("interaction_edit", kwargs={"pk": interaction.pk})
    form = owner_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items() if value is not False}
    response = owner_client.post(url, {**data, "occurred_at": "9999-12-31T23:59"})
    assert response.status_code == 200
    assert "Enter a date between" in response.content.decode()
    assert owner_client.get(reverse("customer_detail", kwargs={"pk": interaction.customer_id})).status_code == 200
    assert owner_client.get(reverse("home")).status_code == 200


def test_log_a_call_with_thousands_of_digits_after_the_hash_is_refused(world, staff_client):
    customer = world.a.objects["customer"]
    response = staff_client.post(
        reverse("interaction_log"),
        {"customer_name": f"{customer.name} #" + "9" * 5000, "duration_preset": "5", "in_scope": "yes"},
    )
    assert response.status_code == 200
    assert "at most 300 characters" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("note", "x" * 100_000, "at most 1000 characters"),
        ("note", "a\x00b", "Null characters are not allowed."),
        ("kind", "teleport", "Select a valid choice."),
        ("direction", "sideways", "Select a valid choice."),
        ("in_scope", "maybe", "Select a valid choice."),
    ],
)
def test_log_a_call_says_why_it_refuses(world, staff_client, field, value, message):
    customer = world.a.objects["customer"]
    data = {"customer_name": f"{customer.name} #{customer.pk}", "duration_preset": "5", "in_scope": "yes"}
    before = Interaction.objects.count()
    response = staff_client.post(reverse("interaction_log"), {**data, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Interaction.objects.count() == before


@pytest.mark.parametrize("url", ["/customers/?q=%00", "/customers/?tag=%00", "/customers/lookup/?q=%00"])
def test_nul_in_a_search_gives_a_clear_400(world, url):
    response = client_for(world.a.staff).get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_over_long_search_gives_a_clear_400(world, staff_client):
    response = staff_client.get(reverse("customer_list"), {"q": "x" * 201})
    assert response.status_code == 400
    assert "longer than 200 characters" in response.content.decode()
