"""Keep, Watch, Renegotiate or Boot, with the reasons listed worst first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .. import formatting
from .money import Profitability
from .thresholds import Thresholds
from .types import QuestionResult, Rating, Verdict, percent


@dataclass(slots=True)
class Reason:
    severity: Rating  # RED or WATCH
    text: str
    question: int | None = None  # the question's number, None for money reasons


@dataclass(slots=True)
class VerdictResult:
    verdict: Verdict
    reasons: tuple[Reason, ...]  # worst signal first
    dependence_warning: str | None  # set when the customer is more than the warning share of revenue

    @property
    def main_reason(self) -> str:
        return self.reasons[0].text if self.reasons else "No warning signs."


def verdict_for(
    trailing_12: Profitability,
    questions: Sequence[QuestionResult],
    revenue_share: Decimal | None,
    t: Thresholds,
    currency_symbol: str = "",
) -> VerdictResult:
    """The verdict from the last 12 months' money and the four questions.

    Boot: loses money and at least one red question, or three red questions.
    Renegotiate: loses money or is below the target margin, and no Boot rule fires.
    Watch: any question is watch or red. Keep: otherwise.
    """
    reds = [q for q in questions if q.rating is Rating.RED]
    watches = [q for q in questions if q.rating is Rating.WATCH]
    loses_money = trailing_12.profit < 0
    below_target = not loses_money and trailing_12.margin is not None and trailing_12.margin < t.target_margin

    reasons: list[Reason] = []
    if loses_money:
        reasons.append(
            Reason(
                Rating.RED,
                f"Loses money: costs {formatting.money(abs(trailing_12.profit), currency_symbol)} more than it "
                "brings in over 12 months.",
            )
        )
    reasons += [Reason(Rating.RED, f"{q.question} {q.explanation}", q.number) for q in reds]
    if below_target:
        reasons.append(
            Reason(
                Rating.WATCH,
                f"Margin of {percent(trailing_12.margin)} over 12 months is below your target of "
                f"{percent(t.target_margin)}.",
            )
        )
    reasons += [Reason(Rating.WATCH, f"{q.question} {q.explanation}", q.number) for q in watches]

    if (loses_money and reds) or len(reds) >= 3:
        verdict = Verdict.BOOT
    elif loses_money or below_target:
        verdict = Verdict.RENEGOTIATE
    elif reds or watches:
        verdict = Verdict.WATCH
    else:
        verdict = Verdict.KEEP

    warning = None
    if revenue_share is not None and revenue_share > t.concentration_warning:
        warning = (
            f"This customer brings {percent(revenue_share)} of your revenue: a business that depends on one "
            "client is a house of cards. See what the business would look like without them."
        )
    return VerdictResult(verdict, tuple(reasons), warning)
