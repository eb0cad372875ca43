"""Renegotiation proposals: the fee that reaches the target margin, or the support hours the fee pays for.

Pure arithmetic on the last 12 months (no database), so every figure can be
checked by hand. Two ways to bring a customer back to the owner's target margin:

- **raise the fee**: the monthly fee whose margin over the monthly cost to
  serve is the target, ``fee = monthly cost / (1 - target margin)``;
- **keep the fee, cap the included support hours**: what the fee leaves for
  cost at the target margin, less the other costs (direct costs and
  concessions), buys this many staff hours at the business's cost of an hour.

Rounding, to whole currency units and whole hours, always in the direction
that keeps the target: the fee is rounded **up** (a fee rounded down would fall
short of the margin), the hours **down** (one more hour would cost more than
the margin allows). The effects on profit follow from the rounded figures and
are rounded **down** to whole units, so the page never promises more than the
arithmetic gives; a year is 12 times the month as shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .. import formatting

ZERO = Decimal(0)
ONE = Decimal(1)
MONTHS_IN_A_YEAR = 12


def whole_up(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_CEILING)


def whole_down(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_FLOOR)


@dataclass(frozen=True, slots=True)
class ProposalFigures:
    """What a proposal starts from: one customer's last months, their contract and the owner's target."""

    months: int  # months of the last 12 they were a customer (1 to 12)
    revenue: Decimal  # invoiced over those months
    cost_to_serve: Decimal  # staff time + direct costs + concessions over those months
    staff_hours: Decimal
    other_costs: Decimal  # direct costs + concessions over those months
    monthly_fee: Decimal | None  # the recurring contract's fee per month today (None: no recurring contract)
    included_hours: Decimal | None  # support hours included per month today (None: not limited)
    hourly_cost: Decimal  # the business's cost of one staff hour
    target_margin: Decimal  # a fraction, 0 to 1

    @property
    def has_contract(self) -> bool:
        return self.monthly_fee is not None

    @property
    def monthly_cost(self) -> Decimal:
        return self.cost_to_serve / self.months

    @property
    def monthly_hours(self) -> Decimal:
        return self.staff_hours / self.months

    @property
    def current_fee(self) -> Decimal:
        """What they pay a month now: the contract's fee, or without one their average invoiced revenue."""
        return self.monthly_fee if self.monthly_fee is not None else self.revenue / self.months


@dataclass(frozen=True, slots=True)
class FeeOption:
    """Raise the fee to the one that reaches the target margin."""

    reachable: bool
    needed: bool  # False: the current fee already reaches the target
    new_fee: Decimal | None  # per month, whole units (None when unreachable)
    profit_per_month: Decimal  # the change in profit, whole units
    profit_per_year: Decimal
    explanation: str


@dataclass(frozen=True, slots=True)
class CapOption:
    """Keep the fee and cap the support hours it includes."""

    reachable: bool
    needed: bool  # False: nothing to change (no contract, target already met, or the contract's cap is lower)
    hours: Decimal | None  # the cap per month, whole hours (None when unreachable)
    profit_per_month: Decimal
    profit_per_year: Decimal
    explanation: str


@dataclass(frozen=True, slots=True)
class Proposal:
    figures: ProposalFigures
    fee: FeeOption
    cap: CapOption

    @property
    def needed(self) -> bool:
        """Whether the customer falls short of the target margin at the fee they pay today."""
        return self.fee.needed or self.cap.needed


def _money(value: Decimal, symbol: str) -> str:
    return formatting.money(value, symbol)


def _whole(value: Decimal, symbol: str) -> str:
    return f"{symbol}{formatting.number(value)}"


def _months(count: int) -> str:
    return "month" if count == 1 else f"{count} months"


def _starting_point(f: ProposalFigures, symbol: str) -> str:
    months = _months(f.months)
    spread = "" if f.months == 1 else f" ÷ {f.months} = {_money(f.monthly_cost, symbol)} a month"
    return f"Over the last {months} serving them cost {_money(f.cost_to_serve, symbol)}{spread}."


def _paying_now(f: ProposalFigures, symbol: str) -> str:
    if f.has_contract:
        return f"Their contract's fee is {_money(f.current_fee, symbol)} a month."
    return (
        f"They have no recurring contract; they were invoiced {_money(f.revenue, symbol)}, "
        f"{_money(f.current_fee, symbol)} a month on average."
    )


def _invoiced_less(f: ProposalFigures, symbol: str) -> str:
    """Why a customer can be short of the target over 12 months while today's fee reaches it."""
    average = f.revenue / f.months
    if not f.has_contract or average >= f.current_fee:
        return ""
    return (
        f" Over the last {_months(f.months)} they were invoiced {_money(average, symbol)} a month on average, less "
        "than today's fee: the fee was lower for part of that time, or not every month was invoiced."
    )


def fee_option(f: ProposalFigures, symbol: str = "") -> FeeOption:
    """The monthly fee whose margin over the monthly cost to serve is the target, rounded up to whole units."""
    target = formatting.percent(f.target_margin)
    start = f"{_starting_point(f, symbol)} {_paying_now(f, symbol)}"
    if f.cost_to_serve <= 0:
        return FeeOption(
            True,
            False,
            whole_up(f.current_fee),
            ZERO,
            ZERO,
            f"{start} Serving them cost nothing, so any fee reaches your target margin of {target}: no change needed.",
        )
    if f.target_margin >= ONE:
        return FeeOption(
            False,
            False,
            None,
            ZERO,
            ZERO,
            f"{start} A margin of {target} would mean serving them costs nothing, which no fee can achieve "
            "while they cost something to serve. Lower the target margin in your thresholds to see a fee.",
        )
    exact = f.monthly_cost / (ONE - f.target_margin)
    new_fee = whole_up(exact)
    keeps = (
        f"To keep {target} of the fee as profit, the fee must be {_money(f.monthly_cost, symbol)} ÷ "
        f"(1 − {formatting.number(f.target_margin, 2)}) = {_money(exact, symbol)}, rounded up to "
        f"{_whole(new_fee, symbol)} a month (rounding down would fall short of the target)."
    )
    if new_fee <= f.current_fee:
        return FeeOption(
            True,
            False,
            new_fee,
            ZERO,
            ZERO,
            f"{start} {keeps} They already pay at least that: no change needed.{_invoiced_less(f, symbol)}",
        )
    per_month = whole_down(new_fee - f.current_fee)
    per_year = per_month * MONTHS_IN_A_YEAR
    effect = (
        f"With the same cost to serve, profit rises by {_whole(new_fee, symbol)} − "
        f"{_money(f.current_fee, symbol)} = {_whole(per_month, symbol)} a month (rounded down), "
        f"{_whole(per_year, symbol)} a year (12 × {_whole(per_month, symbol)})."
    )
    return FeeOption(True, True, new_fee, per_month, per_year, f"{start} {keeps} {effect}")


def cap_option(f: ProposalFigures, symbol: str = "") -> CapOption:
    """Keep the fee; the support hours a month whose cost, at the business's cost of an hour, keeps the target."""
    target = formatting.percent(f.target_margin)
    if not f.has_contract:
        return CapOption(
            False,
            False,
            None,
            ZERO,
            ZERO,
            "Without a recurring contract there is no fee to keep and no included hours to cap: "
            "a contract that states the services, the fee and the hours included is the first step.",
        )
    fee = f.current_fee
    monthly_other = f.other_costs / f.months
    budget = fee * (ONE - f.target_margin) - monthly_other
    arithmetic = (
        f"Keeping the fee of {_money(fee, symbol)} a month at a {target} margin leaves "
        f"{_money(fee * (ONE - f.target_margin), symbol)} a month for the cost of serving them"
    )
    if monthly_other:
        arithmetic += (
            f"; direct costs and concessions took {_money(monthly_other, symbol)} a month, "
            f"leaving {_money(budget, symbol)} for staff time"
        )
    if f.hourly_cost <= 0:
        return CapOption(
            False,
            False,
            None,
            ZERO,
            ZERO,
            f"{arithmetic}. Your cost of a staff hour is set to {_money(f.hourly_cost, symbol)}, "
            "so no number of hours can be worked out: set it in your business settings.",
        )
    hours = whole_down(budget / f.hourly_cost) if budget > 0 else ZERO
    if hours < 1:
        return CapOption(
            False,
            False,
            None,
            ZERO,
            ZERO,
            f"{arithmetic}. That does not pay for a single staff hour at {_money(f.hourly_cost, symbol)}, "
            "so capping hours cannot reach your target margin at this fee: raise the fee instead.",
        )
    arithmetic += (
        f". At your cost of {_money(f.hourly_cost, symbol)} a staff hour that pays for "
        f"{_money(budget, symbol)} ÷ {_money(f.hourly_cost, symbol)} = {formatting.number(budget / f.hourly_cost, 1)} "
        f"hours, rounded down to {formatting.number(hours)} hours a month (one more would cost more than the margin "
        "allows)."
    )
    used = f.monthly_hours
    usage = f" They used {formatting.number(used, 2)} hours a month over the last {_months(f.months)}."
    below_target = fee_option(f, symbol).needed
    if not below_target:
        return CapOption(True, False, hours, ZERO, ZERO, arithmetic + usage + " Their fee already reaches the target.")
    if f.included_hours is not None and f.included_hours <= hours:
        return CapOption(
            True,
            False,
            hours,
            ZERO,
            ZERO,
            arithmetic + usage + f" Their contract already includes only {formatting.number(f.included_hours, 1)} "
            "hours a month: rather than a new cap, charge for the hours beyond it, as the contract allows.",
        )
    beyond = max(used - hours, ZERO)
    per_month = whole_down(beyond * f.hourly_cost)
    per_year = per_month * MONTHS_IN_A_YEAR
    if beyond:
        effect = (
            f" The {formatting.number(beyond, 2)} hours a month beyond the cap cost "
            f"{formatting.number(beyond, 2)} × {_money(f.hourly_cost, symbol)} = "
            f"{_money(beyond * f.hourly_cost, symbol)}: "
            f"once they are billed separately or no longer given, profit rises by {_whole(per_month, symbol)} a month "
            "(rounded down), "
            f"{_whole(per_year, symbol)} a year (12 × {_whole(per_month, symbol)})."
        )
    else:
        effect = " Their hours already fit under the cap, so profit does not change today; the cap protects it."
    return CapOption(True, True, hours, per_month, per_year, arithmetic + usage + effect)


def proposal_for(figures: ProposalFigures, symbol: str = "") -> Proposal:
    return Proposal(figures, fee_option(figures, symbol), cap_option(figures, symbol))


def months_of_last_12(customer_since: datetime.date, today: datetime.date) -> int:
    """The months of the last 12 the customer was with the business, counting the month they started (1 to 12)."""
    started = (today.year - customer_since.year) * 12 + today.month - customer_since.month + 1
    return max(1, min(MONTHS_IN_A_YEAR, started))


def effective_date(
    *, renewal_date: datetime.date | None, notice_period_days: int, today: datetime.date
) -> tuple[datetime.date, bool]:
    """When a change proposed today can take effect, and whether that is the renewal date.

    At the next renewal when notice can still be given for it (on or before the
    last day to give notice); otherwise, or for a contract without an end date,
    once the contract's notice period has run from today.
    """
    notice = datetime.timedelta(days=notice_period_days)
    if renewal_date is not None and today <= renewal_date - notice:
        return renewal_date, True
    return today + notice, False
