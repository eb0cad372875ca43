"""One customer's history planned in memory, as rows ready for the writer.

Rows are dicts keyed by the models' column attribute names. The writer fills
in ``business_id``, ``customer_id`` and the ids of contracts and invoices
(rows point at their parents with ``contract_index`` and ``invoice_index``,
positions in the same plan). Everything is drawn from a random generator
seeded by the business seed and the customer's number, so a customer's
history does not depend on which other customers are generated with it.

The month-by-month activity lives in ``activity.py``, invoices and payments
in ``billing.py``.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from . import cast, texts
from .activity import ActivityPlanner
from .billing import BillingPlanner
from .dates import add_months, month_starts, weekdays_of
from .setting import CustomerPlan, Member, Setting, money


def plan_customer(spec: cast.CustomerSpec, setting: Setting) -> CustomerPlan:
    """The whole history of one customer, from the start of the window (or joining) to today (or leaving)."""
    return _Planner(spec, setting).plan()


class _Planner(ActivityPlanner, BillingPlanner):
    """Plans one customer: who they are and their contracts here, their activity and their billing in the mixins."""

    def __init__(self, spec: cast.CustomerSpec, setting: Setting) -> None:
        self.spec, self.setting, self.today = spec, setting, setting.today
        self.rng = random.Random(f"{setting.seed}/{spec.number}")
        # The scheduled work draws from its own stream, so the rest of a history (the characters' calls,
        # requests and concessions) does not change when the hours a customer takes are tuned.
        self.work_rng = random.Random(f"{setting.seed}/{spec.number}/work")
        self.first_day = setting.window_start
        if spec.joined_months_ago is not None:
            joined = add_months(self.today.replace(day=1), -spec.joined_months_ago)
            self.first_day = max(joined, setting.window_start)
        ended = spec.ended_days_ago
        self.last_day = self.today if ended is None else self.today - datetime.timedelta(days=ended)
        self.plan_ = CustomerPlan(spec=spec, customer=self._customer())
        self.billable_minutes: dict[datetime.date, int] = {}  # HOURLY: in-scope minutes per month

    # --- rows ------------------------------------------------------------------------------------

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.setting.tz)

    def _created_at(self, day: datetime.date, hour: int = 9) -> datetime.datetime:
        """Records before the window were entered on its first morning, when the business started the app."""
        return self.at(max(day, self.setting.window_start), hour)

    def _customer(self) -> dict:
        spec, rng = self.spec, self.rng
        first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
        domain = "".join(ch for ch in spec.name.lower() if ch.isalnum())[:24] or "customer"
        if spec.joined_months_ago is None:
            since = self.setting.window_start - datetime.timedelta(days=rng.randint(30, 2000))
        else:
            since = self.first_day
        former = spec.ended_days_ago is not None
        created = self._created_at(since)
        return {
            "name": spec.name,
            "contact_person": f"{first} {last}",
            "email": f"{first.lower()}@{domain}.example.com",
            "phone": f"(312) 555-{spec.number % 10000:04d}",
            "address": f"{rng.randint(10, 4999)} {rng.choice(texts.STREETS)}\n{rng.choice(texts.CITIES)}",
            "tags": list(spec.tags),
            "status": "former" if former else "active",
            "customer_since": since,
            "ended_on": self.last_day if former else None,
            "end_reason": spec.end_reason if former else "",
            "notes": "",
            "created_by_id": self.setting.owner.user_id,
            "created_at": created,
            "updated_at": created,
        }

    def interaction(
        self,
        day: datetime.date,
        kind: str,
        minutes: int,
        member: Member,
        rng: random.Random | None = None,
        **fields: Any,
    ) -> dict:
        rng = rng or self.rng
        at = self.at(day, rng.randint(8, 17), rng.randrange(0, 60, 5))
        row = {
            "handled_by_id": member.user_id,
            "created_by_id": member.user_id,
            "kind": kind,
            "occurred_at": at,
            "duration_minutes": minutes,
            "direction": "inbound",
            "in_scope": True,
            "note": "",
            "hourly_cost": member.hourly_cost,
            "created_at": at,
            "updated_at": at,
        }
        row.update(fields)
        self.plan_.interactions.append(row)
        if self.spec.behaviour == cast.HOURLY and row["in_scope"]:
            month = day.replace(day=1)
            self.billable_minutes[month] = self.billable_minutes.get(month, 0) + minutes
        return row

    def cost_entry(
        self, day: datetime.date, kind: str, amount: Decimal, note: str, hours: Decimal | None = None
    ) -> None:
        created = self.at(day, 16)
        self.plan_.cost_entries.append(
            {
                "date": day,
                "kind": kind,
                "amount": amount,
                "hours": hours,
                "note": note,
                "created_by_id": self.setting.owner.user_id,
                "created_at": created,
                "updated_at": created,
            }
        )

    # --- the plan ----------------------------------------------------------------------------------

    def plan(self) -> CustomerPlan:
        if self.spec.fee is not None:
            self._contracts()
        for month in month_starts(self.first_day, self.last_day):
            days = [d for d in weekdays_of(month) if self.first_day <= d <= self.last_day and d < self.today]
            self._month(month, days)
        self._invoices()
        return self.plan_

    def _contracts(self) -> None:
        """Yearly terms back to back, the last one current (or ended, for a former customer)."""
        spec, title, included, excluded = self.spec, *texts.SERVICES[self.spec.service]
        if spec.joined_months_ago is not None:
            start = self.first_day
            while add_months(start, 12) <= self.today:
                start = add_months(start, 12)
            starts = [start]
            while starts[0] > self.first_day:
                starts.insert(0, add_months(starts[0], -12))
        else:
            renewal = self.today + datetime.timedelta(days=spec.renewal_in_days)
            anchor = self.last_day if spec.ended_days_ago is not None else renewal
            starts = [add_months(anchor, -12) + datetime.timedelta(days=1)]
            while starts[0] > self.first_day:
                starts.insert(0, add_months(starts[0], -12))
        for index, start in enumerate(starts):
            last = index == len(starts) - 1
            if not last:
                end = starts[index + 1] - datetime.timedelta(days=1)
            elif spec.joined_months_ago is not None:
                end = add_months(start, 12) - datetime.timedelta(days=1)
            else:
                end = anchor
            # Earlier terms were a little cheaper: prices went up at renewal (not for the column's example).
            fee = spec.contract_fee
            if spec.behaviour == cast.HEALTHY and not last:
                fee = (fee * Decimal("0.95") ** (len(starts) - 1 - index)).quantize(Decimal("10"))
            created = self._created_at(start, 10)
            self.plan_.contracts.append(
                {
                    "title": title,
                    "services_included": included,
                    "services_excluded": excluded,
                    "fee": money(fee),
                    "billing_period": spec.billing_period,
                    "start_date": start,
                    "end_date": end,
                    "auto_renew": spec.auto_renew,
                    "notice_period_days": spec.notice_period_days,
                    "payment_terms_days": spec.payment_terms_days,
                    "support_hours_per_month": spec.support_hours,
                    "status": "active" if last and spec.ended_days_ago is None and end >= self.today else "ended",
                    "created_by_id": self.setting.owner.user_id,
                    "created_at": created,
                    "updated_at": created,
                }
            )
        addition = spec.addendum
        if addition is not None:
            # On the first of a month within the current term (which may have begun recently).
            effective = add_months(self.today.replace(day=1), -addition.months_ago)
            current = self.plan_.contracts[-1]
            if effective <= current["start_date"]:
                effective = add_months(current["start_date"].replace(day=1), 1)
            if effective <= min(self.today, current["end_date"]):
                created = self.at(effective - datetime.timedelta(days=7), 11)
                self.plan_.addenda.append(
                    {
                        "contract_index": len(self.plan_.contracts) - 1,
                        "effective_date": effective,
                        "description": addition.description,
                        "fee_change": money(addition.fee_change),
                        "scope_change": addition.scope_change,
                        "created_by_id": self.setting.owner.user_id,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
