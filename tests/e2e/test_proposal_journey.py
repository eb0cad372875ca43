"""An owner renegotiates in a real browser: the proposal on a Renegotiate customer's report, the draft, the letter.

Served with the strict script policy: an inline script would be refused and
fail the test (see conftest's CSP capture). The letter is printed to PDF and
read back with ``pdftotext``, as the boot letter is (test_print_pdf.py).
"""

from __future__ import annotations

import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from customers.demo.generator import demo_data_create
from customers.models import Addendum, Customer
from evaluations import services
from evaluations.proposals import renegotiation_for

from ..factories import PASSWORD, BusinessFactory, MembershipFactory
from .test_print_pdf import check_prints_cleanly

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    business = BusinessFactory(name="Brightside IT Services", time_zone="America/Chicago")
    MembershipFactory(business=business, role="owner", user__username="owner@example.com", user__first_name="Olivia")
    demo_data_create(business=business, today=timezone.localdate(timezone=zoneinfo.ZoneInfo(business.time_zone)))
    return business


def renegotiate_customer(business):
    """The demo's first Renegotiate customer whose contract fee falls short of the target, with its proposal."""
    today = services.business_today(business)
    thresholds = services.thresholds_for(business)
    for evaluation in services.evaluate_business(business, today=today).customers:
        if evaluation.verdict.verdict != "renegotiate" or evaluation.contract is None:
            continue
        renegotiation = renegotiation_for(evaluation, business=business, thresholds=thresholds, today=today)
        if renegotiation.proposal.fee.needed and renegotiation.effective_date is not None:
            return evaluation, renegotiation
    raise AssertionError("the demo has no Renegotiate customer to propose a new fee to")


def test_owner_proposes_a_new_fee_drafts_the_addendum_and_prints_the_letter(
    page, live_server, sign_in, shot, tmp_path, demo
):
    customer, renegotiation = renegotiate_customer(demo)
    new_fee = f"${renegotiation.proposal.fee.new_fee:,}"
    sign_in("owner@example.com", PASSWORD)
    page.goto(f"{live_server.url}/customers/{customer.id}/report/")

    proposal = page.get_by_test_id("proposal")
    expect(proposal.get_by_role("heading", name="Renegotiation proposal")).to_be_visible()
    expect(proposal.get_by_test_id("proposed-fee")).to_have_text(new_fee)
    shot("proposal")
    proposal.get_by_role("button", name="Draft an addendum with this fee").click()

    expect(page.get_by_role("status").first).to_contain_text("The draft addendum was added")
    draft = page.get_by_test_id("draft-addendum")
    expect(draft).to_contain_text("Draft")
    expect(draft).to_contain_text("waiting for")
    expect(draft.get_by_role("button", name="Record as signed")).to_be_visible()
    expect(page.get_by_role("button", name="Draft an addendum with this fee")).to_have_count(0)
    addendum = Addendum.objects.get(business=demo, contract_id=customer.contract.id, status="draft")
    assert addendum.effective_date == renegotiation.effective_date
    shot("draft")

    draft.get_by_role("button", name="Print the proposal letter").click()
    page.get_by_role("button", name="Print").wait_for()
    text = check_prints_cleanly(page, tmp_path, "A4")
    assert "Dear " in text
    assert "We therefore propose an addendum" in text
    assert new_fee in text

    # The draft changes nothing in the evaluation until it is signed.
    today = services.business_today(demo)
    again = services.evaluate_customer(Customer.objects.get(business=demo, pk=customer.id), today=today)
    assert again.contract.fee == customer.contract.fee
