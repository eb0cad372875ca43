"""The dashboard's ranked customers as a download: verdicts and figures, for owners only.

It lives with reports (not in ``exports``) because it reads the dashboard; the
writers come from ``exports`` so the file is as safe as every other export.
Rows are ``(rank, StandingRow)`` in the dashboard's order, read from the
stored standings like the dashboard itself, a page of rows at a time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.core.paginator import Paginator

from accounts.models import Business
from evaluations import board, standings
from evaluations.board import StandingRow
from evaluations.rules import QUESTIONS
from exports.writers import Column, Table

Ranked = tuple[int, StandingRow]
CHUNK = 500  # rows read per query pair while the file streams


def ranked_rows(business: Business, *, today: datetime.date, period: str, sort: str, verdict: str) -> Iterator[Ranked]:
    """Every customer in the dashboard's order (not just its first page), numbered from 1."""
    standings.standings_current(business, today=today)
    pages = Paginator(board.ranked(business, period=period, sort=sort, verdict=verdict), CHUNK)
    rank = 0
    for number in pages.page_range:
        for row in board.rows_of(pages.page(number).object_list):
            rank += 1
            yield rank, row


def _money(name: str) -> Callable[[Ranked], Decimal]:
    return lambda ranked: getattr(ranked[1].money, name)


def _rating(key: str) -> Callable[[Ranked], str]:
    def read(ranked: Ranked) -> str:
        return next(q.rating.label for q in ranked[1].questions if q.key == key)

    return read


def _margin_percent(ranked: Ranked) -> Decimal | None:
    money = ranked[1].money
    margin = None if money is None else money.margin
    return None if margin is None else (margin * 100).quantize(Decimal("0.1"))


RANKED = Table(
    "ranked_customers",
    "Ranked customers",
    (
        Column("rank", lambda ranked: ranked[0], "position in the dashboard's order"),
        Column("customer id", lambda ranked: ranked[1].id),
        Column("customer", lambda ranked: ranked[1].name),
        Column("verdict", lambda ranked: ranked[1].verdict.label, "judged on the last 12 months"),
        Column("main reason", lambda ranked: ranked[1].main_reason),
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
