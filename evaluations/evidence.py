"""Which records stand behind each question's rating, as filters of the record lists.

The customer report links every red or watch rating to the list of exactly
these records (``customers.lists``), built from the same window and conditions
the figures use for their evidence (``selectors.figures``: ``demand_ids``,
``concession_ids``, ``good_nature_ids``, ``reputation_ids``, ``late_ids``).
tests/reports/test_evidence_lists.py holds each list equal to the rule's
evidence, so a rule that starts counting another signal must add it here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse

from customers.lists.forms import OUTSIDE_CONTRACT

from .periods import TRAILING_3, TRAILING_12, Period


@dataclass(frozen=True)
class EvidenceList:
    """A link to a filtered, read-only list: ``kind`` is the evidence kind it holds (None: context only)."""

    label: str
    kind: str | None
    url_name: str
    params: tuple[tuple[str, str], ...]

    @property
    def url(self) -> str:
        query = QueryDict(mutable=True)
        for name, value in self.params:
            query.appendlist(name, value)
        return f"{reverse(self.url_name)}?{query.urlencode()}"


def _window(customer_id: int, period: Period) -> tuple[tuple[str, str], ...]:
    """The customer and the period's days (the questions' windows are trailing months: they have a start)."""
    start = period.start.isoformat() if period.start else ""
    return (("customer", str(customer_id)), ("from", start), ("to", period.end.isoformat()))


def _flags(*flags: str) -> tuple[tuple[str, str], ...]:
    return tuple(("signal", flag) for flag in flags)


def evidence_lists(question: str, *, customer_id: int, periods: Mapping[str, Period]) -> list[EvidenceList]:
    """The lists behind question ``question`` ("demands", "good_nature", "reputation", "pays_on_time")."""
    last_3 = _window(customer_id, periods[TRAILING_3])
    last_12 = _window(customer_id, periods[TRAILING_12])
    if question == "demands":
        return [
            EvidenceList(
                "Calls and work outside the contract, asking for more, or angry when told no (last 3 months)",
                "interaction",
                "interaction_list",
                last_3 + _flags(OUTSIDE_CONTRACT, "out_of_scope_request", "angry_when_refused"),
            ),
            EvidenceList(
                "All their calls and work of the last 3 months (the hours used)", None, "interaction_list", last_3
            ),
        ]
    if question == "good_nature":
        return [
            EvidenceList(
                "Concessions given (last 12 months)", "cost_entry", "costentry_list", (*last_12, ("kind", "concession"))
            ),
            EvidenceList(
                "Asked for discounts or free work, disputed an invoice, or was dishonest (last 12 months)",
                "interaction",
                "interaction_list",
                last_12 + _flags("asked_discount", "disputed_invoice", "dishonest"),
            ),
        ]
    if question == "reputation":
        return [
            EvidenceList(
                "Threats, public complaints, complaints and abuse (last 12 months)",
                "interaction",
                "interaction_list",
                last_12 + _flags("threatened_review", "public_complaint", "complained", "abusive"),
            )
        ]
    if question == "pays_on_time":
        # Invoices that fell due in the last 12 months (up to today) and were paid late or are overdue.
        return [
            EvidenceList(
                "Invoices due in the last 12 months, paid late or still overdue",
                "invoice",
                "invoice_list",
                (*last_12, ("dates", "due"), ("status", "late")),
            )
        ]
    return []
