"""Renegotiation proposals on the customer report: the figures, the draft addendum, signing it, the letter.

Drafts never count: the fee, the hours, the evaluation, the stored standing,
the contract and customer pages and the exports all leave them out until the
owner records the signature. Access to the new URLs: tests/test_access.py.
"""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers import addenda
from customers.models import Addendum
from evaluations import services
from evaluations.models import Standing
from evaluations.proposals import proposal_draft_create

from ..conftest import client_for
from ..demo_data import TODAY as DEMO_TODAY
from ..factories import (
    BusinessFactory,
    ContractFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
    MembershipFactory,
)
from ..robustness.keys import keyed
from .factories import pay

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 15, 12, tzinfo=datetime.UTC)
TODAY = NOW.date()


@pytest.fixture
def shop(time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(
        name="Gamma Garden Care", time_zone="UTC", default_hourly_cost=Decimal("60.00"), address="1 Elm Street"
    )
    owner = MembershipFactory(business=business, role="owner", user__first_name="Olivia", user__last_name="Park")
    return business, client_for(owner)


def thin_margin(business, fee: str = "1000.00"):
    """1,000 a month invoiced and paid; 15 hours a month of staff time at 60 = 900 a month: a 10% margin.

    Hand-computed proposal at the 20% target: fee 900 / 0.8 = 1,125 (+125 a month, +1,500 a year);
    or keep 1,000, which leaves 800 for staff time, 800 / 60 = 13.3 -> 13 hours a month; the
    2 hours beyond it cost 120 a month, 1,440 a year. Notice is still possible for the renewal
    on 31 Dec 2026 (last day: 1 Dec), so that is when the change would start.
    """
    customer = CustomerFactory(business=business, name="Thin Co", contact_person="Tess Hart")
    contract = ContractFactory(
        customer=customer, title="Garden care", fee=Decimal(fee), end_date=datetime.date(2026, 12, 31)
    )
    for month in range(12):
        issued = TODAY - datetime.timedelta(days=30 * month + 1)
        invoice = InvoiceFactory(customer=customer, contract=contract, issue_date=issued, amount=Decimal(fee))
        pay(invoice, fee, issued)
        InteractionFactory(
            customer=customer,
            occurred_at=NOW - datetime.timedelta(days=30 * month + 2),
            duration_minutes=15 * 60,
            hourly_cost=Decimal("60.00"),
        )
    return customer, contract


def report(client, customer) -> str:
    response = client.get(reverse("customer_report", kwargs={"pk": customer.pk}))
    assert response.status_code == 200
    return response.content.decode()


def draft(client, customer, option: str):
    return client.post(reverse("proposal_create", kwargs={"pk": customer.pk}), keyed({"option": option}))


def test_a_renegotiate_customer_sees_the_proposal_first_with_both_options(shop):
    business, owner = shop
    customer, _ = thin_margin(business)
    assert services.evaluate_customer(customer, today=TODAY).verdict.verdict.value == "renegotiate"
    page = report(owner, customer)
    assert page.index("Renegotiation proposal") < page.index("The four questions")
    assert "$1,125" in page and "+$125" in page and "+$1,500" in page
    assert "$900.00 ÷ (1 − 0.20) = $1,125.00, rounded up to $1,125 a month" in page
    assert "13 hours" in page and "+$120" in page and "+$1,440" in page
    assert "$800.00 ÷ $60.00 = 13.3 hours, rounded down to 13 hours a month" in page
    assert "start on Dec 31, 2026: the contract's renewal date" in page  # a US business: month first
    assert "Draft an addendum with this fee" in page and "Draft an addendum with this cap" in page


def test_a_profitable_customer_sees_the_proposal_later_and_no_button(shop):
    business, owner = shop
    customer, _ = thin_margin(business, fee="2000.00")  # a 55% margin: Keep, nothing to propose
    assert services.evaluate_customer(customer, today=TODAY).verdict.verdict.value == "keep"
    page = report(owner, customer)
    assert page.index("The four questions") < page.index("Renegotiation proposal")
    assert "no change needed" in page
    assert "Draft an addendum" not in page


def test_drafting_the_fee_addendum_dates_it_at_renewal_and_shows_it_with_a_letter(shop):
    business, owner = shop
    customer, contract = thin_margin(business)
    response = draft(owner, customer, "fee")
    assert response.status_code == 302
    assert response.url == reverse("customer_report", kwargs={"pk": customer.pk}) + "#proposal"
    addendum = Addendum.objects.get(contract=contract)
    assert addendum.status == Addendum.Status.DRAFT and addendum.signed_on is None
    assert addendum.effective_date == datetime.date(2026, 12, 31)
    assert addendum.fee_change == Decimal("125.00")
    assert addendum.support_hours_per_month is None
    page = report(owner, customer)
    assert "waiting for Thin Co's signature" in page
    assert "Fee $1,000.00 → $1,125.00 monthly" in page
    assert "Record as signed" in page
    assert "Print the proposal letter" in page
    assert "Draft an addendum with this fee" not in page  # one draft at a time
    assert "from Dec 31, 2026 the fee becomes $1,125 a month, instead of $1,000" in page
    assert "That is the renewal date of our agreement" in page
    assert "Dear Tess Hart," in page and "1 Elm Street" in page and "Olivia Park" in page


def test_drafting_the_cap_addendum_sets_the_hours(shop):
    business, owner = shop
    customer, contract = thin_margin(business)
    assert draft(owner, customer, "cap").status_code == 302
    addendum = Addendum.objects.get(contract=contract)
    assert addendum.status == Addendum.Status.DRAFT
    assert addendum.fee_change == 0
    assert addendum.support_hours_per_month == Decimal("13")
    assert "up to 13 hours a month (before: not limited)" in addendum.scope_change
    assert "includes up to 13 hours of support a month" in report(owner, customer)


def test_a_second_draft_is_refused_with_a_message_and_changes_nothing(shop):
    business, owner = shop
    customer, contract = thin_margin(business)
    draft(owner, customer, "fee")
    response = draft(owner, customer, "cap")
    assert response.status_code == 302
    assert Addendum.objects.filter(contract=contract).count() == 1
    page = owner.get(response.url).content.decode()
    assert "There is already a draft addendum to this contract" in page


def test_nothing_to_propose_is_refused_with_the_reason(shop):
    business, owner = shop
    customer, contract = thin_margin(business)
    contract.fee = Decimal("2000.00")
    contract.save()
    response = draft(owner, customer, "fee")
    page = owner.get(response.url).content.decode()
    assert "No draft was made" in page and "no change needed" in page
    assert not Addendum.objects.filter(contract=contract).exists()


def test_a_customer_without_a_contract_gets_figures_but_no_addendum(shop):
    business, owner = shop
    customer = CustomerFactory(business=business, name="Loose Ltd")
    InteractionFactory(customer=customer, occurred_at=NOW - datetime.timedelta(days=3), duration_minutes=600)
    page = report(owner, customer)
    assert "Renegotiation proposal" in page
    assert "They have no recurring contract" in page
    assert "Without a recurring contract there is no fee to keep" in page
    assert "Draft an addendum" not in page
    response = draft(owner, customer, "fee")
    assert "an active recurring contract" in owner.get(response.url).content.decode()
    assert not Addendum.objects.filter(business=business).exists()


def test_a_draft_in_force_changes_no_figure_standing_page_or_export_until_signed(shop):
    business, owner = shop
    customer, contract = thin_margin(business)
    before = services.evaluate_customer(customer, today=TODAY)
    standing_before = Standing.objects.get(customer=customer)
    # A draft dated in the past: were it counted, the fee would be 1,500 and the hours 1 a month today.
    drafted = addenda.addendum_draft_create(
        contract=contract,
        effective_date=datetime.date(2026, 5, 1),
        description="Proposed: more fee, fewer hours.",
        fee_change=Decimal("500.00"),
        support_hours_per_month=Decimal("1"),
    )
    after = services.evaluate_customer(customer, today=TODAY)
    assert after.contract.fee == before.contract.fee == Decimal("1000.00")
    assert after.contract.support_hours_per_month is None
    assert after.projection_12_months == before.projection_12_months
    assert after.question("demands").rating == before.question("demands").rating
    standing = Standing.objects.get(customer=customer)
    assert (standing.verdict, standing.demands) == (standing_before.verdict, standing_before.demands)
    contract_page = owner.get(reverse("contract_detail", kwargs={"pk": contract.pk})).content.decode()
    assert "$1,000.00" in contract_page and "Draft: not signed, not counted" in contract_page
    assert "not limited" in contract_page
    customer_page = owner.get(reverse("customer_detail", kwargs={"pk": customer.pk})).content.decode()
    assert "waiting for the customer's signature: not counted until signed" in customer_page

    signed = owner.post(
        reverse("addendum_sign", kwargs={"pk": drafted.pk}),
        {"signed_on": "2026-05-14", "edit_version": str(drafted.version), "back": "contract"},
    )
    assert signed.status_code == 302
    drafted.refresh_from_db()
    assert drafted.status == Addendum.Status.SIGNED and drafted.signed_on == datetime.date(2026, 5, 14)
    counted = services.evaluate_customer(customer, today=TODAY)
    assert counted.contract.fee == Decimal("1500.00")
    assert counted.contract.support_hours_per_month == Decimal("1")
    # About 45 hours in the last 3 months against 3 included: the demands question turns red.
    assert counted.question("demands").rating.value == "red"
    assert Standing.objects.get(customer=customer).demands == "red"
    signed_page = owner.get(reverse("contract_detail", kwargs={"pk": contract.pk})).content.decode()
    assert "$1,500.00" in signed_page and "1 per month" in signed_page and "signed May 14, 2026" in signed_page


def test_the_whole_business_export_says_which_addenda_are_drafts(shop):
    business, owner = shop
    customer, _ = thin_margin(business)
    proposal_draft_create(customer=customer, option="fee", today=TODAY)
    response = owner.get(reverse("export_business"))
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    rows = list(csv.DictReader(io.StringIO(archive.read("addenda.csv").decode("utf-8-sig"))))
    assert [(row["status"], row["fee change"], row["signed on"]) for row in rows] == [
        ("Draft, not signed yet", "125.00", "")
    ]
    assert "a draft (a proposal not signed yet) changes nothing" in archive.read("README.txt").decode()


def test_signing_refuses_a_future_date_and_a_stale_page(shop):
    business, owner = shop
    customer, contract = thin_margin(business)
    drafted = proposal_draft_create(customer=customer, option="fee", today=TODAY)
    url = reverse("addendum_sign", kwargs={"pk": drafted.pk})
    future = owner.post(
        url, {"signed_on": "2026-05-16", "edit_version": str(drafted.version), "back": "report"}, follow=True
    )
    assert "The signing date cannot be in the future." in future.content.decode()
    stale = owner.post(url, {"signed_on": "2026-05-15", "edit_version": str(drafted.version + 7)}, follow=True)
    assert "Someone changed this addendum since you opened the page" in stale.content.decode()
    drafted.refresh_from_db()
    assert drafted.status == Addendum.Status.DRAFT and drafted.signed_on is None
    owner.post(url, {"signed_on": "2026-05-15", "edit_version": str(drafted.version), "back": "report"})
    drafted.refresh_from_db()
    assert drafted.status == Addendum.Status.SIGNED
    again = owner.post(url, {"signed_on": "2026-05-15", "edit_version": str(drafted.version)}, follow=True)
    assert "already signed" in again.content.decode()


def test_the_database_refuses_a_draft_with_a_signing_date_and_a_second_draft(shop):
    business, _ = shop
    customer, contract = thin_margin(business)
    proposal_draft_create(customer=customer, option="fee", today=TODAY)
    with pytest.raises(Exception) as second, connection.cursor() as cursor:
        cursor.execute("SAVEPOINT second_draft")
        try:
            cursor.execute(
                "INSERT INTO customers_addendum (business_id, contract_id, effective_date, description, fee_change,"
                " scope_change, status, created_at, updated_at, version)"
                " VALUES (%s, %s, '2026-06-01', 'x', 0, '', 'draft', now(), now(), 1)",
                [business.pk, contract.pk],
            )
        finally:
            cursor.execute("ROLLBACK TO SAVEPOINT second_draft")
    assert "addendum_one_draft" in str(second.value)
    with pytest.raises(Exception) as dated, connection.cursor() as cursor:
        cursor.execute("SAVEPOINT dated")
        try:
            cursor.execute(
                "UPDATE customers_addendum SET signed_on = '2026-05-01' WHERE contract_id = %s", [contract.pk]
            )
        finally:
            cursor.execute("ROLLBACK TO SAVEPOINT dated")
    assert "addendum_draft_not_signed_on" in str(dated.value)


def test_an_addendum_written_without_a_status_is_signed(shop):
    """Bulk loads and old rows: the column's database default is signed (the migration marked existing ones)."""
    business, _ = shop
    customer, contract = thin_margin(business)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO customers_addendum (business_id, contract_id, effective_date, description, fee_change,"
            " scope_change, created_at, updated_at, version)"
            " VALUES (%s, %s, '2026-01-01', 'Old', 10, '', now(), now(), 1) RETURNING status",
            [business.pk, contract.pk],
        )
        assert cursor.fetchone()[0] == "signed"


def test_the_report_with_a_draft_keeps_its_query_count(shop, django_assert_max_num_queries):
    business, owner = shop
    customer, _ = thin_margin(business)
    report(owner, customer)
    with CaptureQueriesContext(connection) as without:
        report(owner, customer)
    proposal_draft_create(customer=customer, option="fee", today=TODAY)
    with django_assert_max_num_queries(len(without.captured_queries)):
        report(owner, customer)


def test_the_demo_writes_signed_addenda_and_a_draft_there_changes_no_verdict(shared_demo):
    demo = shared_demo()
    written = Addendum.objects.filter(business=demo)
    assert written.exists() and not written.exclude(status=Addendum.Status.SIGNED).exists()
    today = DEMO_TODAY  # the day the shared demo was generated for

    def verdicts_and_fees() -> dict:
        customers = services.evaluate_business(demo, today=today).customers
        return {e.id: (e.verdict.verdict, e.contract.fee if e.contract else None) for e in customers}

    before = verdicts_and_fees()
    contract = written.filter(contract__status="active").select_related("contract").first().contract
    # A draft cutting the fee since the contract began: were it counted, every figure of that customer would move.
    addenda.addendum_draft_create(
        contract=contract, effective_date=contract.start_date, description="Draft", fee_change=Decimal("-100.00")
    )
    assert verdicts_and_fees() == before
