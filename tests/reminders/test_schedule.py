"""Which step is due on a day: the edges of the schedule, without a database."""

import datetime

import pytest

from reminders.schedule import CATCH_UP_DAYS, business_today, step_due

DUE = datetime.date(2026, 3, 10)
DEFAULT = [-3, 7, 30, 60, 90]


def due_on(offset: int, highest_sent: int | None = None, steps=DEFAULT) -> int | None:
    return step_due(due_date=DUE, today=DUE + datetime.timedelta(days=offset), steps=steps, highest_sent=highest_sent)


@pytest.mark.parametrize(
    "offset, expected",
    [
        (-4, None),  # the day before the first step
        (-3, -3),  # three days before the due date
        (-1, -3),  # still before it: a missed early reminder can go
        (0, None),  # the due date itself: "due in 3 days" would be wrong now
        (6, None),  # the early step does not come back after the due date
        (7, 7),
        (7 + CATCH_UP_DAYS, 7),  # the last day a missed step is caught up
        (29, None),  # more than CATCH_UP_DAYS after the 7-day step, before the 30-day one
        (30, 30),
        (90, 90),
        (90 + CATCH_UP_DAYS + 1, None),  # long after the last step: nothing more
    ],
)
def test_step_due_at_each_edge(offset, expected):
    assert due_on(offset) == expected


def test_a_step_already_sent_or_passed_by_a_later_one_is_not_due():
    assert due_on(7, highest_sent=7) is None
    assert due_on(30, highest_sent=7) == 30
    assert due_on(30, highest_sent=60) is None  # the schedule changed: never a gentler one after a firmer one


def test_an_empty_schedule_sends_nothing():
    assert due_on(7, steps=[]) is None


def test_a_step_on_the_due_date():
    assert due_on(0, steps=[0]) == 0
    assert due_on(-1, steps=[0]) is None


@pytest.mark.parametrize(
    "zone, utc_time, expected",
    [
        ("Pacific/Auckland", datetime.datetime(2026, 3, 6, 10, 59, tzinfo=datetime.UTC), datetime.date(2026, 3, 6)),
        ("Pacific/Auckland", datetime.datetime(2026, 3, 6, 11, 0, tzinfo=datetime.UTC), datetime.date(2026, 3, 7)),
        ("America/New_York", datetime.datetime(2026, 3, 7, 4, 59, tzinfo=datetime.UTC), datetime.date(2026, 3, 6)),
        ("America/New_York", datetime.datetime(2026, 3, 7, 5, 0, tzinfo=datetime.UTC), datetime.date(2026, 3, 7)),
        ("UTC", datetime.datetime(2026, 3, 7, 0, 0, tzinfo=datetime.UTC), datetime.date(2026, 3, 7)),
    ],
)
def test_the_business_day_turns_at_its_own_midnight(zone, utc_time, expected):
    assert business_today(zone, utc_time) == expected
