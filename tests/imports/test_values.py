"""Reading amounts, dates, durations and phone numbers as people write them."""

import datetime
from decimal import Decimal

import pytest

from imports.values import (
    ValueProblem,
    date_order_evidence,
    normalise_name,
    normalise_phone,
    parse_amount,
    parse_date,
    parse_minutes,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", "1234.50"),
        ("$1,234.50", "1234.50"),
        ("£ 1,234,567.89", "1234567.89"),
        ("1.234,50 €", "1234.50"),
        ("12,5", "12.50"),
        ("(120.00)", "-120.00"),
        ("-45", "-45.00"),
        ("45-", "-45.00"),
        ("USD 10", "10.00"),
        ("1 234,00", "1234.00"),
        ("CHF 1'250.00", "1250.00"),
    ],
)
def test_amounts_with_symbols_separators_and_parentheses(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "", "$", "1.2.3,4,5x"])
def test_what_is_not_an_amount_says_so(text):
    with pytest.raises(ValueProblem, match="is not an amount"):
        parse_amount(text)


def test_dates_day_first_and_month_first():
    assert parse_date("03/04/2026", month_first=False) == datetime.date(2026, 4, 3)
    assert parse_date("03/04/2026", month_first=True) == datetime.date(2026, 3, 4)
    assert parse_date("2026-04-03", month_first=True) == datetime.date(2026, 4, 3)
    assert parse_date("3.4.26", month_first=False) == datetime.date(2026, 4, 3)
    assert parse_date("3 Apr 2026", month_first=True) == datetime.date(2026, 4, 3)
    assert parse_date("Apr 3, 2026", month_first=False) == datetime.date(2026, 4, 3)
    assert parse_date("2026-04-03 14:30:00", month_first=False) == datetime.date(2026, 4, 3)


def test_impossible_date_is_named():
    with pytest.raises(ValueProblem, match="'31/02/2026' is not a date"):
        parse_date("31/02/2026", month_first=False)


def test_date_order_is_read_from_the_data_when_it_shows():
    assert date_order_evidence(["01/02/2026", "13/02/2026"]) == "day"
    assert date_order_evidence(["01/02/2026", "02/13/2026"]) == "month"
    assert date_order_evidence(["01/02/2026", "2026-02-13"]) is None
    assert date_order_evidence(["2026-02-13", "05/05/2026"]) == "either"


@pytest.mark.parametrize(
    ("text", "unit", "minutes"),
    [
        ("01:30:00", "hours", 90),
        ("1:30", "hours", 90),
        ("1.5", "hours", 90),
        ("1,25", "hours", 75),
        ("125", "seconds", 3),
        ("20", "seconds", 1),
        ("0", "seconds", 0),
        ("45", "minutes", 45),
    ],
)
def test_durations(text, unit, minutes):
    assert parse_minutes(text, plain_number=unit) == minutes


def test_phone_numbers_are_normalised_to_e164_with_the_business_country():
    assert normalise_phone("020 7946 0000", "GB") == "+442079460000"
    assert normalise_phone("+44 (0)20 7946 0000", "US") == "+442079460000"
    assert normalise_phone("(415) 555-0100", "US") == "+14155550100"
    assert normalise_phone("not a number", "US") is None


def test_names_match_whatever_the_case_spaces_and_punctuation():
    assert normalise_name("  ACME,  Ltd. ") == normalise_name("Acme Ltd")
