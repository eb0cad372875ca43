"""The rules: pure functions (no database) that turn figures into ratings and a verdict.

This package is the one place that decides. ``thresholds`` holds the defaults,
``money`` profitability and its consequences, ``questions`` the column's four
warning questions, ``verdict`` Keep / Watch / Renegotiate / Boot.
"""

from .money import (
    PeriodTotals,
    Profitability,
    WhalePoint,
    WhaleShape,
    WhatIf,
    least_squares,
    profit_of,
    profitability,
    projected_profit_12_months,
    trend_reaches,
    whale_curve,
    whale_shape,
    what_if_without,
)
from .questions import (
    QUESTIONS,
    DemandFigures,
    GoodNatureFigures,
    PaymentFigures,
    ReputationFigures,
    demands,
    good_nature,
    pays_on_time,
    reputation,
)
from .thresholds import DEFAULT_THRESHOLDS, Thresholds
from .types import Evidence, Figure, QuestionResult, Rating, Verdict, share
from .verdict import Reason, VerdictResult, verdict_for

__all__ = [
    "DEFAULT_THRESHOLDS",
    "QUESTIONS",
    "DemandFigures",
    "Evidence",
    "Figure",
    "GoodNatureFigures",
    "PaymentFigures",
    "PeriodTotals",
    "Profitability",
    "QuestionResult",
    "Rating",
    "Reason",
    "ReputationFigures",
    "Thresholds",
    "Verdict",
    "VerdictResult",
    "WhalePoint",
    "WhaleShape",
    "WhatIf",
    "demands",
    "good_nature",
    "least_squares",
    "pays_on_time",
    "profit_of",
    "profitability",
    "projected_profit_12_months",
    "reputation",
    "share",
    "trend_reaches",
    "verdict_for",
    "what_if_without",
    "whale_curve",
    "whale_shape",
]
