"""The polite letter declining renewal, for a customer with a Boot verdict.

The column's way: thank them, say plainly the agreement will not be renewed,
give the notice the contract asks for, offer a smooth handover, and invite
them to take their business elsewhere. Pure functions (no database): the
owner edits the text before printing it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.dateformat import format as format_date

from accounts.models import Business
from customers.models import Contract, Customer
from evaluations import formatting


@dataclass(frozen=True)
class NoticeDates:
    """When the agreement ends if notice is given today."""

    renewal_date: datetime.date | None  # the contract's end or renewal date (None: open-ended)
    last_notice_date: datetime.date | None  # the last day to give notice for the renewal date
    notice_period_days: int
    on_time: bool  # notice given today respects the notice period for the renewal date
    ends_on: datetime.date  # the renewal date when on time, else the earliest date that respects the notice


def notice_dates(*, contract: Contract, today: datetime.date) -> NoticeDates:
    """The end date a letter sent today can honestly promise.

    Notice on or before the last notice date ends the agreement on its renewal
    date. Later than that, or with no end date at all, the earliest end that
    still gives the full notice period is today plus that period.
    """
    last_notice = contract.last_notice_date()
    period = datetime.timedelta(days=contract.notice_period_days)
    on_time = last_notice is not None and today <= last_notice
    return NoticeDates(
        renewal_date=contract.end_date,
        last_notice_date=last_notice,
        notice_period_days=contract.notice_period_days,
        on_time=on_time,
        ends_on=contract.end_date if on_time and contract.end_date else today + period,
    )


def plain_date(date: datetime.date | None, month_first: bool = True) -> str:
    """The business's one date format (``evaluations.formatting.date``): "Dec 31, 2026" or "31 Dec 2026"."""
    return formatting.date(date, month_first)


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _ending_paragraph(contract: Contract, dates: NoticeDates, today: datetime.date, month_first: bool) -> str:
    def plain(day: datetime.date | None) -> str:
        return plain_date(day, month_first)

    title = f"“{contract.title}”"
    period = _days(dates.notice_period_days)
    if dates.renewal_date is None:
        return (
            f"After careful thought, we have decided to end our agreement {title}. It has no fixed end date and "
            f"asks for {period} of notice, so please take this letter as that notice: the agreement will end on "
            f"{plain(dates.ends_on)}."
        )
    renews = " and will not renew automatically" if contract.auto_renew else ""
    if dates.on_time:
        if dates.notice_period_days == 0:
            notice = "Your contract asks for no notice period; we are letting you know now all the same."
        else:
            notice = (
                f"Your contract asks for {period} of notice, so the last day to give it is "
                f"{plain(dates.last_notice_date)}; this letter, sent on {plain(today)}, gives that "
                "notice in good time."
            )
        return (
            f"After careful thought, we have decided not to renew our agreement {title}. It ends on "
            f"{plain(dates.ends_on)}{renews}. {notice}"
        )
    due = "renew" if contract.auto_renew else "end"
    return (
        f"After careful thought, we have decided not to renew our agreement {title}, which was due to {due} on "
        f"{plain(dates.renewal_date)}. Your contract asks for {period} of notice, and the last day "
        f"to give it for that date was {plain(dates.last_notice_date)}, which has passed. So that you have "
        f"the full notice the contract promises, the agreement will end on {plain(dates.ends_on)}, "
        f"{period} from the date of this letter, and will not be renewed."
    )


def boot_letter(
    *, business: Business, customer: Customer, contract: Contract, today: datetime.date, signed_by: str = ""
) -> str:
    """The text of a polite letter declining renewal, ready for the owner to edit and print."""
    dates = notice_dates(contract=contract, today=today)
    month_first = business.dates_month_first
    addressee = customer.contact_person or customer.name
    address = [line.strip() for line in customer.address.splitlines() if line.strip()]
    recipient = [line for line in [customer.contact_person, customer.name, *address] if line]
    since = format_date(customer.customer_since, "F Y")
    paragraphs = [
        "\n".join([*business.letterhead, "", plain_date(today, month_first)]),
        "\n".join(recipient),
        f"Dear {addressee},",
        f"Thank you for choosing {business.name} and for working with us since {since}. "
        "We have valued your business and the time we have spent working together.",
        _ending_paragraph(contract, dates, today, month_first),
        f"Until {plain_date(dates.ends_on, month_first)} we will keep providing every service in the contract, "
        "as agreed. "
        "We want the change to be smooth for you: we will hand over your records, documents and account details "
        "to you or to whichever provider you choose, and answer their questions.",
        "We are sure a provider better suited to your needs will serve you well, and we encourage you to take "
        "your business to them. We wish you every success.",
        "\n".join(["Kind regards,", "", *([signed_by] if signed_by else []), business.name]),
    ]
    return "\n\n".join(paragraphs) + "\n"
