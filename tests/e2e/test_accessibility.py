"""axe-core on every main page, for an owner and a staff member, on the demo business: no violations.

axe-core comes from npm (package.json, a development dependency) and is
injected by the test only. Injected code is inline script, which the app's
strict policy refuses, so these pages are opened in a browser context that
bypasses the Content Security Policy; the other browser tests keep it.
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from customers.demo import characters
from customers.demo.generator import demo_data_create
from customers.models import Contract, CostEntry, Customer, Interaction, Invoice, Payment

from ..factories import PASSWORD, BusinessFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA plus axe's best practices, as Lighthouse and the audit ran them.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + n.failureSummary.split('\\n')[1]),
  }));
}"""


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def demo():
    business = BusinessFactory(name="Brightside IT Services", time_zone="America/Chicago")
    MembershipFactory(business=business, role="owner", user__username="owner@example.com", user__first_name="Olivia")
    MembershipFactory(business=business, role="staff", user__username="staff@example.com", user__first_name="Sam")
    demo_data_create(business=business, today=timezone.localdate(timezone=zoneinfo.ZoneInfo(business.time_zone)))
    return business


def main_pages(business, role: str) -> list[str]:
    customer = Customer.objects.get(business=business, name=characters.COSTS_DOUBLE_WHAT_THEY_PAY)
    invoice = Invoice.objects.filter(business=business, customer=customer).first()
    contract = Contract.objects.filter(business=business, customer=customer).first()
    interaction = Interaction.objects.filter(business=business, customer=customer).first()
    payment = Payment.objects.filter(business=business).first()
    cost_entry = CostEntry.objects.filter(business=business).first()
    pages = [
        reverse("home"),
        reverse("customer_list"),
        reverse("customer_detail", kwargs={"pk": customer.pk}),
        reverse("contract_detail", kwargs={"pk": contract.pk}),
        reverse("invoice_detail", kwargs={"pk": invoice.pk}),
        reverse("interaction_log") + f"?customer={customer.pk}",
        reverse("security"),
        reverse("invitations"),
        reverse("reminders_to_call"),
        reverse("invoice_list"),
        reverse("invoice_list") + f"?customer={customer.pk}&status=late&dates=due",
        reverse("payment_list"),
        reverse("interaction_list"),
        reverse("interaction_list") + f"?customer={customer.pk}&signal=outside_contract&signal=angry_when_refused",
        reverse("interaction_detail", kwargs={"pk": interaction.pk}),
        reverse("payment_detail", kwargs={"pk": payment.pk}),
    ]
    if role == "owner":
        pages += [
            reverse("dashboard"),
            reverse("customer_report", kwargs={"pk": customer.pk}),
            reverse("evaluation_settings"),
            reverse("team"),
            reverse("business_settings"),
            reverse("recent_changes"),
            reverse("import_start"),
            reverse("import_start") + "?kind=time",
            renegotiation_report(business),
            reverse("reminder_settings"),
            reverse("reminder_step_create"),
            reverse("costentry_list"),
            reverse("costentry_detail", kwargs={"pk": cost_entry.pk}),
        ]
    return pages


def renegotiation_report(business) -> str:
    """A Renegotiate customer's report with a draft addendum: the proposal first, the sign form, the letter."""
    from evaluations import proposals, services

    today = services.business_today(business)
    thresholds = services.thresholds_for(business)
    customer_id = next(
        e.id
        for e in services.evaluate_business(business, today=today).customers
        if e.verdict.verdict == "renegotiate"
        and proposals.renegotiation_for(e, business=business, thresholds=thresholds, today=today).proposal.fee.needed
        and e.contract is not None
        and e.contract.monthly_fee is not None
    )
    customer = Customer.objects.select_related("business").get(pk=customer_id)
    proposals.proposal_draft_create(customer=customer, option="fee", today=today)
    return reverse("customer_report", kwargs={"pk": customer.pk})


def violations_on(page, url: str) -> list[dict]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("role", ["owner", "staff"])
def test_main_pages_have_no_accessibility_violations(page, live_server, sign_in, demo, role):
    assert AXE.exists(), "axe-core is missing: make install runs npm ci"
    sign_in(f"{role}@example.com", PASSWORD)
    found = {}
    for path in main_pages(demo, role):
        violations = violations_on(page, live_server.url + path)
        if violations:
            found[path] = violations
    assert found == {}, f"axe-core found violations: {found}"


def test_public_pages_have_no_accessibility_violations(page, live_server):
    """Sign-in and sign-up, as a stranger sees them."""
    found = {}
    for path in (reverse("login"), reverse("signup")):
        violations = violations_on(page, live_server.url + path)
        if violations:
            found[path] = violations
    assert found == {}, f"axe-core found violations: {found}"


def test_axe_reports_a_violation_when_there_is_one(page, live_server, sign_in, demo):
    """The check can fail: an image without a text alternative is reported."""
    sign_in("owner@example.com", PASSWORD)
    page.goto(live_server.url + reverse("home"))
    page.evaluate("document.querySelector('main').appendChild(Object.assign(new Image(), {src: '/favicon.ico'}))")
    page.add_script_tag(path=str(AXE))
    assert "image-alt" in {v["id"] for v in page.evaluate(RUN_AXE)}
