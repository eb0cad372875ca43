"""Every red or watch rating links to a filtered list of exactly the records the rule counted.

The links are built from the rule's own window and conditions (evaluations/evidence.py);
here each list is opened and its rows compared with the evaluation's evidence, question by question.
"""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Membership
from customers.demo import characters
from customers.models import Customer, Interaction
from evaluations import services
from evaluations.periods import TRAILING_3, standard_periods
from evaluations.rules import Rating

from ..conftest import client_for
from ..demo_data import TODAY as DEMO_TODAY
from ..factories import BusinessFactory, CostEntryFactory, CustomerFactory, InteractionFactory, MembershipFactory
from .factories import invoice_days_past_due, pay

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 15, 12, tzinfo=datetime.UTC)
TODAY = NOW.date()
DAY = datetime.timedelta(days=1)


def evidence_links(content: str) -> dict[str, list[tuple[str, str]]]:
    """Each question's list links on the report: {question key: [(kind, url)]}."""
    links: dict[str, list[tuple[str, str]]] = {}
    for card in content.split('data-question="')[1:]:
        key = card[: card.index('"')]
        found = re.findall(r'<a href="([^"]+)" data-evidence-list="([a-z_]+)"', card.split("</section>")[0])
        links[key] = [(kind, html.unescape(url)) for url, kind in found]
    return links


def all_shown_ids(client, url: str) -> list[int]:
    """The record ids a list shows, over all its pages."""
    ids: list[int] = []
    page = 1
    while True:
        response = client.get(f"{url}&page={page}")
        assert response.status_code == 200, url
        content = response.content.decode()
        ids += [int(pk) for pk in re.findall(r'data-record="(\d+)"', content)]
        pages = re.search(r"Page (\d+) of (\d+)", content)
        if not pages or pages.group(1) == pages.group(2):
            return ids
        page += 1


def assert_lists_hold_the_evidence(client, customer, today) -> dict[str, Rating]:
    evaluation = services.evaluate_customer(customer, today=today)
    content = client.get(reverse("customer_report", kwargs={"pk": customer.pk})).content.decode()
    links = evidence_links(content)
    ratings = {}
    for question in evaluation.questions:
        ratings[question.key] = question.rating
        if question.rating is Rating.OK:
            assert links.get(question.key, []) == [], question.key
            continue
        kinds = {item.kind for item in question.evidence}
        listed_kinds = {kind for kind, _ in links[question.key] if kind != "context"}
        assert kinds <= listed_kinds, (question.key, kinds, listed_kinds)
        for kind, url in links[question.key]:
            if kind == "context":
                continue
            expected = sorted(item.id for item in question.evidence if item.kind == kind)
            assert sorted(all_shown_ids(client, url)) == expected, (question.key, kind, url)
    return ratings


@pytest.fixture
def shop(time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(name="Gamma Garden Care", time_zone="UTC")
    owner = MembershipFactory(business=business, role="owner")
    return business, client_for(owner)


def test_every_question_links_to_exactly_the_records_it_counted(shop):
    business, client = shop
    customer = CustomerFactory(business=business, name="Needy Corp")
    other = CustomerFactory(business=business, name="Calm Co")
    periods = standard_periods(TODAY)
    before_3 = datetime.datetime.combine(periods[TRAILING_3].start, datetime.time.min, tzinfo=datetime.UTC)

    def talk(who=customer, at=NOW - DAY, **flags):
        return InteractionFactory(customer=who, occurred_at=at, duration_minutes=60, **flags)

    # Question 1: time outside the contract, asking for more, anger; the edges of the 3 months.
    for n in range(3):
        talk(at=NOW - n * DAY, in_scope=False)
    talk(at=before_3, in_scope=False)  # the first instant of the window counts
    talk(at=before_3 - datetime.timedelta(seconds=1), in_scope=False)  # a second before does not
    talk(out_of_scope_request=True)
    talk(angry_when_refused=True)
    talk(angry_when_refused=True, at=NOW - 2 * DAY)
    talk()  # in scope, nothing noted
    talk(who=other, in_scope=False)
    # Question 2: concessions and requests over 12 months.
    CostEntryFactory(customer=customer, kind="discount", amount=Decimal("300.00"), date=TODAY - 30 * DAY)
    CostEntryFactory(customer=customer, kind="free_work", amount=Decimal("200.00"), date=TODAY - 200 * DAY)
    CostEntryFactory(customer=customer, kind="refund", amount=Decimal("50.00"), date=TODAY - 400 * DAY)  # too old
    CostEntryFactory(customer=customer, kind="travel", amount=Decimal("80.00"), date=TODAY - 30 * DAY)  # a cost
    for n in range(4):
        talk(at=NOW - (100 + n) * DAY, asked_discount=True)
    talk(at=NOW - 50 * DAY, disputed_invoice=True)
    # Not counted by question 2 on this branch: once a rule counts it, evaluations/evidence.py must list it too.
    talk(at=NOW - 70 * DAY, dishonest=True)
    talk(at=NOW - 380 * DAY, asked_discount=True)  # too old
    # Question 3: a threat, complaints, abuse.
    talk(at=NOW - 60 * DAY, threatened_review=True)
    talk(at=NOW - 61 * DAY, complained=True)
    talk(at=NOW - 62 * DAY, abusive=True)
    talk(at=NOW - 400 * DAY, public_complaint=True)  # too old
    # Question 4: invoices that fell due in the last 12 months, paid late or overdue.
    invoice_days_past_due(customer, today=TODAY, days=40, amount="1000.00")  # overdue
    pay(invoice_days_past_due(customer, today=TODAY, days=120), "100.00", TODAY - 20 * DAY)  # paid 100 days late
    pay(invoice_days_past_due(customer, today=TODAY, days=90), "100.00", TODAY - 95 * DAY)  # paid early
    pay(invoice_days_past_due(customer, today=TODAY, days=500), "100.00", TODAY - 300 * DAY)  # due too long ago
    invoice_days_past_due(customer, today=TODAY, days=-10)  # not due yet
    invoice_days_past_due(other, today=TODAY, days=40)

    ratings = assert_lists_hold_the_evidence(client, customer, TODAY)
    assert set(ratings.values()) <= {Rating.RED, Rating.WATCH}, ratings


def test_evidence_opens_the_read_only_pages_never_an_edit_form(shop):
    business, client = shop
    customer = CustomerFactory(business=business)
    outside = InteractionFactory(customer=customer, occurred_at=NOW - DAY, in_scope=False, duration_minutes=120)
    concession = CostEntryFactory(customer=customer, kind="discount", amount=Decimal("500.00"), date=TODAY)
    content = client.get(reverse("customer_report", kwargs={"pk": customer.pk})).content.decode()
    assert reverse("interaction_detail", kwargs={"pk": outside.pk}) in content
    assert reverse("costentry_detail", kwargs={"pk": concession.pk}) in content
    assert "/edit/" not in content.split('id="q1"')[1].split("Money")[0]


def test_harborview_red_question_1_links_to_its_time_outside_the_contract(shared_demo, time_machine):
    business = shared_demo(DEMO_TODAY)
    time_machine.move_to(datetime.datetime.combine(DEMO_TODAY, datetime.time(18), tzinfo=datetime.UTC), tick=False)
    owner = Membership.objects.filter(business=business, role="owner").select_related("user").first()
    client = client_for(owner)
    harborview = Customer.objects.get(business=business, name=characters.COSTS_DOUBLE_WHAT_THEY_PAY)
    evaluation = services.evaluate_customer(harborview, today=DEMO_TODAY)
    assert evaluation.question("demands").rating is Rating.RED

    content = client.get(reverse("customer_report", kwargs={"pk": harborview.pk})).content.decode()
    links = dict(evidence_links(content)["demands"])
    window = standard_periods(DEMO_TODAY)[TRAILING_3]
    zone = ZoneInfo(business.time_zone)
    in_window = Interaction.objects.filter(
        business=business,
        customer=harborview,
        occurred_at__gte=window.starts_at(zone),
        occurred_at__lt=window.ends_before(zone),
    )
    # The hours used against the hours included: every call and piece of work of the 3 months.
    assert set(all_shown_ids(client, links["context"])) == set(in_window.values_list("pk", flat=True))
    # The time outside the contract, when the demo gave them any: the rule's evidence, every one of them.
    outside = set(in_window.filter(in_scope=False).values_list("pk", flat=True))
    flagged = {item.id for item in evaluation.question("demands").evidence}
    assert outside <= flagged
    if flagged:
        assert set(all_shown_ids(client, links["interaction"])) == flagged
    else:
        assert "interaction" not in links
    assert_lists_hold_the_evidence(client, harborview, DEMO_TODAY)
