"""What the planner mixins share: the attributes ``plan._Planner`` sets and the row helpers it defines.

Only declarations, so a type checker can follow ``ActivityPlanner`` and ``BillingPlanner`` on their own.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from . import cast
from .setting import CustomerPlan, Member, Setting


class PlannerState:
    spec: cast.CustomerSpec
    setting: Setting
    today: datetime.date
    first_day: datetime.date
    last_day: datetime.date
    rng: random.Random
    work_rng: random.Random
    plan_: CustomerPlan
    billable_minutes: dict[datetime.date, int]

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        raise NotImplementedError

    def interaction(
        self,
        day: datetime.date,
        kind: str,
        minutes: int,
        member: Member,
        rng: random.Random | None = None,
        **fields: Any,
    ) -> dict:
        raise NotImplementedError

    def cost_entry(
        self, day: datetime.date, kind: str, amount: Decimal, note: str, hours: Decimal | None = None
    ) -> None:
        raise NotImplementedError
