"""The letter declining renewal: its dates, on time and late, and its tone. No database needed."""

import datetime

import pytest

from accounts.models import Business
from customers.models import Contract, Customer
from reports.letters import boot_letter, notice_dates, plain_date

BUSINESS = Business(name="Knox Software")
CUSTOMER = Customer(
    name="Needy Corp",
    contact_person="Pat Doe",
    address="1 Main Street\nSpringfield",
    customer_since=datetime.date(2021, 4, 1),
)


def contract(end_date=datetime.date(2026, 12, 31), notice=30, auto_renew=False) -> Contract:
    return Contract(
        title="Managed IT support",
        start_date=datetime.date(2024, 1, 1),
        end_date=end_date,
        notice_period_days=notice,
        auto_renew=auto_renew,
    )


def letter(today: datetime.date, **kwargs) -> str:
    return boot_letter(business=BUSINESS, customer=CUSTOMER, contract=contract(**kwargs), today=today, signed_by="Tim")


def test_dates_are_written_plainly():
    assert plain_date(datetime.date(2026, 12, 1)) == "Dec 1, 2026"


@pytest.mark.parametrize(
    ("today", "on_time", "ends_on"),
    [
        (datetime.date(2026, 10, 1), True, datetime.date(2026, 12, 31)),
        (datetime.date(2026, 12, 1), True, datetime.date(2026, 12, 31)),  # the last day to give notice
        (datetime.date(2026, 12, 2), False, datetime.date(2027, 1, 1)),  # one day late: one day later
        (datetime.date(2027, 2, 10), False, datetime.date(2027, 3, 12)),  # after the renewal date itself
    ],
)
def test_notice_dates_on_time_and_late(today, on_time, ends_on):
    dates = notice_dates(contract=contract(), today=today)
    assert dates.last_notice_date == datetime.date(2026, 12, 1)
    assert (dates.on_time, dates.ends_on) == (on_time, ends_on)
    assert (dates.ends_on - today).days >= 30, "the customer always gets the full notice period"


def test_on_time_letter_states_the_renewal_date_and_the_notice():
    text = letter(datetime.date(2026, 10, 1))
    assert text.startswith("Knox Software\n\nOct 1, 2026\n\n")  # sender block, then the date
    assert "Pat Doe\nNeedy Corp\n1 Main Street\nSpringfield" in text
    assert "Dear Pat Doe," in text
    assert "Thank you for choosing Knox Software and for working with us since April 2021." in text
    assert "not to renew our agreement “Managed IT support”. It ends on Dec 31, 2026." in text
    assert "30 days of notice, so the last day to give it is Dec 1, 2026" in text
    assert "sent on Oct 1, 2026, gives that notice in good time" in text
    assert "Until Dec 31, 2026 we will keep providing every service" in text
    assert "take your business to them" in text
    assert text.rstrip().endswith("Kind regards,\n\nTim\nKnox Software")


def test_auto_renewing_contract_is_told_it_will_not_renew():
    text = letter(datetime.date(2026, 10, 1), auto_renew=True)
    assert "It ends on Dec 31, 2026 and will not renew automatically." in text


def test_late_notice_says_so_and_gives_the_earliest_honest_end_date():
    text = letter(datetime.date(2026, 12, 20))
    assert "which was due to end on Dec 31, 2026" in text
    assert "the last day to give it for that date was Dec 1, 2026, which has passed" in text
    assert "the agreement will end on Jan 19, 2027, 30 days from the date of this letter" in text
    assert "Until Jan 19, 2027 we will keep providing" in text
    assert "in good time" not in text


def test_contract_without_end_date_ends_after_the_notice_period():
    dates = notice_dates(contract=contract(end_date=None, notice=60), today=datetime.date(2026, 3, 1))
    assert (dates.renewal_date, dates.last_notice_date, dates.ends_on) == (None, None, datetime.date(2026, 4, 30))
    text = letter(datetime.date(2026, 3, 1), end_date=None, notice=60)
    assert "It has no fixed end date and asks for 60 days of notice" in text
    assert "the agreement will end on Apr 30, 2026." in text


def test_late_notice_on_auto_renewing_contract():
    text = letter(datetime.date(2026, 12, 20), auto_renew=True)
    assert "which was due to renew on Dec 31, 2026" in text
    assert "the agreement will end on Jan 19, 2027" in text


def test_no_notice_period_is_said_plainly():
    text = letter(datetime.date(2026, 12, 31), notice=0)
    assert "It ends on Dec 31, 2026." in text
    assert "asks for no notice period" in text


def test_customer_without_contact_person_is_addressed_by_name():
    customer = Customer(name="Solo Ltd", customer_since=datetime.date(2025, 1, 1))
    text = boot_letter(business=BUSINESS, customer=customer, contract=contract(), today=datetime.date(2026, 1, 5))
    assert "Dear Solo Ltd," in text
    assert "\n\n\n" not in text
    assert text.rstrip().endswith("Kind regards,\n\nKnox Software")
