"""The demo data: ``manage.py seed_demo`` and the generator behind it.

Every character of the column must be recognisable from the records alone,
computed here with ORM aggregates the way an evaluation would.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Min, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.test import RequestFactory

from accounts.demo import DEMO_BUSINESS, DEMO_OWNER, DEMO_STAFF
from accounts.models import Business, Membership
from customers.demo import characters
from customers.demo.dates import add_months
from customers.demo.generator import BusinessNotEmpty, demo_data_create
from customers.models import Addendum, Contract, CostEntry, Customer, FollowUp, Interaction, Invoice, Payment
from customers.services import paid_state

from ..demo_data import DEMO_DAYS, TODAY
from ..factories import BusinessFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ANY_DAY = pytest.mark.parametrize("today", DEMO_DAYS, ids=str)
CHICAGO = ZoneInfo("America/Chicago")
STAFF_COST = ExpressionWrapper(
    F("duration_minutes") * F("hourly_cost") / 60, output_field=DecimalField(max_digits=14, decimal_places=4)
)
MODELS = (Customer, Contract, Addendum, Invoice, Payment, FollowUp, Interaction, CostEntry)


def seed(*args: str, today: datetime.date = TODAY) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--today", today.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def today() -> datetime.date:
    return TODAY


@pytest.fixture
def demo(shared_demo, today) -> Business:
    """The demo for ``today``, generated once per session (``tests/demo_data.py``); read it only."""
    return shared_demo(today)


@pytest.fixture
def seeded_demo() -> Business:
    """The demo business made by ``seed_demo`` in this test (for tests that run the command again)."""
    seed()
    # The composite same-business foreign keys are deferred: check them now, inside the test's transaction.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return Business.objects.get(name=DEMO_BUSINESS)


def customer(business: Business, name: str) -> Customer:
    return Customer.objects.get(business=business, name=name)


def fingerprint(business: Business) -> dict:
    """Counts and totals of everything generated, independent of ids and of which business holds it."""
    figures = {model.__name__: model.objects.filter(business=business).count() for model in MODELS}
    figures |= Invoice.objects.filter(business=business).aggregate(
        invoiced=Sum("amount"), paid=Sum("amount_paid"), first=Min("issue_date"), last=Max("paid_in_full_on")
    )
    figures |= Interaction.objects.filter(business=business).aggregate(
        minutes=Sum("duration_minutes"), staff_cost=Sum(STAFF_COST), out_of_scope=Count("id", filter=Q(in_scope=False))
    )
    figures |= CostEntry.objects.filter(business=business).aggregate(costs=Sum("amount"))
    figures["names"] = sorted(Customer.objects.filter(business=business).values_list("name", flat=True))
    figures["numbers"] = sorted(Invoice.objects.filter(business=business).values_list("number", flat=True))
    return figures


# --- the command ------------------------------------------------------------------------------------


def test_seed_demo_creates_the_demo_business_its_logins_and_40_customers():
    output = seed()

    business = Business.objects.get(name=DEMO_BUSINESS)
    assert business.time_zone == "America/Chicago"
    assert Customer.objects.filter(business=business).count() == 40
    for (email, password, *_), role in ((DEMO_OWNER, Membership.Role.OWNER), (DEMO_STAFF, Membership.Role.STAFF)):
        user = authenticate(RequestFactory().post("/accounts/login/"), username=email, password=password)
        assert user is not None
        assert Membership.objects.get(business=business, user=user).role == role
        assert f"{email} / {password}" in output
    assert "customers: 40" in output


def test_running_seed_demo_again_changes_nothing_and_says_so(seeded_demo):
    demo = seeded_demo
    before = fingerprint(demo)
    members = list(Membership.objects.filter(business=demo).values_list("user_id", "role", "hourly_cost"))

    output = seed()

    assert "already has 40 customers: nothing changed" in output
    assert f"{DEMO_OWNER[0]} / {DEMO_OWNER[1]}" in output
    assert fingerprint(demo) == before
    assert list(Membership.objects.filter(business=demo).values_list("user_id", "role", "hourly_cost")) == members
    assert Business.objects.filter(name=DEMO_BUSINESS).count() == 1


@ANY_DAY
def test_history_covers_18_months_ending_today_in_the_business_time_zone(demo, today):
    first_month = add_months(today.replace(day=1), -17)
    invoices = Invoice.objects.filter(business=demo).aggregate(first=Min("issue_date"), last=Max("issue_date"))
    assert invoices == {"first": first_month, "last": today.replace(day=1)}
    start_of_today = datetime.datetime(today.year, today.month, today.day, tzinfo=CHICAGO)
    interactions = Interaction.objects.filter(business=demo)
    assert interactions.filter(occurred_at__gte=start_of_today).count() == 0
    start = datetime.datetime(first_month.year, first_month.month, 1, tzinfo=CHICAGO)
    assert interactions.filter(occurred_at__lt=start).count() == 0
    assert interactions.filter(occurred_at__lt=start + datetime.timedelta(days=31)).count() > 100
    assert Payment.objects.filter(business=demo, date__gt=today).count() == 0
    assert CostEntry.objects.filter(business=demo, date__gt=today).count() == 0


def test_demo_data_is_deterministic():
    def business(name: str) -> Business:
        made = BusinessFactory(name=name, time_zone="America/Chicago", default_hourly_cost=Decimal("60.00"))
        MembershipFactory(business=made, role=Membership.Role.OWNER, hourly_cost=Decimal("90.00"))
        for cost in (Decimal("45.00"), Decimal("55.00"), None):
            MembershipFactory(business=made, hourly_cost=cost)
        return made

    first, second, other_seed = business("First"), business("Second"), business("Other seed")
    demo_data_create(business=first, today=TODAY)
    demo_data_create(business=second, today=TODAY)
    demo_data_create(business=other_seed, today=TODAY, seed=7)

    assert fingerprint(first) == fingerprint(second)
    assert fingerprint(first)["Interaction"] > 5000
    assert fingerprint(other_seed)["staff_cost"] != fingerprint(first)["staff_cost"]


def test_the_generator_refuses_a_business_that_has_customers(demo):
    before = fingerprint(demo)
    with pytest.raises(BusinessNotEmpty):
        demo_data_create(business=demo, today=TODAY)
    assert fingerprint(demo) == before


# --- the records are consistent ---------------------------------------------------------------------


@ANY_DAY
def test_invoice_payment_fields_match_their_payments(demo, today):
    invoices = Invoice.objects.filter(business=demo).prefetch_related("payments")
    partly_paid = 0
    for invoice in invoices:
        payments = [(p.date, p.amount) for p in invoice.payments.all()]
        assert (invoice.amount_paid, invoice.paid_in_full_on) == paid_state(invoice.amount, payments)
        assert invoice.amount_paid <= invoice.amount
        partly_paid += 0 < invoice.amount_paid < invoice.amount
    assert partly_paid >= 1
    assert Payment.objects.filter(business=demo).count() > invoices.filter(amount_paid__gt=0).count()  # some split


@ANY_DAY
def test_interactions_are_handled_by_members_at_their_hourly_cost(demo, today):
    costs = {m.user_id: m.effective_hourly_cost for m in Membership.objects.filter(business=demo)}
    assert len(costs) == 4
    handled = Interaction.objects.filter(business=demo).values("handled_by", "hourly_cost").distinct()
    assert {row["handled_by"]: row["hourly_cost"] for row in handled} == costs
    assert Interaction.objects.filter(business=demo).exclude(created_by=F("handled_by")).count() == 0
    for model in MODELS:
        assert model.objects.filter(business=demo, created_by__isnull=True).count() == 0


@ANY_DAY
def test_contracts_renew_over_the_year_with_mostly_30_day_terms(demo, today):
    active = Contract.objects.filter(business=demo, status=Contract.Status.ACTIVE)
    assert active.count() >= 30
    assert active.filter(end_date__gte=today, end_date__lte=today + datetime.timedelta(days=90)).count() >= 5
    assert active.filter(payment_terms_days=30).count() > active.count() * 0.8
    assert active.filter(support_hours_per_month__isnull=False).count() >= 5
    assert Contract.objects.filter(business=demo, status=Contract.Status.ENDED).exists()
    assert Addendum.objects.filter(business=demo).count() >= 5
    # Invoices follow the fee as amended.
    addendum = Addendum.objects.filter(business=demo, fee_change__gt=0).select_related("contract").first()
    after = Invoice.objects.filter(contract=addendum.contract, issue_date__gte=addendum.effective_date).first()
    assert after.amount == addendum.contract.fee + addendum.fee_change
    assert Customer.objects.filter(business=demo, status=Customer.Status.FORMER).count() == 2
    assert Invoice.objects.filter(business=demo, contract__isnull=True).exists()  # customers billed by the hour


# --- the column's characters ------------------------------------------------------------------------


@ANY_DAY
def test_a_customer_pays_1000_a_month_and_costs_about_2000_in_staff_time(demo, today):
    costly = customer(demo, characters.COSTS_DOUBLE_WHAT_THEY_PAY)
    full_months = [add_months(today.replace(day=1), -n) for n in range(1, 18)]  # the current month is partial
    invoiced = dict(
        Invoice.objects.filter(customer=costly).values_list("issue_date").annotate(total=Sum("amount")).order_by()
    )
    staff_cost = dict(
        Interaction.objects.filter(customer=costly)
        .annotate(month=TruncMonth("occurred_at", tzinfo=CHICAGO))
        .values_list("month")
        .annotate(cost=Sum(STAFF_COST))
        .order_by()
    )
    staff_cost = {month.date(): cost for month, cost in staff_cost.items()}
    for month in full_months:
        assert invoiced[month] == Decimal("1000.00")
        assert Decimal("1800") <= staff_cost[month] <= Decimal("2200"), month


@ANY_DAY
def test_the_chronic_late_payer_pays_90_to_120_days_after_the_due_date(demo, today):
    late = customer(demo, characters.CHRONIC_LATE_PAYER)
    assert late.contracts.get(status=Contract.Status.ACTIVE).payment_terms_days == 30
    paid = Invoice.objects.filter(customer=late, paid_in_full_on__isnull=False)
    days_late = paid.annotate(late=F("paid_in_full_on") - F("due_date")).aggregate(least=Min("late"), most=Max("late"))
    assert paid.count() >= 10
    assert datetime.timedelta(days=90) <= days_late["least"] <= days_late["most"] <= datetime.timedelta(days=120)
    # What is still unpaid is overdue, except the invoices not due yet.
    overdue = Invoice.objects.filter(customer=late, paid_in_full_on__isnull=True, due_date__lt=today)
    assert overdue.count() >= 2
    assert overdue.filter(amount_paid__gt=0).exists()  # pays a part after the reminders
    assert FollowUp.objects.filter(invoice__customer=late).count() >= 10


@ANY_DAY
def test_the_constant_caller_calls_several_times_a_day_about_things_outside_the_contract(demo, today):
    caller = customer(demo, characters.CONSTANT_CALLER)
    calls = Interaction.objects.filter(customer=caller, kind=Interaction.Kind.CALL)
    per_day = (
        calls.filter(in_scope=False)
        .annotate(day=TruncDate("occurred_at", tzinfo=CHICAGO))
        .values("day")
        .annotate(calls=Count("id"))
        .aggregate(days=Count("day"), average=Sum("calls") * Decimal("1.0") / Count("day"))
    )
    assert per_day["days"] > 250
    assert per_day["average"] >= 3
    figures = calls.aggregate(
        total=Count("id"),
        # Asked for something outside the contract: done (outside the contract) or told no.
        outside=Count("id", filter=Q(in_scope=False) | Q(out_of_scope_request=True)),
        angry=Count("id", filter=Q(angry_when_refused=True)),
        short=Count("id", filter=Q(duration_minutes__lte=15)),
    )
    assert figures["outside"] > figures["total"] * 0.75
    assert figures["short"] == figures["total"]
    assert figures["angry"] >= 20


@ANY_DAY
def test_the_discount_hunter_keeps_asking_and_gets_concessions(demo, today):
    year_ago = add_months(today, -12)
    hunter = customer(demo, characters.DISCOUNT_HUNTER)
    asks = Interaction.objects.filter(customer=hunter, asked_discount=True, occurred_at__date__gt=year_ago)
    assert asks.count() >= 12
    concessions = CostEntry.objects.filter(customer=hunter, date__gt=year_ago)
    kinds = set(concessions.values_list("kind", flat=True))
    assert {CostEntry.Kind.DISCOUNT, CostEntry.Kind.FREE_WORK} <= kinds
    given = concessions.filter(kind__in=CostEntry.CONCESSIONS).aggregate(total=Sum("amount"))["total"]
    revenue = Invoice.objects.filter(customer=hunter, issue_date__gt=year_ago).aggregate(t=Sum("amount"))["t"]
    assert given > revenue * Decimal("0.10")
    assert CostEntry.objects.filter(customer=hunter, kind=CostEntry.Kind.FREE_WORK, hours__isnull=True).count() == 0


@ANY_DAY
def test_the_reputation_threat_complains_and_threatens_in_public(demo, today):
    year_ago = add_months(today, -12)
    threat = customer(demo, characters.REPUTATION_THREAT)
    figures = Interaction.objects.filter(customer=threat, occurred_at__date__gt=year_ago).aggregate(
        threats=Count("id", filter=Q(threatened_review=True)),
        complaints=Count("id", filter=Q(complained=True)),
        public=Count("id", filter=Q(public_complaint=True)),
    )
    assert figures["threats"] >= 2
    assert figures["complaints"] >= 3
    assert figures["public"] == 1


@ANY_DAY
def test_the_big_customer_is_over_a_quarter_of_the_last_12_months_revenue(demo, today):
    year_ago = add_months(today, -12)
    invoices = Invoice.objects.filter(business=demo, issue_date__gt=year_ago)
    big = customer(demo, characters.BIG_CUSTOMER)
    figures = invoices.aggregate(total=Sum("amount"), big=Sum("amount", filter=Q(customer=big)))
    share = figures["big"] / figures["total"]
    assert Decimal("0.25") < share < Decimal("0.50")
    top_others = invoices.exclude(customer=big).values("customer").annotate(t=Sum("amount")).order_by("-t").first()
    assert top_others["t"] < figures["big"] / 5


@ANY_DAY
def test_the_other_customers_pay_on_time_stay_in_scope_and_some_still_quietly_lose_money(demo, today):
    """The hidden loss the product exists for: no warning sign at all, and still a cost above the revenue."""
    revenue = dict(Invoice.objects.filter(business=demo).values_list("customer").annotate(t=Sum("amount")).order_by())
    staff = dict(
        Interaction.objects.filter(business=demo).values_list("customer").annotate(t=Sum(STAFF_COST)).order_by()
    )
    direct = dict(CostEntry.objects.filter(business=demo).values_list("customer").annotate(t=Sum("amount")).order_by())
    scope = {
        row["customer"]: row
        for row in Interaction.objects.filter(business=demo)
        .values("customer")
        .annotate(all=Sum("duration_minutes"), inside=Sum("duration_minutes", filter=Q(in_scope=True)))
    }
    worst_lateness = dict(
        Invoice.objects.filter(business=demo, paid_in_full_on__isnull=False)
        .annotate(late=F("paid_in_full_on") - F("due_date"))
        .values_list("customer")
        .annotate(worst=Max("late"))
        .order_by()
    )
    named = set(characters.CHARACTERS)
    others = list(Customer.objects.filter(business=demo).exclude(name__in=named))
    healthy_margin, losing = 0, 0
    for row in others:
        assert scope[row.pk]["inside"] >= scope[row.pk]["all"] * 0.85, row.name
        assert worst_lateness[row.pk] <= datetime.timedelta(days=10), row.name
        cost = staff.get(row.pk, 0) + direct.get(row.pk, 0)
        healthy_margin += revenue[row.pk] > cost * Decimal("1.25")  # a margin of at least 20%
        losing += revenue[row.pk] < cost
    assert len(others) == 34
    assert healthy_margin > len(others) / 2
    assert 4 <= losing <= 8
    # And the characters this is about are there, each once.
    assert Customer.objects.filter(business=demo, name__in=named).count() == len(named) == 6


# --- the size option (benchmarks) -------------------------------------------------------------------


def test_size_option_fills_a_separate_business_with_the_expected_proportions():
    output = seed("--business-name", "Bench Test", "--customers", "50", "--months", "3")

    business = Business.objects.get(name="Bench Test")
    assert not Business.objects.filter(name=DEMO_BUSINESS).exists()
    owner = authenticate(
        RequestFactory().post("/accounts/login/"), username="bench-owner@example.com", password="keep-or-boot-bench"
    )
    assert Membership.objects.get(business=business, user=owner).role == Membership.Role.OWNER
    assert Membership.objects.filter(business=business, role=Membership.Role.STAFF).count() == 6
    customers = Customer.objects.filter(business=business).count()
    invoices = Invoice.objects.filter(business=business).count()
    interactions = Interaction.objects.filter(business=business).count()
    assert customers == 50
    assert 50 * 3 * 0.9 <= invoices <= 50 * 3  # monthly (customers billed by the hour skip quiet months)
    assert 50 * 3 * 3.5 <= interactions <= 50 * 3 * 7  # about 5 a customer a month (less in the current month)
    assert Payment.objects.filter(business=business).count() >= invoices * 0.6
    assert f"interactions: {interactions:,}" in output
    assert f"invoices: {invoices:,}" in output
    assert "bench-owner@example.com / keep-or-boot-bench" in output


def test_size_option_refuses_a_business_that_already_has_customers():
    seed("--business-name", "Bench Test", "--customers", "5", "--months", "2")
    business = Business.objects.get(name="Bench Test")
    before = fingerprint(business)

    with pytest.raises(CommandError, match="already has customers"):
        seed("--business-name", "Bench Test", "--customers", "5", "--months", "2")

    assert fingerprint(business) == before


def test_size_option_seed_changes_the_data_and_same_seed_repeats_it():
    seed("--business-name", "Seed A", "--customers", "20", "--months", "2", "--seed", "1")
    seed("--business-name", "Seed B", "--customers", "20", "--months", "2", "--seed", "1")
    seed("--business-name", "Seed C", "--customers", "20", "--months", "2", "--seed", "2")
    a, b, c = (fingerprint(Business.objects.get(name=name)) for name in ("Seed A", "Seed B", "Seed C"))
    assert a == b
    assert a != c


def test_size_option_explains_a_business_without_anyone_to_serve_its_customers():
    business = BusinessFactory(name="Nobody Works Here")

    with pytest.raises(CommandError, match="no members"):
        seed("--business-name", "Nobody Works Here", "--customers", "5", "--months", "2")

    assert Customer.objects.filter(business=business).count() == 0
