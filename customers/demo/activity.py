"""Month by month: the interactions and direct costs each kind of customer brings."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from customers.models import Contract

from . import cast, texts
from .dates import weekdays_of
from .setting import Member, money, months_between
from .state import PlannerState

FREE_WORK_RATE = Decimal("60.00")
WORK_BLOCK_MINUTES = 420  # maintenance and fixes are logged in blocks of at most a working day
SUBCONTRACTED_SHARE = Decimal("0.10")  # the big customer's nights and weekends, covered by a partner firm
COSTLY_MONTHLY_STAFF_COST = Decimal("2000")
DURATIONS = {"call": (5, 40), "email": (5, 20), "meeting": (30, 90), "site_visit": (60, 180), "chat": (5, 20)}
ORDINARY_KINDS = ("call", "call", "call", "email", "email", "email", "meeting", "site_visit", "chat", "message")


class ActivityPlanner(PlannerState):
    """Part of ``plan._Planner``: its ``rng``, ``spec``, ``setting``, ``today``, ``interaction`` and ``cost_entry``."""

    def _month(self, month: datetime.date, days: list[datetime.date]) -> None:
        behaviour = self.spec.behaviour
        if behaviour == cast.COSTLY:
            self._hand_holding(month, days)
        elif behaviour == cast.CALLER:
            self._constant_calls(days)
        elif behaviour == cast.BIG:
            self._scheduled_work(month, days, self._ordinary(days, self.rng.randint(25, 35)))
            if days:
                self.cost_entry(
                    self.rng.choice(days),
                    "materials",
                    money(self.rng.randint(200, 900)),
                    self.rng.choice(texts.MATERIALS_NOTES),
                )
                fee = self.spec.fee or Decimal(0)
                self.cost_entry(days[-1], "subcontractor", money(fee * SUBCONTRACTED_SHARE), texts.ON_CALL_NOTE)
        else:
            self._scheduled_work(month, days, self._ordinary(days, self.rng.randint(*self._usual_contacts())))
            if days and self.rng.random() < 0.2 and behaviour != cast.HOURLY:
                self.cost_entry(
                    self.rng.choice(days),
                    "materials",
                    money(self.rng.randint(40, 350)),
                    self.rng.choice(texts.MATERIALS_NOTES),
                )
        if behaviour == cast.DISCOUNT_HUNTER:
            self._discount_requests(month, days)
        elif behaviour == cast.REPUTATION:
            self._reputation(month, days)

    def _usual_contacts(self) -> tuple[int, int]:
        """How many interactions a month a customer usually needs: bigger contracts, more contact."""
        fee = self.spec.fee
        if fee is None:
            return (1, 4)
        monthly = fee / Contract.MONTHS_PER_PERIOD.get(self.spec.billing_period, 1)
        return (1, 4) if monthly < 800 else (2, 6) if monthly < 1500 else (3, 7)

    def _pick_member(self, kind: str) -> Member:
        if kind == "meeting" and self.rng.random() < 0.7:
            return self.setting.owner
        return self.rng.choice(self.setting.staff) if self.rng.random() < 0.85 else self.rng.choice(self.setting.team)

    def _ordinary(self, days: list[datetime.date], count: int) -> int:
        """``count`` everyday contacts, a few of them outside the contract; returns their minutes."""
        rng, spent = self.rng, 0
        for _ in range(count):
            if not days:
                return spent
            kind = rng.choice(ORDINARY_KINDS)
            low, high = DURATIONS.get(kind, (2, 10))
            minutes, day, member = rng.randint(low, high), rng.choice(days), self._pick_member(kind)
            spent += minutes
            if rng.random() < 0.04 and self.spec.behaviour != cast.HOURLY:
                self.interaction(
                    day,
                    kind,
                    minutes,
                    member,
                    in_scope=False,
                    note=rng.choice(texts.OUT_OF_SCOPE_NOTES),
                )
                continue
            direction = "outbound" if kind in ("email", "site_visit") and rng.random() < 0.5 else "inbound"
            self.interaction(
                day, kind, minutes, member, direction=direction, note=rng.choice(texts.IN_SCOPE_NOTES[kind])
            )
            if kind == "site_visit" and rng.random() < 0.6 and self.spec.behaviour != cast.HOURLY:
                self.cost_entry(day, "travel", money(rng.randint(15, 60)), texts.TRAVEL_NOTE)
        return spent

    def _scheduled_work(self, month: datetime.date, days: list[datetime.date], spent: int) -> None:
        """The month's maintenance and fixes, on site or remote, up to the hours the customer takes.

        In long blocks (at most a working day each), so a busy customer means more hours, not endless rows.
        The current month counts pro rata, like everything else.
        """
        if not days:
            return
        rng = self.work_rng
        target = float(self.spec.hours_per_month) * 60 * rng.uniform(0.9, 1.1)
        if month == self.today.replace(day=1):
            target = target * len(days) / len(weekdays_of(month))
        remaining = round(target) - spent
        if remaining < 30:
            return
        blocks = math.ceil(remaining / WORK_BLOCK_MINUTES)
        for block in range(blocks):
            minutes = remaining // blocks + (1 if block < remaining % blocks else 0)
            on_site = rng.random() < 0.4
            kind = "site_visit" if on_site else "call"
            day, member = rng.choice(days), rng.choice(self.setting.staff)
            note = rng.choice(texts.ON_SITE_WORK_NOTES if on_site else texts.REMOTE_WORK_NOTES)
            direction = "outbound" if on_site else "inbound"
            self.interaction(day, kind, minutes, member, rng, direction=direction, note=note)
            if on_site and self.spec.behaviour != cast.HOURLY:
                self.cost_entry(day, "travel", money(rng.randint(15, 60)), texts.TRAVEL_NOTE)

    def _hand_holding(self, month: datetime.date, days: list[datetime.date]) -> None:
        """In-scope but endless: staff time worth about 2,000 a month (pro rata in the current month)."""
        if not days:
            return
        target = COSTLY_MONTHLY_STAFF_COST * Decimal(str(self.rng.uniform(0.96, 1.04)))
        if month == self.today.replace(day=1):
            target = target * len(days) / len(weekdays_of(month))
        spent, rng = Decimal(0), self.rng
        while spent < target - 1:
            kind = rng.choice(("call", "call", "call", "chat", "site_visit", "email"))
            low, high = {"call": (15, 60), "chat": (10, 40), "site_visit": (60, 150), "email": (10, 25)}[kind]
            member = self._pick_member(kind)
            minutes = rng.randint(low, high)
            left = math.ceil((target - spent) * 60 / member.hourly_cost) if member.hourly_cost else minutes
            minutes = max(1, min(minutes, left))
            spent += member.hourly_cost * minutes / 60
            self.interaction(rng.choice(days), kind, minutes, member, note=rng.choice(texts.HAND_HOLDING_NOTES))

    def _constant_calls(self, days: list[datetime.date]) -> None:
        """Several short calls every working day, mostly about things outside the contract."""
        rng = self.rng
        for day in days:
            for _ in range(rng.randint(*self.spec.calls_per_day)):
                member, minutes = rng.choice(self.setting.staff), rng.randint(3, 15)
                if rng.random() < 0.15:
                    self.interaction(day, "call", minutes, member, note=rng.choice(texts.IN_SCOPE_NOTES["call"]))
                    continue
                # Mostly the work is done outside the contract; the angry calls are the ones told no.
                angry = rng.random() < 0.1
                self.interaction(
                    day,
                    "call",
                    minutes,
                    member,
                    in_scope=angry,
                    out_of_scope_request=angry,
                    angry_when_refused=angry,
                    note=texts.ANGRY_NOTE if angry else rng.choice(texts.OUT_OF_SCOPE_NOTES),
                )

    def _discount_requests(self, month: datetime.date, days: list[datetime.date]) -> None:
        rng = self.rng
        for _ in range(rng.randint(1, 2) if days else 0):
            disputed = rng.random() < 0.15
            note = texts.DISPUTE_NOTE if disputed else rng.choice(texts.DISCOUNT_NOTES)
            self.interaction(
                rng.choice(days),
                rng.choice(("call", "email")),
                rng.randint(10, 25),
                self._pick_member("call"),
                asked_discount=True,
                disputed_invoice=disputed,
                note=note,
            )
        if days and rng.random() < 0.5:
            amount = money(self.spec.contract_fee * Decimal(str(rng.uniform(0.08, 0.15))))
            self.cost_entry(
                rng.choice(days), "discount", amount, f"Discount on the {month:%B} invoice to keep the peace"
            )
        if days and rng.random() < 0.35:
            hours = Decimal(rng.randint(2, 5))
            self.cost_entry(
                rng.choice(days),
                "free_work",
                money(hours * FREE_WORK_RATE),
                "Set up the menu-board screens free of charge",
                hours,
            )

    def _reputation(self, month: datetime.date, days: list[datetime.date]) -> None:
        """Complaints now and then; threats on a fixed schedule, one public review seven months ago."""
        if not days:
            return
        rng, months_ago = self.rng, months_between(month, self.today.replace(day=1))
        if rng.random() < 0.4:
            self.interaction(
                rng.choice(days),
                "call",
                rng.randint(10, 30),
                self._pick_member("call"),
                complained=True,
                note=rng.choice(texts.COMPLAINT_NOTES),
            )
        if months_ago in (2, 5, 9, 14):
            self.interaction(
                rng.choice(days),
                "call",
                rng.randint(15, 40),
                self.setting.owner,
                complained=True,
                threatened_review=True,
                angry_when_refused=months_ago == 5,
                note=rng.choice(texts.THREAT_NOTES),
            )
        if months_ago == 7:
            day = days[len(days) // 2]
            self.interaction(
                day,
                "message",
                20,
                self.setting.owner,
                public_complaint=True,
                complained=True,
                note=texts.PUBLIC_COMPLAINT_NOTE,
            )
            self.cost_entry(day, "refund", money(150), "Refund for the afternoon the Wi-Fi was down")
