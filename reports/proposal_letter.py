"""The polite letter proposing a renegotiated fee or a cap on support hours, from a draft addendum.

The column's way: a relationship should be win/win; when the work has grown
beyond what the fee pays for, say so openly, state the change and its date in
an addendum, and ask for agreement. Pure functions (no database): the owner
edits the text before printing it, as with the letter declining renewal.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.dateformat import format as format_date

from accounts.models import Business
from customers.models import Addendum, Contract, Customer
from evaluations import formatting

from .letters import plain_date

PERIOD_WORDS = {"monthly": "a month", "quarterly": "a quarter", "yearly": "a year"}


def fee_before(contract: Contract, addendum: Addendum) -> Decimal:
    """The fee per billing period on the draft's date without it: as signed plus the signed addenda by then.

    Reads ``contract.addenda.all()`` so a prefetched contract costs no query.
    """
    changes = (
        a.fee_change
        for a in contract.addenda.all()
        if a.status == Addendum.Status.SIGNED and a.effective_date <= addendum.effective_date
    )
    return contract.fee + sum(changes, Decimal("0.00"))


def _amount(value: Decimal, symbol: str) -> str:
    return formatting.money(value, symbol).removesuffix(".00")


def _change_paragraph(contract: Contract, addendum: Addendum, symbol: str, month_first: bool) -> str:
    title = f"“{contract.title}”"
    starts = plain_date(addendum.effective_date, month_first)
    period = PERIOD_WORDS.get(contract.billing_period, "")
    if addendum.fee_change:
        before = fee_before(contract, addendum)
        after = before + addendum.fee_change
        return (
            f"We therefore propose an addendum to our agreement {title}: from {starts} the fee becomes "
            f"{_amount(after, symbol)} {period}, instead of {_amount(before, symbol)}. The services stay as they are."
        )
    hours = formatting.number(addendum.support_hours_per_month or 0)
    return (
        f"We therefore propose an addendum to our agreement {title}: from {starts} the fee stays as it is and "
        f"includes up to {hours} hours of support a month. Support beyond those hours would be charged separately, "
        "so you only pay for extra time when you need it."
    )


def _timing_sentence(contract: Contract, addendum: Addendum, today: datetime.date) -> str:
    days = contract.notice_period_days
    notice = f"{days} day{'' if days == 1 else 's'}"
    if contract.end_date is not None and addendum.effective_date == contract.end_date:
        return f"That is the renewal date of our agreement, and this letter gives the {notice} of notice it asks for."
    if addendum.effective_date == today + datetime.timedelta(days=days):
        return f"That leaves the {notice} of notice our agreement asks for, counted from the date of this letter."
    return ""


def proposal_letter(
    *,
    business: Business,
    customer: Customer,
    contract: Contract,
    addendum: Addendum,
    staff_hours: Decimal,
    months: int,
    today: datetime.date,
    signed_by: str = "",
) -> str:
    """The text of a polite proposal letter for a draft addendum, ready for the owner to edit and print."""
    addressee = customer.contact_person or customer.name
    address = [line.strip() for line in customer.address.splitlines() if line.strip()]
    recipient = [line for line in [customer.contact_person, customer.name, *address] if line]
    since = format_date(customer.customer_since, "F Y")
    span = "month" if months == 1 else f"{months} months"
    per_month = formatting.number(staff_hours / months, 1) if months else "0"
    reason = (
        f"Over the last {span} our team spent {formatting.number(staff_hours, 1)} hours on your account, "
        f"about {per_month} a month. The fee in our agreement no longer covers the time and cost of that work, "
        "and we would rather tell you openly than let the service you rely on suffer."
    )
    timing = _timing_sentence(contract, addendum, today)
    change = _change_paragraph(contract, addendum, business.currency_symbol, business.dates_month_first)
    paragraphs = [
        "\n".join([*business.letterhead, "", plain_date(today, business.dates_month_first)]),
        "\n".join(recipient),
        f"Dear {addressee},",
        f"Thank you for working with {business.name} since {since}. We value our work together, and we want it "
        "to stay fair to both of us.",
        reason,
        " ".join(part for part in (change, timing) if part),
        "The enclosed addendum states the change. If you agree, please sign it and send it back to us; if you "
        "would like to talk it over first, we are glad to. We look forward to keeping on working with you, "
        "on terms that work for both of us.",
        "\n".join(["Kind regards,", "", *([signed_by] if signed_by else []), business.name]),
    ]
    return "\n\n".join(paragraphs) + "\n"
