"""The owner's dashboard: who is worth keeping, for the chosen period. Access rules: tests/test_access.py."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.receivables import BUCKETS

from ..conftest import client_for
from ..factories import (
    BusinessFactory,
    ContractFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
    MembershipFactory,
)
from .factories import invoice_days_past_due

pytestmark = pytest.mark.django_db

# A Friday; the businesses below keep their books in UTC, so "today" is this date all day.
NOW = datetime.datetime(2026, 5, 15, 12, tzinfo=datetime.UTC)
TODAY = NOW.date()
URL = reverse("dashboard")


@pytest.fixture
def shop(time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(name="Gamma Garden Care", time_zone="UTC")
    owner = MembershipFactory(business=business, role="owner")
    staff = MembershipFactory(business=business, role="staff")
    return business, client_for(owner), client_for(staff)


def loss_maker(business, name="Needy Corp"):
    """Invoiced 1,000 two months ago; 40 hours of angry out-of-scope calls at 50 an hour this month: Boot."""
    customer = CustomerFactory(business=business, name=name)
    ContractFactory(customer=customer, end_date=datetime.date(2026, 7, 31), notice_period_days=30)
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 3, 10), amount=Decimal("1000.00"))
    for hour in range(40):
        InteractionFactory(
            customer=customer,
            occurred_at=NOW - datetime.timedelta(days=1, hours=hour),
            duration_minutes=60,
            hourly_cost=Decimal("50.00"),
            in_scope=False,
            angry_when_refused=hour < 2,
        )
    return customer


def good_customer(business, name, *, amount="500.00", issued=datetime.date(2026, 4, 1)):
    customer = CustomerFactory(business=business, name=name)
    InvoiceFactory(customer=customer, issue_date=issued, amount=Decimal(amount))
    InteractionFactory(customer=customer, occurred_at=NOW - datetime.timedelta(days=3), duration_minutes=30)
    return customer


def headline(response, label: str):
    return next(h for h in response.context["board"].headlines if h.label == label)


def test_staff_cannot_see_the_dashboard(shop):
    _, _, staff = shop
    assert staff.get(URL).status_code == 403


def test_dashboard_ranks_losses_first_with_verdicts_markers_and_links(shop):
    business, owner, _ = shop
    needy = loss_maker(business)
    good_customer(business, "Good Co")
    page = owner.get(URL).content.decode()
    assert page.index("Needy Corp") < page.index("Good Co")
    assert reverse("customer_report", kwargs={"pk": needy.pk}) in page
    assert "Question 1, Does the customer make demands beyond what is reasonable? Red flag." in page
    assert 'class="q-marker q-red"' in page


def test_the_watchlist_shows_the_main_reason_and_the_last_day_to_give_notice(shop):
    business, owner, _ = shop
    loss_maker(business)
    good_customer(business, "Good Co")
    response = owner.get(URL)
    (row,) = response.context["board"].watchlist
    assert row.name == "Needy Corp" and row.verdict == "boot"
    page = response.content.decode()
    watchlist = page[page.index("Boot watchlist") : page.index('id="dash-renewals-heading"')]
    assert "Give notice by <strong>Jul 1, 2026</strong>" in watchlist  # 31 July less 30 days
    assert "Loses money" in watchlist
    assert "Good Co" not in watchlist


def test_renewals_in_the_next_90_days_carry_their_verdicts(shop):
    business, owner, _ = shop
    loss_maker(business)  # ends 31 July: in 77 days
    later = good_customer(business, "Later Ltd")
    ContractFactory(customer=later, end_date=TODAY + datetime.timedelta(days=91))
    response = owner.get(URL)
    renewals = response.context["board"].renewals
    assert [(r.contract.customer.name, v.value) for r, v in renewals] == [("Needy Corp", "boot")]


def test_the_period_selector_changes_every_figure(shop):
    business, owner, _ = shop
    customer = CustomerFactory(business=business, name="Steady Ltd")
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 4, 20), amount=Decimal("100.00"))  # 3 months
    InvoiceFactory(customer=customer, issue_date=datetime.date(2026, 1, 5), amount=Decimal("200.00"))  # ytd
    InvoiceFactory(customer=customer, issue_date=datetime.date(2025, 12, 20), amount=Decimal("400.00"))  # 12 months
    InvoiceFactory(customer=customer, issue_date=datetime.date(2025, 2, 1), amount=Decimal("800.00"))  # before
    InvoiceFactory(customer=customer, issue_date=datetime.date(2024, 2, 1), amount=Decimal("1600.00"))  # all time
    expected = {
        "3m": (Decimal("100.00"), Decimal("600.00")),  # 16 Nov to 15 Feb before: 20 Dec and 5 Jan
        "ytd": (Decimal("300.00"), Decimal("800.00")),  # 1 Jan 2025 to 15 May 2025 before
        "12m": (Decimal("700.00"), Decimal("800.00")),
        "all": (Decimal("3100.00"), None),
    }
    for key, (now, before) in expected.items():
        response = owner.get(URL, {"period": key})
        assert response.context["board"].chosen.key == key
        revenue = headline(response, "Revenue")
        assert (revenue.value, revenue.previous) == (now, before), key
        (row,) = [r for r in response.context["board"].rows if r.name == "Steady Ltd"]
        assert row.money.revenue == now
        chart = response.context["board"].charts["concentration"]
        assert chart["data"]["datasets"][0]["values"] == [Decimal("100.0")]  # the only customer: all of it


def test_an_unknown_period_sort_or_filter_falls_back_without_an_error(shop):
    business, owner, _ = shop
    loss_maker(business)
    response = owner.get(URL, {"period": "forever", "sort": "shoe-size", "verdict": "maybe", "page": "x"})
    assert response.status_code == 200
    board = response.context["board"]
    assert (board.chosen.key, board.sort, board.verdict_filter) == ("12m", "profit", "")
    assert "Needy Corp" in response.content.decode()


def test_filter_by_verdict_and_sort_by_revenue(shop):
    business, owner, _ = shop
    loss_maker(business)
    good_customer(business, "Small Co", amount="100.00")
    good_customer(business, "Big Co", amount="5000.00")
    boots = owner.get(URL, {"verdict": "boot"}).context["board"].rows
    assert [r.name for r in boots] == ["Needy Corp"]
    by_revenue = owner.get(URL, {"sort": "revenue"}).context["board"].rows
    assert [r.name for r in by_revenue] == ["Big Co", "Needy Corp", "Small Co"]


def test_headline_figures_compare_with_the_period_before(shop):
    business, owner, _ = shop
    loss_maker(business)
    response = owner.get(URL, {"period": "3m"})
    profit = headline(response, "Profit")
    assert profit.value == Decimal("-1000.00")  # 1,000 invoiced, 2,000 of staff time
    assert profit.previous == Decimal("0") and profit.change_is_good is False
    losing = headline(response, "Customers losing money")
    assert (losing.value, losing.previous) == (1, 0)
    hours = headline(response, "Staff hours on customers")
    assert hours.value == Decimal("40.00")


def test_overdue_balance_compares_today_with_the_end_of_the_period_before(shop):
    business, owner, _ = shop
    customer = CustomerFactory(business=business)
    invoice_days_past_due(customer, today=TODAY, days=10, amount="300.00")  # overdue now only
    invoice_days_past_due(customer, today=TODAY, days=200, amount="50.00")  # overdue then and now
    overdue = headline(owner.get(URL, {"period": "3m"}), "Overdue balance")
    assert (overdue.value, overdue.previous) == (Decimal("350.00"), Decimal("50.00"))


EDGES = [(0, "current"), (1, "days_1_30"), (30, "days_1_30"), (31, "days_31_60"), (60, "days_31_60")]
EDGES += [(61, "days_61_90"), (90, "days_61_90"), (91, "days_91_120"), (120, "days_91_120"), (121, "over_120")]


def test_aging_buckets_at_their_edges_on_the_dashboard(shop):
    business, owner, _ = shop
    customer = CustomerFactory(business=business, name="Edge Case Inc")
    for index, (days, _) in enumerate(EDGES):
        invoice_days_past_due(customer, today=TODAY, days=days, amount=f"{2**index}.00")
    response = owner.get(URL)
    totals = response.context["board"].aging.totals
    expected = {name: Decimal(0) for name, *_ in BUCKETS}
    for index, (_, bucket) in enumerate(EDGES):
        expected[bucket] += 2**index
    assert {name: getattr(totals, name) for name in expected} == expected
    page = response.content.decode()
    assert f'data-bucket="days_1_30">${expected["days_1_30"]:,.2f}</td>' in page  # 2 + 4
    assert f'data-bucket="over_120">${expected["over_120"]:,.2f}</td>' in page
    assert f'data-bucket="total">${sum(expected.values()):,.2f}</td>' in page


def test_the_customer_table_is_paginated_while_the_totals_cover_everyone(shop):
    business, owner, _ = shop
    for n in range(55):
        good_customer(business, f"Customer {n:02d}", amount="10.00")
    response = owner.get(URL, {"sort": "revenue"})
    assert len(response.context["page"].object_list) == 50
    assert headline(response, "Revenue").value == Decimal("550.00")
    second = owner.get(URL, {"sort": "revenue", "page": 2})
    assert len(second.context["page"].object_list) == 5
    # The unfiltered count comes from the period's kept sums; a verdict filter counts its rows.
    assert response.context["page"].paginator.count == second.context["page"].paginator.count == 55
    assert owner.get(URL, {"verdict": "boot"}).context["page"].paginator.count == 0
    assert "page=2" in response.content.decode() and "sort=revenue" in response.content.decode()


def test_every_chart_has_its_figures_and_a_text_alternative(shop):
    business, owner, _ = shop
    loss_maker(business)
    good_customer(business, "Good Co")
    response = owner.get(URL)
    charts = response.context["board"].charts
    assert set(charts) == {"whale", "scatter", "concentration", "profit_by_month"}
    scatter = charts["scatter"]
    assert [p["warn"] for p in scatter["data"]["points"] if p["label"] == "Needy Corp"] == [True]
    assert scatter["data"]["reference"]["diagonal"] is True
    assert charts["concentration"]["data"]["reference"]["value"] == Decimal("25")
    page = response.content.decode()
    for chart in charts.values():
        assert f'id="{chart["data_id"]}"' in page and chart["summary"] in page


def add_customers(business, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        customer = good_customer(business, f"Customer {n}")
        ContractFactory(customer=customer, end_date=TODAY + datetime.timedelta(days=30 + n))
        invoice_days_past_due(customer, today=TODAY, days=40 + n)


@pytest.mark.parametrize("period", ["3m", "12m", "ytd", "all"])
def test_dashboard_queries_do_not_grow_with_the_customers(shop, period, django_assert_max_num_queries):
    business, owner, _ = shop
    owner.get(URL, {"period": period})  # the first request also sets up the session
    add_customers(business, 2)
    with CaptureQueriesContext(connection) as two:  # reads, and first refreshes the 2 new standings
        owner.get(URL, {"period": period})
    add_customers(business, 18, start=2)
    with django_assert_max_num_queries(len(two.captured_queries)):  # refreshes 18, then reads 20
        response = owner.get(URL, {"period": period})
    assert response.context["board"].customer_count == 20
    with CaptureQueriesContext(connection) as steady:  # nothing to refresh: reads only
        owner.get(URL, {"period": period})
    assert len(steady.captured_queries) < len(two.captured_queries)
