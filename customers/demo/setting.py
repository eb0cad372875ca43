"""What the planners share: the business's setting, its team, and the plan they fill."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from .cast import CustomerSpec
from .dates import add_months

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Member:
    user_id: int
    hourly_cost: Decimal
    is_owner: bool


@dataclass(frozen=True)
class Setting:
    """What every customer of one generated business shares."""

    today: datetime.date
    months: int
    tz: ZoneInfo
    team: tuple[Member, ...]
    seed: int

    @property
    def window_start(self) -> datetime.date:
        """The first day of the history: the first day of the month ``months - 1`` before today's."""
        return add_months(self.today.replace(day=1), -(self.months - 1))

    @property
    def owner(self) -> Member:
        return next((m for m in self.team if m.is_owner), self.team[0])

    @property
    def staff(self) -> tuple[Member, ...]:
        return tuple(m for m in self.team if not m.is_owner) or self.team


@dataclass
class CustomerPlan:
    spec: CustomerSpec
    customer: dict
    contracts: list[dict] = field(default_factory=list)
    addenda: list[dict] = field(default_factory=list)
    invoices: list[dict] = field(default_factory=list)
    payments: list[dict] = field(default_factory=list)
    follow_ups: list[dict] = field(default_factory=list)
    interactions: list[dict] = field(default_factory=list)
    cost_entries: list[dict] = field(default_factory=list)


def money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month
