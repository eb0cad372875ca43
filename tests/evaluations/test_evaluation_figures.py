"""The figures from the database: periods, time zones, tenancy, the query count."""

import datetime
import gc
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from customers.models import Customer
from customers.services import payment_record
from evaluations import rules, selectors
from evaluations.periods import month_index
from evaluations.rules import Evidence, QuestionResult, Rating, Verdict, least_squares
from evaluations.services import evaluate_business, evaluate_customer

from ..demo_data import TODAY as DEMO_TODAY
from ..factories import (
    AddendumFactory,
    BusinessFactory,
    ContractFactory,
    CostEntryFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 15)
CHICAGO = ZoneInfo("America/Chicago")


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CHICAGO)


@pytest.fixture
def business():
    return BusinessFactory(name="Brightside", time_zone="America/Chicago")


def test_the_columns_customer_loses_1000_a_month_with_a_ratio_of_2(business):
    customer = CustomerFactory(business=business)
    ContractFactory(customer=customer, fee=Decimal("1000.00"))
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 2, 1), amount=Decimal("1000.00"))
    # 2,000 of staff time in February: 20 hours at 100 an hour.
    for day in range(1, 21):
        InteractionFactory(
            customer=customer, occurred_at=at(2026, 2, day), duration_minutes=60, hourly_cost=Decimal("100.00")
        )
    february = evaluate_customer(customer, today=TODAY, month=datetime.date(2026, 2, 1)).periods["month"]
    assert february.revenue == Decimal("1000.00")
    assert february.cost_to_serve == Decimal("2000.00")
    assert february.profit == Decimal("-1000.00")
    assert february.cost_to_revenue == Decimal("2")


def test_an_interaction_at_2330_local_on_the_31st_belongs_to_that_month(business):
    customer = CustomerFactory(business=business)
    late_call = InteractionFactory(customer=customer, occurred_at=at(2026, 1, 31, 23, 30), duration_minutes=45)
    assert late_call.occurred_at.astimezone(datetime.UTC).month == 2  # already February in UTC
    InteractionFactory(customer=customer, occurred_at=at(2026, 2, 1, 0, 0), duration_minutes=10)
    january = evaluate_customer(customer, today=TODAY, month=datetime.date(2026, 1, 1)).periods["month"]
    february = evaluate_customer(customer, today=TODAY, month=datetime.date(2026, 2, 1)).periods["month"]
    assert january.staff_hours == Decimal("0.75")
    assert february.staff_hours == Decimal("0.17")


def test_dated_records_count_by_their_date_in_each_period(business):
    customer = CustomerFactory(business=business)
    InvoiceFactory(
        customer=customer, issue_date=datetime.date(2025, 3, 15), amount=Decimal("100.00")
    )  # 1 year + 1 day ago
    InvoiceFactory(customer=customer, issue_date=datetime.date(2025, 3, 16), amount=Decimal("200.00"))
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 3, 15), amount=Decimal("400.00"))
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 3, 16), amount=Decimal("800.00"))  # tomorrow
    CostEntryFactory(customer=customer, date=datetime.date(2026, 3, 1), amount=Decimal("30.00"))
    CostEntryFactory(customer=customer, date=datetime.date(2026, 3, 2), amount=Decimal("5.00"), kind="refund")
    result = evaluate_customer(customer, today=TODAY)
    assert result.periods["trailing_12"].revenue == Decimal("600.00")
    assert result.periods["lifetime"].revenue == Decimal("700.00")
    assert result.periods["month"].revenue == Decimal("400.00")
    assert result.periods["month"].direct_costs == Decimal("30.00")
    assert result.periods["month"].concessions == Decimal("5.00")
    assert result.lifetime_value == Decimal("665.00")


def test_customer_with_no_records_has_zeros_and_no_division_by_zero(business):
    customer = CustomerFactory(business=business)
    result = evaluate_customer(customer, today=TODAY)
    assert result.trailing_12.profit == 0
    assert result.trailing_12.margin is None
    assert result.revenue_share is None
    assert [q.rating for q in result.questions] == [Rating.OK] * 4
    assert result.verdict.verdict is Verdict.KEEP
    assert result.projection_12_months is None  # no contract


def test_customers_of_another_business_are_never_counted(business):
    ours = CustomerFactory(business=business)
    other = CustomerFactory(business=BusinessFactory(name="Elsewhere"))
    InvoiceFactory(customer=ours, issue_date=datetime.date(2026, 3, 1), amount=Decimal("100.00"))
    InvoiceFactory(customer=other, issue_date=datetime.date(2026, 3, 1), amount=Decimal("900.00"))
    InteractionFactory(customer=other, occurred_at=at(2026, 3, 1), threatened_review=True)
    evaluation = evaluate_business(business, today=TODAY)
    assert [c.id for c in evaluation.customers] == [ours.pk]
    assert evaluation.totals["trailing_12"].revenue == Decimal("100.00")
    assert evaluate_customer(ours, today=TODAY).revenue_share == Decimal("1")


def without_evidence(q: QuestionResult) -> QuestionResult:
    return QuestionResult(q.number, q.key, q.question, q.rating, q.explanation, q.figures, ())


def test_one_customer_has_the_same_figures_as_in_the_whole_business(business):
    customers = CustomerFactory.create_batch(3, business=business)
    for n, customer in enumerate(customers, start=1):
        ContractFactory(customer=customer, support_hours_per_month=Decimal("2"))
        InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 1, 5), amount=Decimal(100 * n))
        InteractionFactory(customer=customer, occurred_at=at(2026, 3, 1), duration_minutes=30 * n, in_scope=n != 2)
    whole = evaluate_business(business, today=TODAY, evidence=True)
    overview = evaluate_business(business, today=TODAY)  # without the evidence ids
    for customer in customers:
        alone = evaluate_customer(customer, today=TODAY)
        entry = whole.by_id(customer.pk)
        assert alone.periods == entry.periods
        assert alone.questions == entry.questions
        assert [without_evidence(q) for q in alone.questions] == list(overview.by_id(customer.pk).questions)
        assert alone.verdict == entry.verdict
        assert alone.revenue_share == entry.revenue_share
    assert whole.by_id(customers[2].pk).revenue_share == Decimal("0.5")


def test_scope_creep_and_support_hours_over_the_last_3_months(business):
    customer = CustomerFactory(business=business)
    ContractFactory(customer=customer, support_hours_per_month=Decimal("1.00"))
    InteractionFactory(
        customer=customer, occurred_at=at(2026, 3, 1), duration_minutes=240, in_scope=False, hourly_cost=Decimal("60")
    )
    InteractionFactory(customer=customer, occurred_at=at(2025, 12, 10), duration_minutes=60, in_scope=False)  # too old
    demands = evaluate_customer(customer, today=TODAY).question("demands")
    assert demands.rating is Rating.RED
    assert demands.figure("scope_creep_cost").value == Decimal("240.00")
    assert demands.figure("support_hours").value == Decimal("4.00")
    assert demands.figure("allowance_hours").value == Decimal("3.00")
    assert len(demands.evidence) == 1


def test_late_payments_weighted_by_amount_with_the_overdue_balance_and_evidence(business):
    customer = CustomerFactory(business=business)
    on_time = InvoiceFactory(
        customer=customer,
        issue_date=datetime.date(2025, 12, 1),
        due_date=datetime.date(2025, 12, 31),
        amount=Decimal("300.00"),
    )
    payment_record(invoice=on_time, date=datetime.date(2025, 12, 31), amount=Decimal("300.00"))
    late = InvoiceFactory(
        customer=customer,
        issue_date=datetime.date(2025, 12, 1),
        due_date=datetime.date(2025, 12, 31),
        amount=Decimal("100.00"),
    )
    payment_record(invoice=late, date=datetime.date(2026, 2, 9), amount=Decimal("100.00"))  # 40 days late
    unpaid = InvoiceFactory(
        customer=customer,
        issue_date=datetime.date(2026, 2, 1),
        due_date=datetime.date(2026, 3, 3),
        amount=Decimal("100.00"),
    )
    payment_record(invoice=unpaid, date=datetime.date(2026, 3, 1), amount=Decimal("25.00"))  # 12 days late so far
    result = evaluate_customer(customer, today=TODAY).question("pays_on_time")
    assert result.figure("average_days_late").value == Decimal("10.4")  # (0*300 + 40*100 + 12*100) / 500
    assert result.figure("worst_days_late").value == 40
    assert result.figure("share_over_30_days").value == Decimal(1) / 3
    assert result.figure("overdue_balance").value == Decimal("75.00")
    assert result.rating is Rating.WATCH
    assert result.evidence == (Evidence("invoice", late.pk), Evidence("invoice", unpaid.pk))


def test_days_late_trend_from_sql_matches_a_least_squares_fit(business):
    customer = CustomerFactory(business=business)
    for month, days in ((10, 5), (11, 20), (12, 30), (1, 50)):
        year = 2025 if month > 3 else 2026
        due = datetime.date(year, month, 10)
        invoice = InvoiceFactory(customer=customer, issue_date=due - datetime.timedelta(days=30), due_date=due)
        payment_record(invoice=invoice, date=due + datetime.timedelta(days=days), amount=invoice.amount)
    points = selectors.payment_trend(business, customer.pk, TODAY)
    assert [days for _, days in points] == [Decimal("5.0"), Decimal("20.0"), Decimal("30.0"), Decimal("50.0")]
    slope, _ = least_squares([(month_index(m), d) for m, d in points])
    result = evaluate_customer(customer, today=TODAY).question("pays_on_time")
    assert result.figure("trend_days_per_month").value == slope.quantize(Decimal("0.1")) == Decimal("14.5")
    # Fitted January value 48, +14.5 a month: 90 is reached 3 months later.
    assert result.figure("reaches_red_in").value == "2026-04"


def test_projection_uses_the_fee_as_amended_by_addenda_in_effect(business):
    customer = CustomerFactory(business=business)
    contract = ContractFactory(customer=customer, fee=Decimal("3000.00"), billing_period="quarterly")
    AddendumFactory(contract=contract, effective_date=datetime.date(2026, 1, 1), fee_change=Decimal("600.00"))
    AddendumFactory(
        contract=contract, effective_date=datetime.date(2026, 6, 1), fee_change=Decimal("900.00")
    )  # not yet
    InteractionFactory(customer=customer, occurred_at=at(2026, 1, 5), duration_minutes=600, hourly_cost=Decimal("60"))
    result = evaluate_customer(customer, today=TODAY)
    assert result.contract.monthly_fee == Decimal("1200.00")
    assert result.projection_12_months == Decimal("14400.00") - Decimal("600.00")
    assert result.contract.last_notice_date == datetime.date(2026, 12, 1)


def test_what_if_and_whale_curve_over_the_business(business):
    keeper, loser = (
        CustomerFactory(business=business, name="A keeper"),
        CustomerFactory(business=business, name="B loser"),
    )
    InvoiceFactory(customer=keeper, issue_date=datetime.date(2026, 2, 1), amount=Decimal("900.00"))
    InvoiceFactory(customer=loser, issue_date=datetime.date(2026, 2, 1), amount=Decimal("100.00"))
    InteractionFactory(customer=loser, occurred_at=at(2026, 2, 2), duration_minutes=300, hourly_cost=Decimal("60"))
    evaluation = evaluate_business(business, today=TODAY)
    what_if = evaluation.by_id(loser.pk).what_if
    assert (what_if.revenue_lost, what_if.staff_hours_freed, what_if.hours_worth, what_if.profit_change) == (
        Decimal("100.00"),
        Decimal("5.00"),
        Decimal("300.00"),
        Decimal("200.00"),
    )
    assert [p.customer_id for p in evaluation.whale_curve] == [keeper.pk, loser.pk]
    assert evaluation.largest_share == Decimal("0.9")
    assert evaluation.by_id(keeper.pk).verdict.dependence_warning is not None


def make_customers(business, count):
    for customer in CustomerFactory.create_batch(count, business=business):
        contract = ContractFactory(customer=customer)
        AddendumFactory(contract=contract)
        InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 1, 1))
        InteractionFactory(customer=customer, occurred_at=at(2026, 2, 1), complained=True)
        CostEntryFactory(customer=customer, kind="discount")


def test_query_count_does_not_grow_with_the_number_of_customers(business, django_assert_num_queries):
    make_customers(business, 2)
    with django_assert_num_queries(7):
        small = evaluate_business(business, today=TODAY)
    make_customers(business, 18)
    with django_assert_num_queries(7):
        large = evaluate_business(business, today=TODAY)
    assert (len(small.customers), len(large.customers)) == (2, 20)
    customer = Customer.objects.select_related("business").get(pk=large.customers[0].id)
    with django_assert_num_queries(8):  # the same seven, and the business's revenue for the customer's share
        evaluate_customer(customer, today=TODAY)


def test_every_demo_customer_alone_has_the_same_evaluation_as_in_the_whole_business(shared_demo):
    """The set-based read of all customers and the narrowed read of one must never drift apart."""
    business = shared_demo(DEMO_TODAY)
    whole = evaluate_business(business, today=DEMO_TODAY, evidence=True)
    customers = Customer.objects.select_related("business").filter(business=business).order_by("name", "pk")
    assert [c.id for c in whole.customers] == [c.pk for c in customers]
    verdicts = set()
    for customer in customers:
        alone = evaluate_customer(customer, today=DEMO_TODAY)
        entry = whole.by_id(customer.pk)
        assert alone == entry, customer.name
        assert entry.lifetime_value == entry.periods["lifetime"].profit
        verdicts.add(alone.verdict.verdict)
    # The demo's cast is varied enough for the comparison to cover more than one kind of customer.
    assert len(verdicts) >= 3
    assert any(q.evidence for c in whole.customers for q in c.questions)


def test_each_period_is_worked_out_the_same_whenever_it_is_read(business):
    customer = CustomerFactory(business=business)
    ContractFactory(customer=customer, support_hours_per_month=Decimal("2"))
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 3, 2), amount=Decimal("500.00"))
    InteractionFactory(customer=customer, occurred_at=at(2026, 3, 3), duration_minutes=90)
    result = evaluate_customer(customer, today=TODAY)
    months = {"month": 1, "trailing_3": 3, "trailing_12": 12, "lifetime": None}
    assert list(result.periods) == list(months)
    assert dict(result.periods) == {
        key: rules.profitability(result.figures.periods[key], Decimal("2"), count) for key, count in months.items()
    }
    assert result.periods["trailing_3"].allowance_hours == Decimal("6")
    assert result.periods["month"].staff_hours == Decimal("1.50")


def test_evaluating_leaves_the_cycle_collector_as_it_found_it(business):
    CustomerFactory.create_batch(2, business=business)
    assert gc.isenabled()
    evaluate_business(business, today=TODAY)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing is left frozen
    gc.disable()
    try:
        evaluate_business(business, today=TODAY)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_compiled_queries_are_shared_across_customers_but_never_their_figures():
    """evaluate_customer reuses the SQL it compiled for another customer, with this customer's id."""
    from evaluations.selectors.figures import _compiled

    business = BusinessFactory(time_zone="Europe/London")
    first, second = CustomerFactory(business=business), CustomerFactory(business=business)
    today = datetime.date(2026, 5, 15)
    InvoiceFactory(customer=first, issue_date=datetime.date(2026, 5, 1), amount=Decimal("100.00"))
    InvoiceFactory(customer=second, issue_date=datetime.date(2026, 5, 2), amount=Decimal("250.00"))
    _compiled.cache_clear()
    assert evaluate_customer(first, today=today).trailing_12.revenue == Decimal("100.00")
    compiled = _compiled.cache_info().currsize
    assert evaluate_customer(second, today=today).trailing_12.revenue == Decimal("250.00")
    assert _compiled.cache_info().currsize == compiled, "the second customer reused the compiled queries"
    assert _compiled.cache_info().hits >= 4
