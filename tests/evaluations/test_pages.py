"""The evaluation on the customer report: what an owner sees and records; the thresholds page.

Access rules: see tests/test_access.py; the dashboard and the rest of the report: tests/reports/."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Decision, EvaluationSettings
from evaluations.services import thresholds_for

from ..conftest import client_for
from ..factories import ContractFactory, CustomerFactory, InteractionFactory, InvoiceFactory
from ..robustness.keys import keyed

pytestmark = pytest.mark.django_db


def page_url(customer) -> str:
    return reverse("customer_report", kwargs={"pk": customer.pk})


@pytest.fixture
def troublesome(world):
    """Pays 1,000 a month; 40 hours of angry, out-of-scope calls at 50 an hour: Boot."""
    customer = CustomerFactory(business=world.a.business, name="Grumbles Ltd")
    ContractFactory(
        customer=customer, fee=Decimal("1000.00"), end_date=datetime.date(2030, 6, 30), notice_period_days=60
    )
    today = timezone.localdate()
    InvoiceFactory(customer=customer, issue_date=today - datetime.timedelta(days=10), amount=Decimal("1000.00"))
    for hours_ago in range(1, 41):
        InteractionFactory(
            customer=customer,
            occurred_at=timezone.now() - datetime.timedelta(hours=hours_ago),
            duration_minutes=60,
            hourly_cost=Decimal("50.00"),
            in_scope=False,
            angry_when_refused=hours_ago <= 2,
            note="Wanted their printer fixed" if hours_ago == 1 else "",
        )
    return customer


def test_owner_sees_verdict_questions_evidence_and_contract_timing(owner_client, troublesome):
    page = owner_client.get(page_url(troublesome)).content.decode()
    assert "Verdict: Boot" in page
    assert "Loses money: costs $1,000.00 more than it brings in over 12 months." in page
    assert "Does the customer make demands beyond what is reasonable?" in page
    assert "Wanted their printer fixed" in page  # a record behind question 1
    assert "and 30 more." in page  # 40 out-of-scope calls, the first 10 shown
    assert "Jun 30, 2030" in page and "May 1, 2030" in page  # renewal date and last day to give notice
    assert "Without this customer" in page


def test_evidence_links_lead_to_the_records(owner_client, troublesome):
    """To the record's read-only page: checking evidence must not open a form that can change it."""
    page = owner_client.get(page_url(troublesome)).content.decode()
    interaction = troublesome.interactions.order_by("-occurred_at").first()
    assert reverse("interaction_detail", kwargs={"pk": interaction.pk}) in page
    assert reverse("interaction_edit", kwargs={"pk": interaction.pk}) not in page


def test_staff_cannot_see_an_evaluation(world, troublesome):
    assert client_for(world.a.staff).get(page_url(troublesome)).status_code == 403


def test_another_business_customer_gives_404(world):
    other = CustomerFactory(business=world.b.business)
    assert client_for(world.a.owner).get(page_url(other)).status_code == 404


def test_owner_records_a_decision_with_who_and_when(world, owner_client, troublesome):
    before = timezone.now()
    response = owner_client.post(
        reverse("decision_create", kwargs={"pk": troublesome.pk}),
        keyed({"decision": "boot", "note": "Not renewing in June."}),
    )
    assert response.status_code == 302
    decision = Decision.objects.get(customer=troublesome)
    assert (decision.decision, decision.note, decision.verdict_at_the_time) == ("boot", "Not renewing in June.", "boot")
    assert decision.decided_by == world.a.owner.user
    assert decision.decided_at >= before
    assert decision.business == world.a.business
    page = owner_client.get(page_url(troublesome)).content.decode()
    assert "Not renewing in June." in page


def test_decisions_are_kept_as_a_history(owner_client, troublesome):
    url = reverse("decision_create", kwargs={"pk": troublesome.pk})
    owner_client.post(url, keyed({"decision": "watch", "note": "First"}))
    owner_client.post(url, keyed({"decision": "renegotiate", "note": "Second"}))
    assert list(Decision.objects.filter(customer=troublesome).values_list("decision", flat=True)) == [
        "renegotiate",
        "watch",
    ]


def test_a_bad_decision_is_refused_with_a_message_and_nothing_changes(owner_client, troublesome):
    response = owner_client.post(reverse("decision_create", kwargs={"pk": troublesome.pk}), keyed({"decision": "fire"}))
    assert response.status_code == 200
    assert "not recorded" in response.content.decode()
    assert not Decision.objects.exists()


def test_decision_form_needs_post(owner_client, troublesome):
    assert owner_client.get(reverse("decision_create", kwargs={"pk": troublesome.pk})).status_code == 405


def test_settings_page_creates_defaults_and_saves_changes(world, owner_client):
    url = reverse("evaluation_settings")
    response = owner_client.get(url)
    assert response.status_code == 200
    settings = EvaluationSettings.objects.get(business=world.a.business)
    assert settings.out_of_scope_watch_percent == Decimal("20.0")
    data = {name: value for name, value in response.context["form"].initial.items() if name != "id"}
    data["complaints_watch"] = 1
    data["target_margin_percent"] = "35"
    assert owner_client.post(url, data).status_code == 302
    thresholds = thresholds_for(world.a.business)
    assert thresholds.complaints_watch == 1
    assert thresholds.target_margin == Decimal("0.35")


def test_settings_refuse_a_watch_level_above_the_red_level(world, owner_client):
    url = reverse("evaluation_settings")
    data = {name: value for name, value in owner_client.get(url).context["form"].initial.items() if name != "id"}
    data["out_of_scope_watch_percent"] = "50"
    response = owner_client.post(url, data)
    assert response.status_code == 200
    assert "Must be at least the watch level" in response.content.decode()
    assert EvaluationSettings.objects.get(business=world.a.business).out_of_scope_watch_percent == Decimal("20.0")


def test_evaluation_page_queries_do_not_grow_with_the_records(
    world, owner_client, troublesome, django_assert_num_queries
):
    owner_client.get(page_url(troublesome))  # the first request also sets up the session
    with CaptureQueriesContext(connection) as few:
        owner_client.get(page_url(troublesome))
    for hours_ago in range(41, 141):
        InteractionFactory(
            customer=troublesome,
            occurred_at=timezone.now() - datetime.timedelta(hours=hours_ago),
            in_scope=False,
            complained=True,
        )
    with django_assert_num_queries(len(few.captured_queries)):
        owner_client.get(page_url(troublesome))
