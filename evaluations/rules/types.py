"""The small value types the rules take and return (plain dataclasses, no database)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .. import formatting

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
    """One number shown beside a rating. ``unit``: money, percent (a fraction), hours, days, count, ratio, month.

    A count of ticked signals names its ``signal`` (a field of ``customers.models.SIGNALS``) and the
    ``period`` key it was counted over (``trailing_3``, ``trailing_12``), so a page can link it to
    exactly those records (the interactions list filtered by customer, signal and dates).
    """

    key: str
    label: str
    value: Decimal | int | str | None
    unit: str
    signal: str = ""
    period: str = ""


class QuestionResult:
    """One question's answer: ``number`` (1 to 4), ``key``, ``question`` (in the column's words),
    ``rating``, ``explanation`` (one plain sentence), ``figures`` and ``evidence``.

    The rules build the explanation and the figures when first read
    (``deferred``): ratings, verdicts of customers without warnings and
    overview pages need neither, and writing them for 10,000 customers was a
    good part of an evaluation's Python time. Reading them gives the same
    values either way, and two results are equal when all seven values are.

    Still needed (issue 10 asks each speed trick to show it): measured on 27 Nov
    2026 on the benchmark business (10,000 customers), median Python CPU time
    of 4 runs each, alternating with ``deferred`` working the details out at
    once: ``evaluate_business`` 0.59 s deferred against 0.75 s at once; the
    whole-business standings refresh 0.80 s against 0.93 s.
    """

    __slots__ = (
        "number",
        "key",
        "question",
        "rating",
        "evidence",
        "_explanation",
        "_figures",
        "_details",
        "_arguments",
    )

    def __init__(
        self,
        number: int,
        key: str,
        question: str,
        rating: Rating,
        explanation: str,
        figures: tuple[Figure, ...],
        evidence: tuple[Evidence, ...],
    ) -> None:
        self.number, self.key, self.question, self.rating, self.evidence = number, key, question, rating, evidence
        self._explanation, self._figures = explanation, figures
        self._details: Callable[..., tuple[str, tuple[Figure, ...]]] | None = None
        self._arguments: tuple[object, ...] = ()

    @classmethod
    def deferred(
        cls,
        number: int,
        key: str,
        question: str,
        rating: Rating,
        evidence: tuple[Evidence, ...],
        details: Callable[..., tuple[str, tuple[Figure, ...]]],
        *arguments: object,
    ) -> QuestionResult:
        """A result whose explanation and figures come from ``details(*arguments)``, called once, on first read.

        A module-level function and its arguments rather than a closure: with
        10,000 customers the closures' cells alone were about 300,000 more objects.
        """
        result = cls.__new__(cls)
        result.number, result.key, result.question, result.rating = number, key, question, rating
        result.evidence, result._explanation, result._figures = evidence, "", ()
        result._details, result._arguments = details, arguments
        return result

    def _worked_out(self) -> None:
        details = self._details
        if details is not None:
            self._explanation, self._figures = details(*self._arguments)
            self._details, self._arguments = None, ()

    @property
    def explanation(self) -> str:
        self._worked_out()
        return self._explanation

    @property
    def figures(self) -> tuple[Figure, ...]:
        self._worked_out()
        return self._figures

    def figure(self, key: str) -> Figure:
        return next(figure for figure in self.figures if figure.key == key)

    def _values(self) -> tuple:
        return (self.number, self.key, self.question, self.rating, self.explanation, self.figures, self.evidence)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # unhashable, as a dataclass with eq is

    def __repr__(self) -> str:
        names = ("number", "key", "question", "rating", "explanation", "figures", "evidence")
        return f"QuestionResult({', '.join(f'{n}={v!r}' for n, v in zip(names, self._values(), strict=True))})"


def share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part / whole as an exact Decimal, or None when the whole is zero (never a division by zero)."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


ONE = Decimal("1")
HUNDRED = Decimal(100)


def percent(fraction: Decimal | None) -> str:
    """As ``evaluations.formatting.percent``: the rules' sentences write shares as the pages do."""
    return formatting.percent(fraction)
