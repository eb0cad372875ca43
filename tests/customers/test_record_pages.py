"""Read-only pages of an interaction, a cost entry and a payment: everything about the record, nothing to change.

Access (anonymous, another business, staff on the cost entry) is in tests/test_access.py.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from customers.services import payment_record

from ..conftest import client_for
from ..factories import (
    BusinessFactory,
    CostEntryFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture
def shop(time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(name="Gamma Garden Care", time_zone="UTC")
    owner = MembershipFactory(business=business, role="owner", user__first_name="Olivia", user__last_name="Park")
    staff = MembershipFactory(business=business, role="staff", user__first_name="Sam", user__last_name="Lee")
    other = MembershipFactory(business=business, role="staff", user__first_name="Kim", user__last_name="Ng")
    customer = CustomerFactory(business=business, name="Harbour Cafe")
    return business, owner, staff, other, customer


def test_an_interaction_page_shows_every_field_and_no_form(shop):
    _, owner, staff, _, customer = shop
    interaction = InteractionFactory(
        customer=customer,
        occurred_at=NOW - datetime.timedelta(hours=2),
        kind="meeting",
        direction="outbound",
        duration_minutes=45,
        in_scope=True,
        out_of_scope_request=True,
        angry_when_refused=True,
        note="Wanted the menu redesigned for free.",
        handled_by=staff.user,
        created_by=staff.user,
        hourly_cost=Decimal("80.00"),
    )
    url = reverse("interaction_detail", kwargs={"pk": interaction.pk})
    content = client_for(owner).get(url).content.decode()
    for text in (
        "Harbour Cafe",
        "Meeting",
        "Outbound (we contacted them)",
        "45 min",
        "Within the contract",
        "Asked for something outside the contract",
        "Got angry or hostile when told no",
        "Wanted the menu redesigned for free.",
        "Sam Lee",
        "$60.00",  # 45 minutes at 80.00 an hour, for owners
        'id="history-heading"',
    ):
        assert text in content, text
    details = content.split('id="facts-heading"')[1].split("</section>")[0]
    assert "<form" not in details and "<input" not in details  # nothing to change here
    assert reverse("interaction_edit", kwargs={"pk": interaction.pk}) in content


def test_staff_see_the_interaction_without_its_cost_and_edit_only_their_own(shop):
    _, _, staff, other, customer = shop
    theirs = InteractionFactory(customer=customer, occurred_at=NOW, created_by=staff.user, hourly_cost=Decimal("80"))
    someone_elses = InteractionFactory(customer=customer, occurred_at=NOW, created_by=other.user)
    client = client_for(staff)
    own = client.get(reverse("interaction_detail", kwargs={"pk": theirs.pk})).content.decode()
    assert reverse("interaction_edit", kwargs={"pk": theirs.pk}) in own
    assert "Staff cost" not in own and "$40.00" not in own
    assert 'id="history-heading"' not in own  # history shows costs: owners only
    foreign = client.get(reverse("interaction_detail", kwargs={"pk": someone_elses.pk}))
    assert foreign.status_code == 200
    assert reverse("interaction_edit", kwargs={"pk": someone_elses.pk}) not in foreign.content.decode()


def test_a_cost_entry_page_shows_what_was_given(shop):
    _, owner, _, _, customer = shop
    entry = CostEntryFactory(
        customer=customer, kind="free_work", amount=Decimal("240.00"), hours=Decimal("3.00"), note="Spring clean-up"
    )
    content = client_for(owner).get(reverse("costentry_detail", kwargs={"pk": entry.pk})).content.decode()
    for text in ("Free work given", "$240.00", "3 h", "Spring clean-up", "A concession", "Harbour Cafe"):
        assert text in content, text
    assert reverse("costentry_edit", kwargs={"pk": entry.pk}) in content


def test_a_payment_page_shows_its_invoice_and_who_recorded_it(shop):
    _, owner, staff, _, customer = shop
    invoice = InvoiceFactory(customer=customer, number="GC-17", issue_date=datetime.date(2026, 4, 1))
    payment = payment_record(
        invoice=invoice, date=datetime.date(2026, 4, 20), amount=Decimal("250.00"), method="card", created_by=staff.user
    )
    url = reverse("payment_detail", kwargs={"pk": payment.pk})
    content = client_for(owner).get(url).content.decode()
    for text in ("GC-17", "$250.00", "Card", "Apr 20, 2026", "Sam Lee", "Harbour Cafe"):
        assert text in content, text
    assert reverse("payment_edit", kwargs={"pk": payment.pk}) in content
    assert reverse("payment_edit", kwargs={"pk": payment.pk}) in client_for(staff).get(url).content.decode()


def test_record_pages_refuse_post_with_405(shop):
    _, owner, _, _, customer = shop
    interaction = InteractionFactory(customer=customer, occurred_at=NOW)
    response = client_for(owner).post(reverse("interaction_detail", kwargs={"pk": interaction.pk}))
    assert response.status_code == 405


def test_the_customer_page_links_to_the_read_only_pages_and_the_filtered_lists(shop):
    _, owner, _, _, customer = shop
    interaction = InteractionFactory(customer=customer, occurred_at=NOW)
    entry = CostEntryFactory(customer=customer)
    content = client_for(owner).get(reverse("customer_detail", kwargs={"pk": customer.pk})).content.decode()
    assert reverse("interaction_detail", kwargs={"pk": interaction.pk}) in content
    assert reverse("costentry_detail", kwargs={"pk": entry.pk}) in content
    assert f"{reverse('interaction_list')}?customer={customer.pk}" in content
    assert f"{reverse('costentry_list')}?customer={customer.pk}" in content
