"""Early warning arithmetic on built monthly series, each figure worked out by hand in the comments."""

from __future__ import annotations

import statistics

import pytest

from insights import trends


def months(*values: float) -> list[tuple[int, float]]:
    return list(enumerate(values))


def test_falling_margin_stops_being_profitable_in_about_5_months():
    # Down 4 points a month to 20%: 0.20 / 0.04 = 5 months to zero.
    warning = trends.margin_warning(months(0.40, 0.36, 0.32, 0.28, 0.24, 0.20))
    assert warning is not None and warning.worsening
    assert warning.fit.slope == pytest.approx(-0.04)
    assert warning.fit.latest == pytest.approx(0.20)
    assert warning.fit.r_squared == pytest.approx(1.0)
    assert warning.sentence == "At this rate this customer stops being profitable in about 5 months."


def test_rising_margin_is_told_as_an_improvement_not_a_warning():
    warning = trends.margin_warning(months(0.05, 0.10, 0.15, 0.20, 0.25, 0.30))
    assert warning is not None and not warning.worsening
    assert warning.sentence == "Their margin is improving by about 5 percentage points a month."


def test_already_unprofitable_customer_is_not_told_it_will_stop_being_profitable():
    # Fitted latest margin -15%: the crossing is behind them.
    warning = trends.margin_warning(months(0.10, 0.05, 0.00, -0.05, -0.10, -0.15))
    assert warning is not None and warning.worsening
    assert warning.fit.latest == pytest.approx(-0.15)
    assert warning.sentence == (
        "This customer already costs more than they pay, and their margin is falling by about "
        "5 percentage points a month."
    )


def test_a_crossing_more_than_a_year_away_is_not_foretold():
    # 0.80 / 0.02 = 40 months: beyond the 12-month horizon, only the pace is told.
    warning = trends.margin_warning(months(0.90, 0.88, 0.86, 0.84, 0.82, 0.80))
    assert warning is not None
    assert warning.sentence == "Their margin is falling by about 2 percentage points a month."


def test_flat_series_says_nothing():
    assert trends.fit(months(0.2, 0.2, 0.2, 0.2, 0.2, 0.2)) is None
    assert trends.margin_warning(months(0.2, 0.2, 0.2, 0.2, 0.2, 0.2)) is None
    assert trends.days_late_warning(months(12, 12, 12, 12, 12, 12)) is None


def test_noisy_series_says_nothing_because_the_line_explains_too_little():
    noisy = months(0.30, 0.10, 0.35, 0.05, 0.32, 0.12)
    xs, ys = zip(*noisy, strict=True)
    assert statistics.correlation(xs, ys) ** 2 < trends.MIN_R_SQUARED  # R² of a straight line, by hand
    assert trends.fit(noisy) is None
    assert trends.margin_warning(noisy) is None


def test_too_short_series_says_nothing_even_on_a_perfect_line():
    assert trends.MIN_POINTS == 4
    assert trends.fit(months(0.30, 0.20, 0.10)) is None
    assert trends.days_late_warning(months(10, 19, 28)) is None
    assert trends.fit(months(0.30, 0.20, 0.10, 0.00)) is not None


def test_payments_getting_later_by_about_9_days_a_month():
    warning = trends.days_late_warning(months(10, 19, 28, 37, 46, 55))
    assert warning is not None and warning.worsening
    assert warning.fit.slope == pytest.approx(9)
    assert warning.sentence == "Payments are getting later by about 9 days a month."


def test_payments_getting_earlier_is_good_news():
    warning = trends.days_late_warning(months(40, 35, 30, 25, 20, 15))
    assert warning is not None and not warning.worsening
    assert warning.sentence == "Payments are getting earlier by about 5 days a month."


def test_a_change_smaller_than_a_day_a_month_is_not_worth_a_sentence():
    assert trends.days_late_warning(months(10, 10.5, 11, 11.5, 12, 12.5)) is None


def test_out_of_scope_share_growing_with_a_missing_month():
    # Months 0, 1, 3, 5 (2 and 4 missing): 10%, 13%, 19%, 25%, 3 points a month.
    warning = trends.out_of_scope_warning([(0, 0.10), (1, 0.13), (3, 0.19), (5, 0.25)])
    assert warning is not None and warning.worsening
    assert warning.fit.slope == pytest.approx(0.03)
    assert (
        warning.sentence == "Work outside the contract is growing by about 3 percentage points of their time a month."
    )


def test_a_nearly_straight_line_is_a_clear_trend():
    # 10, 20, 28, 41, 50, 59: slope = sum((x - 2.5) * y) / sum((x - 2.5)^2)
    # = (-25 - 30 - 14 + 20.5 + 75 + 147.5) / 17.5 = 174 / 17.5 = 9.94, "about 10 days".
    warning = trends.days_late_warning(months(10, 20, 28, 41, 50, 59))
    assert warning is not None
    assert warning.fit.slope == pytest.approx(174 / 17.5)
    assert warning.fit.r_squared > 0.99
    assert warning.sentence == "Payments are getting later by about 10 days a month."
