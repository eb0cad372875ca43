import datetime
from zoneinfo import ZoneInfo

from evaluations.periods import add_months, calendar_month, standard_periods


def test_add_months_clamps_to_the_last_day():
    assert add_months(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 1, 15), -12) == datetime.date(2025, 1, 15)
    assert add_months(datetime.date(2025, 12, 1), 1) == datetime.date(2026, 1, 1)


def test_trailing_periods_end_today_and_do_not_overlap_the_year_before():
    periods = standard_periods(datetime.date(2026, 3, 15))
    assert (periods["trailing_12"].start, periods["trailing_12"].end) == (
        datetime.date(2025, 3, 16),
        datetime.date(2026, 3, 15),
    )
    assert periods["trailing_3"].start == datetime.date(2025, 12, 16)
    assert periods["month"].start == datetime.date(2026, 3, 1)
    assert periods["month"].end == datetime.date(2026, 3, 15)  # the running month stops today
    assert periods["lifetime"].start is None


def test_month_edges_are_local_midnights_in_the_business_time_zone():
    month = calendar_month(datetime.date(2026, 1, 1), today=datetime.date(2026, 6, 1))
    chicago = ZoneInfo("America/Chicago")
    assert month.end == datetime.date(2026, 1, 31)
    assert month.starts_at(chicago) == datetime.datetime(2026, 1, 1, 6, 0, tzinfo=datetime.UTC)
    assert month.ends_before(chicago) == datetime.datetime(2026, 2, 1, 6, 0, tzinfo=datetime.UTC)
