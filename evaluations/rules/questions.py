"""The column's four warning questions: figures in, a rating with its reasons out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import formatting
from .money import trend_reaches
from .thresholds import Thresholds
from .types import Evidence, Figure, QuestionResult, Rating, percent, share

TENTH = Decimal("0.1")

QUESTIONS = {
    "demands": "Does the customer make demands beyond what is reasonable?",
    "good_nature": "Does the customer take advantage of your good nature?",
    "reputation": "Is the customer a threat to your reputation?",
    "pays_on_time": "Does the customer pay on time?",
}


@dataclass(slots=True)
class DemandFigures:
    """Trailing 3 months (about 90 days)."""

    minutes: int
    out_of_scope_minutes: int
    scope_creep_cost: Decimal  # out-of-scope minutes priced at the staff cost stored on them
    support_hours: Decimal
    allowance_hours: Decimal | None  # the contract's hours per month x 3; None without an allowance
    angry_refusals: int
    # Times they asked for something outside the contract: done (time outside the contract) or told no
    out_of_scope_requests: int = 0
    scope_creep_cost_12: Decimal | None = None  # as ``scope_creep_cost``, over the last 12 months
    evidence: tuple[Evidence, ...] = ()


@dataclass(slots=True)
class GoodNatureFigures:
    """Trailing 12 months."""

    revenue: Decimal
    concessions: Decimal  # discounts, free work, write-offs, refunds
    discount_requests: int
    invoice_disputes: int
    dishonest: int = 0  # times staff found them dishonest
    evidence: tuple[Evidence, ...] = ()


@dataclass(slots=True)
class ReputationFigures:
    """Trailing 12 months."""

    threats: int  # threatened a bad review or a public complaint
    public_complaints: int  # posted a negative review or complained in public
    complaints: int
    abuse: int
    evidence: tuple[Evidence, ...] = ()


@dataclass(slots=True)
class PaymentFigures:
    """Trailing 12 months of invoices due, from due dates and payments."""

    invoices_due: int
    average_days_late: Decimal | None  # weighted by amount; None without invoices due
    invoices_over_30_days: int
    worst_days_late: int
    overdue_balance: Decimal  # unpaid and past due today, any age
    # Least-squares line of each invoice's days late against the month it fell due (periods.month_index)
    trend_months: int = 0  # months spanned by the invoices due
    trend_slope: Decimal | None = None  # days per month
    trend_intercept: Decimal | None = None
    trend_last_month: int | None = None  # periods.month_index of the latest month
    evidence: tuple[Evidence, ...] = ()


def _worst(*ratings: Rating) -> Rating:
    if Rating.RED in ratings:
        return Rating.RED
    return Rating.WATCH if Rating.WATCH in ratings else Rating.OK


def demands(figures: DemandFigures, t: Thresholds) -> QuestionResult:
    out_share = share(figures.out_of_scope_minutes, figures.minutes)
    hours_ratio = share(figures.support_hours, figures.allowance_hours) if figures.allowance_hours else None
    over_zero_allowance = figures.allowance_hours == 0 and figures.support_hours > 0

    scope = Rating.OK
    if out_share is not None and out_share >= t.out_of_scope_share_red:
        scope = Rating.RED
    elif out_share is not None and out_share >= t.out_of_scope_share_watch:
        scope = Rating.WATCH
    hours = (
        Rating.RED
        if over_zero_allowance or (hours_ratio is not None and hours_ratio > t.support_hours_ratio_red)
        else Rating.OK
    )
    angry = Rating.RED if figures.angry_refusals >= t.angry_refusals_red else Rating.OK
    requests = _counted(figures.out_of_scope_requests, t.out_of_scope_requests_watch, t.out_of_scope_requests_red)
    rating = _worst(scope, hours, angry, requests)

    return QuestionResult.deferred(
        1,
        "demands",
        QUESTIONS["demands"],
        rating,
        figures.evidence if rating is not Rating.OK else (),
        _demand_details,
        figures,
        out_share,
        hours_ratio,
        over_zero_allowance,
        scope,
        hours,
        angry,
        requests,
    )


def _counted(count: int, watch: int, red: int) -> Rating:
    """Red at ``red`` times or more, watch at ``watch`` or more."""
    if count >= red:
        return Rating.RED
    return Rating.WATCH if count >= watch else Rating.OK


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _demand_details(
    figures: DemandFigures,
    out_share: Decimal | None,
    hours_ratio: Decimal | None,
    over_zero_allowance: bool,
    scope: Rating,
    hours: Rating,
    angry: Rating,
    requests: Rating,
) -> tuple[str, tuple[Figure, ...]]:
    reasons = []
    if scope is not Rating.OK:
        reasons.append(f"{percent(out_share)} of the time spent on them was outside the contract")
    if hours is Rating.RED:
        reasons.append(
            "they used support hours with none included"
            if over_zero_allowance
            else f"they used {percent(hours_ratio)} of the support hours included"
        )
    if requests is not Rating.OK:
        reasons.append(
            f"they asked for something outside the contract {_times(figures.out_of_scope_requests)} (done or refused)"
        )
    if angry is Rating.RED:
        reasons.append(f"they got angry {_times(figures.angry_refusals)} when told no")
    explanation = (
        f"In the last 3 months {_join(reasons)}."
        if reasons
        else "In the last 3 months they mostly asked for what the contract covers."
    )
    return explanation, (
        Figure("out_of_scope_share", "Time outside the contract, last 3 months", out_share, "percent"),
        Figure(
            "out_of_scope_requests",
            "Asked for something outside the contract, last 3 months",
            figures.out_of_scope_requests,
            "count",
            "out_of_scope_request",
            "trailing_3",
        ),
        Figure(
            "scope_creep_cost", "Scope creep cost (at staff cost), last 3 months", figures.scope_creep_cost, "money"
        ),
        Figure(
            "scope_creep_cost_12",
            "Scope creep cost (at staff cost), last 12 months",
            figures.scope_creep_cost_12,
            "money",
        ),
        Figure("support_hours", "Support hours used, last 3 months", figures.support_hours, "hours"),
        Figure("allowance_hours", "Support hours included, 3 months", figures.allowance_hours, "hours"),
        Figure("support_hours_ratio", "Hours used against included, last 3 months", hours_ratio, "percent"),
        Figure(
            "angry_refusals",
            "Angry when told no, last 3 months",
            figures.angry_refusals,
            "count",
            "angry_when_refused",
            "trailing_3",
        ),
    )


def good_nature(figures: GoodNatureFigures, t: Thresholds) -> QuestionResult:
    concession_share = share(figures.concessions, figures.revenue)
    given_without_revenue = not figures.revenue and figures.concessions > 0

    concessions = Rating.OK
    if given_without_revenue or (concession_share is not None and concession_share >= t.concession_share_red):
        concessions = Rating.RED
    elif concession_share is not None and concession_share >= t.concession_share_watch:
        concessions = Rating.WATCH
    requests = Rating.OK
    if figures.discount_requests >= t.discount_requests_red:
        requests = Rating.RED
    elif figures.discount_requests >= t.discount_requests_watch:
        requests = Rating.WATCH
    disputes = Rating.WATCH if figures.invoice_disputes >= t.invoice_disputes_watch else Rating.OK
    dishonest = _counted(figures.dishonest, t.dishonest_watch, t.dishonest_red)
    rating = _worst(concessions, requests, disputes, dishonest)

    return QuestionResult.deferred(
        2,
        "good_nature",
        QUESTIONS["good_nature"],
        rating,
        figures.evidence if rating is not Rating.OK else (),
        _good_nature_details,
        figures,
        concession_share,
        given_without_revenue,
        concessions,
        requests,
        disputes,
        dishonest,
    )


def _good_nature_details(
    figures: GoodNatureFigures,
    concession_share: Decimal | None,
    given_without_revenue: bool,
    concessions: Rating,
    requests: Rating,
    disputes: Rating,
    dishonest: Rating,
) -> tuple[str, tuple[Figure, ...]]:
    reasons = []
    if concessions is not Rating.OK:
        reasons.append(
            "you gave concessions while they paid nothing"
            if given_without_revenue
            else f"concessions came to {percent(concession_share)} of what they paid"
        )
    if requests is not Rating.OK:
        reasons.append(f"they asked for discounts or free work {figures.discount_requests} times")
    if disputes is not Rating.OK:
        reasons.append(f"they disputed {figures.invoice_disputes} invoices")
    if dishonest is not Rating.OK:
        reasons.append(f"your staff found them dishonest {_times(figures.dishonest)}")
    explanation = (
        f"In the last 12 months {_join(reasons)}."
        if reasons
        else "In the last 12 months they rarely asked for more than they paid for."
    )
    return explanation, (
        Figure("concessions", "Concessions given", figures.concessions, "money"),
        Figure("concession_share", "Concessions as a share of revenue", concession_share, "percent"),
        Figure(
            "discount_requests",
            "Asked for discounts or free work",
            figures.discount_requests,
            "count",
            "asked_discount",
            "trailing_12",
        ),
        Figure(
            "invoice_disputes", "Invoice disputes", figures.invoice_disputes, "count", "disputed_invoice", "trailing_12"
        ),
        Figure("dishonest", "Found dishonest", figures.dishonest, "count", "dishonest", "trailing_12"),
    )


def reputation(figures: ReputationFigures, t: Thresholds) -> QuestionResult:
    public = figures.threats + figures.public_complaints
    if public > 0:
        rating = Rating.RED
    elif figures.complaints >= t.complaints_watch or figures.abuse > 0:
        rating = Rating.WATCH
    else:
        rating = Rating.OK

    return QuestionResult.deferred(
        3,
        "reputation",
        QUESTIONS["reputation"],
        rating,
        figures.evidence if rating is not Rating.OK else (),
        _reputation_details,
        figures,
        t,
        rating,
        public,
    )


def _reputation_details(
    figures: ReputationFigures, t: Thresholds, rating: Rating, public: int
) -> tuple[str, tuple[Figure, ...]]:
    if rating is Rating.RED:
        explanation = (
            f"In the last 12 months they threatened a bad review or complained in public {public} "
            f"time{'s' if public != 1 else ''}."
        )
    elif rating is Rating.WATCH:
        parts = []
        if figures.complaints >= t.complaints_watch:
            parts.append(f"complained {figures.complaints} times")
        if figures.abuse > 0:
            parts.append(f"were rude or abusive to staff {figures.abuse} time{'s' if figures.abuse != 1 else ''}")
        explanation = f"In the last 12 months they {_join(parts)}."
    else:
        explanation = "In the last 12 months nothing suggests they would air complaints in public."
    return explanation, (
        Figure(
            "threats",
            "Threatened a bad review or public complaint",
            figures.threats,
            "count",
            "threatened_review",
            "trailing_12",
        ),
        Figure(
            "public_complaints",
            "Complained in public",
            figures.public_complaints,
            "count",
            "public_complaint",
            "trailing_12",
        ),
        Figure("complaints", "Complaints", figures.complaints, "count", "complained", "trailing_12"),
        Figure("abuse", "Rude or abusive to staff", figures.abuse, "count", "abusive", "trailing_12"),
    )


def pays_on_time(figures: PaymentFigures, t: Thresholds) -> QuestionResult:
    average = figures.average_days_late
    worst = figures.worst_days_late
    if worst >= t.invoice_days_late_red or (average is not None and average >= t.average_days_late_red):
        rating = Rating.RED
    elif worst > t.invoice_days_late_watch or (average is not None and average > t.average_days_late_watch):
        rating = Rating.WATCH
    else:
        rating = Rating.OK

    return QuestionResult.deferred(
        4,
        "pays_on_time",
        QUESTIONS["pays_on_time"],
        rating,
        figures.evidence if rating is not Rating.OK else (),
        _payment_details,
        figures,
        t,
        rating,
    )


def _payment_details(figures: PaymentFigures, t: Thresholds, rating: Rating) -> tuple[str, tuple[Figure, ...]]:
    average, worst = figures.average_days_late, figures.worst_days_late
    # The trend only informs the words and figures, never the rating.
    reaches = trend_reaches(
        figures.trend_slope,
        figures.trend_intercept,
        figures.trend_last_month,
        figures.trend_months,
        t.invoice_days_late_red,
    )
    slope = (
        figures.trend_slope.quantize(TENTH) if figures.trend_slope is not None and figures.trend_months >= 3 else None
    )
    if figures.invoices_due == 0:
        explanation = "No invoice fell due in the last 12 months."
    elif rating is Rating.OK:
        explanation = f"They pay on time or nearly: {_days(average)} late on average over the last 12 months."
    else:
        explanation = (
            f"Over the last 12 months they paid {_days(average)} late on average, "
            f"and the worst invoice was {worst} days late."
        )
    if reaches:
        explanation += (
            f" At the current pace they will be {t.invoice_days_late_red} days late by {formatting.month(reaches)}."
        )
    share_over_30 = share(figures.invoices_over_30_days, figures.invoices_due)
    return explanation, (
        Figure("average_days_late", "Average days late (weighted by amount)", average, "days"),
        Figure("share_over_30_days", "Invoices paid over 30 days late", share_over_30, "percent"),
        Figure("worst_days_late", "Worst case", worst, "days"),
        Figure("overdue_balance", "Overdue today", figures.overdue_balance, "money"),
        Figure("trend_days_per_month", "Trend: change in days late per month", slope, "days"),
        Figure("reaches_red_in", f"Reaches {t.invoice_days_late_red} days late in", reaches, "month"),
    )


def _days(value: Decimal | None) -> str:
    return formatting.days(value or 0, places=0)


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
