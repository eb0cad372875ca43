"""Edit conflicts: the second saver of a record sees what changed and keeps or takes; nothing is lost silently."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from customers.models import Contract, Customer
from evaluations.models import EvaluationSettings

from ..conftest import client_for

pytestmark = pytest.mark.django_db


def opened_form(client: Client, url: str) -> dict:
    """What the edit page's form would post back unchanged (its hidden version included)."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else ", ".join(value) if isinstance(value, list) else str(value)
    return data


def test_an_edit_saved_over_someone_elses_change_is_refused_and_shows_it(world):
    contract = world.a.objects["contract"]
    url = reverse("contract_edit", kwargs={"pk": contract.pk})
    owner_a, owner_b = client_for(world.a.owner), client_for(world.a.owner)
    form_a, form_b = opened_form(owner_a, url), opened_form(owner_b, url)
    assert owner_a.post(url, {**form_a, "title": "Renamed by A"}).status_code == 302
    response = owner_b.post(url, {**form_b, "fee": "1500.00"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this since you opened it" in html
    assert "Renamed by A" in html and "Managed IT support" in html  # theirs and yours, side by side
    contract.refresh_from_db()
    assert contract.title == "Renamed by A" and contract.fee == 1000  # A's change stands, B's is not saved yet
    # B keeps theirs: the re-shown form carries the new version, so saving again goes through.
    kept = opened_form_from(response)
    assert owner_b.post(url, kept).status_code == 302
    contract.refresh_from_db()
    assert contract.fee == 1500 and contract.title == "Managed IT support"
    assert contract.version == 3


def opened_form_from(response) -> dict:
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else str(value)
    return data


def test_taking_theirs_is_reloading_the_form(world, owner_client):
    customer = world.a.objects["customer"]
    url = reverse("customer_edit", kwargs={"pk": customer.pk})
    stale = opened_form(owner_client, url)
    Customer.objects.filter(pk=customer.pk).update(name="Changed elsewhere", version=customer.version + 1)
    response = owner_client.post(url, {**stale, "phone": "555-0100"})
    assert "reload the form to take theirs" in response.content.decode()
    fresh = opened_form(owner_client, url)
    assert fresh["name"] == "Changed elsewhere"
    assert owner_client.post(url, {**fresh, "phone": "555-0100"}).status_code == 302
    customer.refresh_from_db()
    assert (customer.name, customer.phone) == ("Changed elsewhere", "555-0100")


@pytest.mark.parametrize(
    ("url_name", "key", "field", "value"),
    [
        ("customer_edit", "customer", "notes", "Edited"),
        ("invoice_edit", "invoice", "note", "Edited"),
        ("payment_edit", "payment", "note", "Edited"),
        ("interaction_edit", "interaction", "note", "Edited"),
        ("addendum_edit", "addendum", "description", "Edited"),
        ("costentry_edit", "cost_entry", "note", "Edited"),
        ("contract_edit", "contract", "services_included", "Edited"),
    ],
)
def test_every_edit_form_refuses_a_stale_version(world, owner_client, url_name, key, field, value):
    record = world.a.objects[key]
    url = reverse(url_name, kwargs={"pk": record.pk})
    stale = opened_form(owner_client, url)
    assert "edit_version" in stale
    assert owner_client.post(url, {**stale, field: "First"}).status_code == 302
    response = owner_client.post(url, {**stale, field: value})
    assert response.status_code == 200
    assert "Someone else saved this since you opened it" in response.content.decode()
    record.refresh_from_db()
    assert getattr(record, field) == "First"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_instant_never_lose_one_silently(world):
    contract = world.a.objects["contract"]
    url = reverse("contract_edit", kwargs={"pk": contract.pk})
    clients = [client_for(world.a.owner), client_for(world.a.owner)]
    forms = [opened_form(client, url) for client in clients]
    start = threading.Barrier(2)
    answers: list = [None, None]

    def save(index: int) -> None:
        try:
            start.wait()
            answers[index] = clients[index].post(url, {**forms[index], "title": f"Saved by {index}"})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [200, 302]  # one saved, the other was shown the conflict
    refused = next(answer for answer in answers if answer.status_code == 200)
    assert "Someone else saved this since you opened it" in refused.content.decode()
    saved = next(index for index, answer in enumerate(answers) if answer.status_code == 302)
    assert Contract.objects.get(pk=contract.pk).title == f"Saved by {saved}"


def test_an_edit_form_without_conflict_shows_no_warning(world, owner_client):
    html = owner_client.get(reverse("customer_edit", kwargs={"pk": world.a.objects["customer"].pk})).content.decode()
    assert 'data-testid="edit-conflict"' not in html


@pytest.mark.parametrize(
    ("url_name", "target", "field", "first", "second"),
    [
        ("business_settings", "business", "phone", "555-0101", "555-0202"),
        ("member_edit", "membership", "hourly_cost", "41.00", "43.00"),
        ("evaluation_settings", "settings", "concentration_warning_percent", "31.0", "33.0"),
    ],
)
def test_the_settings_forms_refuse_a_stale_version_and_show_what_changed(world, url_name, target, field, first, second):
    """Business settings, a member's role and cost, and the thresholds: the second owner does not revert the first."""
    kwargs = {"pk": world.a.staff.pk} if url_name == "member_edit" else {}
    url = reverse(url_name, kwargs=kwargs)
    owner_a, owner_b = client_for(world.a.owner), client_for(world.a.owner)
    form_a, form_b = opened_form(owner_a, url), opened_form(owner_b, url)
    assert "edit_version" in form_a
    assert owner_a.post(url, {**form_a, field: first}).status_code == 302
    response = owner_b.post(url, {**form_b, field: second})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this since you opened it" in html
    assert first in html and second in html  # theirs and yours, side by side

    def stored() -> str:
        if target == "business":
            world.a.business.refresh_from_db()
            return str(getattr(world.a.business, field))
        if target == "membership":
            world.a.staff.refresh_from_db()
            return str(getattr(world.a.staff, field))
        return str(getattr(EvaluationSettings.objects.get(business=world.a.business), field))

    assert stored() == first  # A's change stands
    kept = opened_form_from(response)  # B keeps theirs: the re-shown form carries the new version
    assert owner_b.post(url, kept).status_code == 302
    assert stored() == second
