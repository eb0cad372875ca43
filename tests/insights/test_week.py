"""What changed since last week: the one builder behind the dashboard panel and the Monday e-mail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import standings
from evaluations.rules import Verdict
from insights.models import WeeklyVerdict
from insights.week import week_digest, week_start

from ..conftest import client_for
from ..factories import CustomerFactory, InvoiceFactory
from .conftest import LAST_MONDAY, TODAY

pytestmark = pytest.mark.django_db


def test_week_starts_on_monday():
    assert week_start(TODAY) == TODAY
    assert week_start(TODAY.replace(day=21)) == TODAY  # the Sunday after


def test_digest_of_a_built_week(week):
    digest = week_digest(business=week.business, today=TODAY)
    assert digest.compared_with == LAST_MONDAY
    assert [(c.customer_name, c.before != c.now) for c in digest.verdict_changes] == [("Changed Cafe", True)]
    # Notice: Notice Soon Ltd's contract ends in 40 days with 30 days' notice: last day in 10 days.
    assert [(d.contract.customer.name, d.days_left) for d in digest.notice_deadlines] == [("Notice Soon Ltd", 10)]
    assert digest.notice_count == 1
    # Late: D-93 crossed 90 three days ago; B-66 crossed 60 last Tuesday; A-60 crossed 60 today.
    assert [(late.invoice.number, late.mark, late.days_late) for late in digest.late_crossings] == [
        ("D-93", 90, 93),
        ("B-66", 60, 66),
        ("A-60", 60, 60),
    ]
    assert digest.late_count == 3
    # Concentration: Big Hotel brought 9,000 of the 9,000 + 300 + 200 + 200 + 300 + 200 invoiced in 12 months.
    assert [(c.customer_name, c.share) for c in digest.concentration] == [
        ("Big Hotel", Decimal("9000.00") / Decimal("10200.00"))
    ]
    assert not digest.is_quiet


def test_a_week_with_nothing_to_tell_is_quiet(week):
    WeeklyVerdict.objects.filter(business=week.business).delete()
    for invoice in week.invoices.values():
        invoice.delete()
    week.big.invoices.all().delete()
    week.notice_soon.contracts.all().delete()
    standings.standings_current(week.business, today=TODAY)  # as the dashboard does before reading
    digest = week_digest(business=week.business, today=TODAY)
    assert digest.compared_with is None
    assert digest.is_quiet


def test_digest_queries_do_not_grow_with_the_customers(week, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        week_digest(business=week.business, today=TODAY, with_trends=True)
    for n in range(15):
        customer = CustomerFactory(business=week.business, name=f"More {n}")
        InvoiceFactory(customer=customer, number=f"M-{n}", issue_date=TODAY.replace(month=3, day=1 + n), amount=1)
    standings.standings_refresh(business=week.business, today=TODAY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        digest = week_digest(business=week.business, today=TODAY, with_trends=True)
    assert digest.late_count >= 3


def test_dashboard_shows_the_panel_with_links(week):
    response = client_for(week.owner).get(reverse("dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "What changed since last week" in page
    assert reverse("customer_report", kwargs={"pk": week.changed.pk}) in page
    assert reverse("invoice_detail", kwargs={"pk": week.invoices["ninety"].pk}) in page
    assert "Big Hotel</a> brought 88% of your revenue" in page  # 9,000 / 10,200 = 88.2%
    changes = response.context["week"].verdict_changes
    assert changes[0].now == Verdict(week.changed.standing.verdict)


def test_staff_never_see_the_panel(week):
    response = client_for(week.staff).get(reverse("dashboard"))
    assert response.status_code == 403
