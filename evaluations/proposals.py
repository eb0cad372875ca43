"""Renegotiation proposals for one customer: the figures from the evaluation, and the draft addendum they become.

The arithmetic is in ``rules.proposal``; this module feeds it the last 12
months of the customer's evaluation and the owner's target margin, and turns
the chosen option into a draft addendum (``customers.addenda``) dated when the
contract allows the change. Nothing here changes an evaluation: the draft
counts only once the owner records it as signed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Business
from customers.addenda import addendum_draft_create, fee_on
from customers.models import Addendum, Contract, Customer

from . import formatting, services
from .rules import Thresholds
from .rules.proposal import Proposal, ProposalFigures, effective_date, months_of_last_12, proposal_for
from .services import CustomerEvaluation

FEE, CAP = "fee", "cap"
OPTIONS = {FEE: "Raise the fee", CAP: "Keep the fee, cap the support hours"}


@dataclass(frozen=True)
class Renegotiation:
    """The proposal shown on a customer's report, and when a change agreed now could start."""

    proposal: Proposal
    effective_date: datetime.date | None  # None without a recurring contract
    at_renewal: bool  # the date is the contract's renewal date (else: today plus the notice period)


def figures_for(
    evaluation: CustomerEvaluation, *, business: Business, thresholds: Thresholds, today: datetime.date
) -> ProposalFigures:
    """The proposal's starting point: the customer's last 12 months and contract as the evaluation sees them."""
    last_12 = evaluation.trailing_12
    contract = evaluation.contract
    return ProposalFigures(
        months=months_of_last_12(evaluation.customer_since, today),
        revenue=last_12.revenue,
        cost_to_serve=last_12.cost_to_serve,
        staff_hours=last_12.staff_hours,
        other_costs=last_12.direct_costs + last_12.concessions,
        monthly_fee=contract.monthly_fee if contract is not None else None,
        included_hours=contract.support_hours_per_month if contract is not None else None,
        hourly_cost=business.default_hourly_cost,
        target_margin=thresholds.target_margin,
    )


def renegotiation_for(
    evaluation: CustomerEvaluation, *, business: Business, thresholds: Thresholds, today: datetime.date
) -> Renegotiation:
    """The two ways to reach the target margin for an evaluated customer, in the business's currency."""
    figures = figures_for(evaluation, business=business, thresholds=thresholds, today=today)
    proposal = proposal_for(figures, business.currency_symbol)
    contract = evaluation.contract
    if contract is None or contract.monthly_fee is None:
        return Renegotiation(proposal, None, False)
    date, at_renewal = effective_date(
        renewal_date=contract.end_date, notice_period_days=contract.notice_period_days, today=today
    )
    return Renegotiation(proposal, date, at_renewal)


def _fee_text(contract: Contract, new_monthly_fee: Decimal, symbol: str) -> tuple[str, str]:
    """The new fee per billing period in words, and per month beside it when the period is longer."""
    months = Contract.MONTHS_PER_PERIOD[contract.billing_period]
    per_period = new_monthly_fee * months
    if months == 1:
        return f"{symbol}{formatting.number(per_period)} a month", ""
    period = {3: "quarter", 12: "year"}[months]
    return (
        f"{symbol}{formatting.number(per_period)} a {period}",
        f" ({symbol}{formatting.number(new_monthly_fee)} a month)",
    )


@transaction.atomic
def proposal_draft_create(*, customer: Customer, option: str, today: datetime.date, created_by=None) -> Addendum:
    """Turn the chosen option of a customer's proposal into a draft addendum to their active contract.

    The figures are worked out again here, from the records as they are now,
    never taken from the form.
    """
    if option not in OPTIONS:
        raise ValidationError("Choose to raise the fee or to cap the support hours.")
    business = customer.business
    evaluation = services.evaluate_customer(customer, today=today)
    renegotiation = renegotiation_for(
        evaluation, business=business, thresholds=services.thresholds_for(business), today=today
    )
    if renegotiation.effective_date is None or evaluation.contract is None:
        raise ValidationError("Only a customer with an active recurring contract can be offered an addendum.")
    chosen = renegotiation.proposal.fee if option == FEE else renegotiation.proposal.cap
    if not chosen.reachable or not chosen.needed:
        raise ValidationError(f"There is nothing to propose this way: {chosen.explanation}")
    contract = Contract.objects.select_for_update().get(business=business, pk=evaluation.contract.id)
    symbol = business.currency_symbol
    starts = renegotiation.effective_date
    if option == FEE:
        new_fee = renegotiation.proposal.fee.new_fee
        if new_fee is None:  # reachable options always carry their figure
            raise ValidationError("There is no fee to propose.")
        fee_change = new_fee * Contract.MONTHS_PER_PERIOD[contract.billing_period] - fee_on(contract, starts)
        fee, monthly = _fee_text(contract, new_fee, symbol)
        return addendum_draft_create(
            contract=contract,
            effective_date=starts,
            description=f"Renegotiated fee: from {starts:%b %-d, %Y} the fee becomes {fee}{monthly}, "
            "so that it covers the time and cost of the services as they are used today.",
            fee_change=fee_change,
            created_by=created_by,
        )
    hours = renegotiation.proposal.cap.hours
    if hours is None:
        raise ValidationError("There is no cap to propose.")
    before = renegotiation.proposal.figures.included_hours
    was = "not limited" if before is None else f"{formatting.number(before, 1)} hours a month"
    return addendum_draft_create(
        contract=contract,
        effective_date=starts,
        description=f"Support hours included: from {starts:%b %-d, %Y} the fee includes up to "
        f"{formatting.number(hours)} hours of support a month; support beyond them is charged separately.",
        scope_change=f"Support included: up to {formatting.number(hours)} hours a month (before: {was}).",
        support_hours_per_month=hours,
        created_by=created_by,
    )
