"""Invoices every month (or quarter) from the contract as amended, and how each customer pays."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from customers.services import paid_state

from . import cast, texts
from .dates import add_months, month_starts
from .setting import money, months_between
from .state import PlannerState


class BillingPlanner(PlannerState):
    """Part of ``plan._Planner``: uses its contracts and addenda, ``rng`` and ``billable_minutes``."""

    def _contract_on(self, day: datetime.date) -> int | None:
        for index, contract in enumerate(self.plan_.contracts):
            if contract["start_date"] <= day <= contract["end_date"]:
                return index
        return None

    def _amount(self, contract_index: int, day: datetime.date) -> Decimal:
        amount = self.plan_.contracts[contract_index]["fee"]
        for addendum in self.plan_.addenda:
            if addendum["contract_index"] == contract_index and addendum["effective_date"] <= day:
                amount += addendum["fee_change"]
        return amount

    def _invoices(self) -> None:
        spec, clerk = self.spec, self.setting.staff[0]
        for month in month_starts(self.first_day, self.last_day):
            issue = max(month, self.first_day)
            contract_index = self._contract_on(issue)
            if spec.behaviour == cast.HOURLY:
                minutes = self.billable_minutes.get(add_months(month, -1), 0)
                if not minutes:
                    continue
                hours = Decimal(math.ceil(minutes / 60))
                amount, terms, note = hours * cast.HOURLY_RATE, 30, f"{hours} hours of work in the previous month"
                contract_index = None
            else:
                if contract_index is None:
                    continue
                contract = self.plan_.contracts[contract_index]
                if contract["billing_period"] == "quarterly" and months_between(contract["start_date"], month) % 3:
                    continue
                amount, terms = self._amount(contract_index, issue), contract["payment_terms_days"]
                note = f"{contract['title']}, {month:%B %Y}"
            due = issue + datetime.timedelta(days=terms)
            payments = [(d, a) for d, a in self._payment_dates(issue, due, amount) if d <= self.today]
            amount_paid, paid_on = paid_state(amount, payments)
            created = self.at(issue, 9)
            self.plan_.invoices.append(
                {
                    "number": f"INV-{issue:%Y%m}-{spec.number:05d}",
                    "contract_index": contract_index,
                    "issue_date": issue,
                    "due_date": due,
                    "amount": amount,
                    "note": note,
                    "amount_paid": amount_paid,
                    "paid_in_full_on": paid_on,
                    "created_by_id": clerk.user_id,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            invoice_index = len(self.plan_.invoices) - 1
            method = ("bank_transfer", "card", "cheque", "direct_debit")[spec.number % 4]
            for date, paid in payments:
                created = self.at(date, 11)
                self.plan_.payments.append(
                    {
                        "invoice_index": invoice_index,
                        "invoice_issue_date": issue,
                        "date": date,
                        "amount": paid,
                        "method": method,
                        "created_by_id": clerk.user_id,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
            if spec.behaviour == cast.LATE_PAYER:
                self._follow_ups(invoice_index, due, paid_on)

    def _payment_dates(
        self, issue: datetime.date, due: datetime.date, amount: Decimal
    ) -> list[tuple[datetime.date, Decimal]]:
        """When the customer pays (dates may lie after today: the caller drops those)."""
        rng, day = self.rng, datetime.timedelta(days=1)
        if self.spec.behaviour == cast.LATE_PAYER:
            # A part after the first reminder, the rest three to four months after the due date.
            first = money(amount * Decimal(str(rng.uniform(0.3, 0.5))))
            return [(due + rng.randint(30, 50) * day, first), (due + rng.randint(90, 120) * day, amount - first)]
        # Good payers: mostly within the terms, sometimes a few days late, now and then in two parts
        # (the rest within two weeks, so never more than ten days late either).
        terms = (due - issue).days
        if self.spec.behaviour in (cast.HEALTHY, cast.HOURLY) and rng.random() < 0.12:
            first_day = issue + rng.randint(3, max(3, terms // 2)) * day
            first = money(amount * Decimal(str(rng.uniform(0.4, 0.6))))
            return [(first_day, first), (first_day + rng.randint(7, 14) * day, amount - first)]
        if rng.random() < 0.85:
            return [(issue + rng.randint(min(3, terms), max(terms - 2, 3)) * day, amount)]
        return [(due + rng.randint(1, 10) * day, amount)]

    def _follow_ups(self, invoice_index: int, due: datetime.date, paid_on: datetime.date | None) -> None:
        for number, after in enumerate((30, 60, 85)):
            day = due + datetime.timedelta(days=after)
            if day <= self.today and (paid_on is None or day < paid_on):
                created = self.at(day, 10)
                self.plan_.follow_ups.append(
                    {
                        "invoice_index": invoice_index,
                        "date": day,
                        "note": texts.FOLLOW_UP_NOTES[number],
                        "created_by_id": self.setting.staff[0].user_id,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
