"""The dashboard's ranked customers as a download: verdicts and figures, for owners only.

It lives with reports (not in ``exports``) because it reads the dashboard; the
writers come from ``exports`` so the file is as safe as every other export.
Rows are ``(rank, CustomerRow)`` in the dashboard's order.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from evaluations.rules import QUESTIONS
from exports.writers import Column, Table

from .dashboard import CustomerRow

Ranked = tuple[int, CustomerRow]


def _money(name: str) -> Callable[[Ranked], Decimal]:
    return lambda ranked: getattr(ranked[1].money, name)


def _rating(key: str) -> Callable[[Ranked], str]:
    def read(ranked: Ranked) -> str:
        return next(q.rating.label for q in ranked[1].questions if q.key == key)

    return read


def _margin_percent(ranked: Ranked) -> Decimal | None:
    margin = ranked[1].money.margin
    return None if margin is None else (margin * 100).quantize(Decimal("0.1"))


RANKED = Table(
    "ranked_customers",
    "Ranked customers",
    (
        Column("rank", lambda ranked: ranked[0], "position in the dashboard's order"),
        Column("customer id", lambda ranked: ranked[1].id),
        Column("customer", lambda ranked: ranked[1].name),
        Column("verdict", lambda ranked: ranked[1].verdict.verdict.label, "judged on the last 12 months"),
        Column("main reason", lambda ranked: ranked[1].verdict.main_reason),
        Column("revenue", _money("revenue"), "in the chosen period"),
        Column("staff hours", _money("staff_hours")),
        Column("staff cost", _money("staff_cost")),
        Column("direct costs", _money("direct_costs")),
        Column("concessions", _money("concessions")),
        Column("cost to serve", _money("cost_to_serve")),
        Column("profit", _money("profit")),
        Column("margin (%)", _margin_percent, "profit / revenue; empty without revenue"),
        *(Column(text, _rating(key), "OK, Watch or Red flag") for key, text in QUESTIONS.items()),
        Column("last day to give notice", lambda ranked: ranked[1].last_notice_date),
    ),
)
