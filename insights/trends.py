"""Early warning: a straight line through a customer's last months, and what it says in plain words.

Plain Python (no database), so the arithmetic is tested on built series. A
trend is only told when it is clear: at least ``MIN_POINTS`` months with a
figure, and a least-squares line that explains at least ``MIN_R_SQUARED`` of
their spread (R²). A flat or noisy series says nothing rather than guess.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from evaluations import formatting

MONTHS_READ = 6  # the six whole months before the current one
MIN_POINTS = 4  # months with a figure, of those six
MIN_R_SQUARED = 0.7  # the share of the months' spread the line must explain
HORIZON_MONTHS = 12  # a crossing further away than a year is not foretold

# The smallest monthly change worth a sentence, per measure.
MARGIN_STEP = 0.01  # one percentage point of margin a month
DAYS_LATE_STEP = 1.0  # one day a month
OUT_OF_SCOPE_STEP = 0.02  # two percentage points of their time a month


@dataclass(frozen=True)
class Fit:
    """The least-squares line y = intercept + slope * month index (0 for the first month read)."""

    slope: float
    intercept: float
    r_squared: float
    points: int
    last_x: int

    @property
    def latest(self) -> float:
        """The line's value at the latest month: steadier than that month's own figure."""
        return self.intercept + self.slope * self.last_x


def fit(series: list[tuple[int, float]]) -> Fit | None:
    """The line through (month index, value) points, or None when it would not be a clear trend.

    None for fewer than ``MIN_POINTS`` points, a flat series (nothing to
    explain) and a fit with R² below ``MIN_R_SQUARED`` (noise).
    """
    if len(series) < MIN_POINTS:
        return None
    xs = [float(x) for x, _ in series]
    ys = [float(y) for _, y in series]
    if statistics.pvariance(ys) == 0:
        return None
    slope, intercept = statistics.linear_regression(xs, ys)
    predicted = [intercept + slope * x for x in xs]
    residual = sum((y - p) ** 2 for y, p in zip(ys, predicted, strict=True))
    total = sum((y - statistics.fmean(ys)) ** 2 for y in ys)
    r_squared = 1 - residual / total
    if r_squared < MIN_R_SQUARED:
        return None
    return Fit(slope=slope, intercept=intercept, r_squared=r_squared, points=len(series), last_x=int(max(xs)))


@dataclass(frozen=True)
class TrendWarning:
    """One sentence about one measure's trend; ``worsening`` ones go into the digest."""

    measure: str  # margin, days_late or out_of_scope
    sentence: str
    worsening: bool
    fit: Fit


def _whole(value: float) -> int:
    """Rounded half up, as the formatting module rounds (2.5 -> 3)."""
    return int(formatting.rounded(Decimal(str(value)), 0))


def margin_warning(series: list[tuple[int, float]]) -> TrendWarning | None:
    """Margins (fractions) by month: when the line crosses zero, or that the customer already loses money."""
    line = fit(series)
    if line is None or abs(line.slope) < MARGIN_STEP:
        return None
    points = _whole(abs(line.slope) * 100)
    if line.slope > 0:
        sentence = f"Their margin is improving by about {points} percentage point{_s(points)} a month."
        return TrendWarning("margin", sentence, worsening=False, fit=line)
    if line.latest <= 0:
        sentence = (
            f"This customer already costs more than they pay, and their margin is falling by about "
            f"{points} percentage point{_s(points)} a month."
        )
        return TrendWarning("margin", sentence, worsening=True, fit=line)
    months = max(1, _whole(line.latest / -line.slope))
    if months > HORIZON_MONTHS:
        sentence = f"Their margin is falling by about {points} percentage point{_s(points)} a month."
    else:
        sentence = f"At this rate this customer stops being profitable in about {months} month{_s(months)}."
    return TrendWarning("margin", sentence, worsening=True, fit=line)


def days_late_warning(series: list[tuple[int, float]]) -> TrendWarning | None:
    """Average days late by month: payments getting later (or earlier) by about N days a month."""
    line = fit(series)
    if line is None or abs(line.slope) < DAYS_LATE_STEP:
        return None
    step = _whole(abs(line.slope))
    direction = "later" if line.slope > 0 else "earlier"
    sentence = f"Payments are getting {direction} by about {step} day{_s(step)} a month."
    return TrendWarning("days_late", sentence, worsening=line.slope > 0, fit=line)


def out_of_scope_warning(series: list[tuple[int, float]]) -> TrendWarning | None:
    """Share of their time outside the contract (fractions) by month: growing or shrinking."""
    line = fit(series)
    if line is None or abs(line.slope) < OUT_OF_SCOPE_STEP:
        return None
    points = _whole(abs(line.slope) * 100)
    direction = "growing" if line.slope > 0 else "shrinking"
    sentence = (
        f"Work outside the contract is {direction} by about {points} percentage point{_s(points)} "
        "of their time a month."
    )
    return TrendWarning("out_of_scope", sentence, worsening=line.slope > 0, fit=line)


def _s(count: int) -> str:
    return "" if count == 1 else "s"
