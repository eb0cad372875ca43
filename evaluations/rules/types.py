"""The small value types the rules take and return (plain dataclasses, no database)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

CENT = Decimal("0.01")


class Rating(StrEnum):
    OK = "ok"
    WATCH = "watch"
    RED = "red"

    @property
    def label(self) -> str:
        return {"ok": "OK", "watch": "Watch", "red": "Red flag"}[self.value]


class Verdict(StrEnum):
    KEEP = "keep"
    WATCH = "watch"
    RENEGOTIATE = "renegotiate"
    BOOT = "boot"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def advice(self) -> str:
        return VERDICT_ADVICE[self]


VERDICT_ADVICE = {
    Verdict.KEEP: "A good customer: keep delivering what was promised.",
    Verdict.WATCH: "Worth keeping for now, but keep an eye on the warning signs below.",
    Verdict.RENEGOTIATE: "Raise the fee, enforce the scope, or write an addendum that spells out the changes.",
    Verdict.BOOT: "Do not renew: politely invite them to take their business elsewhere.",
}


@dataclass(slots=True)
class Evidence:
    """A record behind a rating: ``kind`` is "interaction", "invoice" or "cost_entry"."""

    kind: str
    id: int


@dataclass(slots=True)
class Figure:
    """One number shown beside a rating. ``unit``: money, percent (a fraction), hours, days, count, ratio, month."""

    key: str
    label: str
    value: Decimal | int | str | None
    unit: str


@dataclass(slots=True)
class QuestionResult:
    number: int  # 1 to 4
    key: str  # demands, good_nature, reputation, pays_on_time
    question: str  # in the column's words
    rating: Rating
    explanation: str  # one plain sentence
    figures: tuple[Figure, ...]
    evidence: tuple[Evidence, ...]

    def figure(self, key: str) -> Figure:
        return next(figure for figure in self.figures if figure.key == key)


def share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part / whole as an exact Decimal, or None when the whole is zero (never a division by zero)."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


def percent(fraction: Decimal | None) -> str:
    return "n/a" if fraction is None else f"{(fraction * 100).quantize(Decimal('1'))}%"
