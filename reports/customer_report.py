"""One customer's report: the verdict and the proof behind it, for the chosen period.

Figures come from the evaluations module (``evaluate_customer`` for the
verdict, the four questions, the standard periods and the chosen one; the
months and each invoice's days late, also through ``services``). This module
only gathers them for the page, in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.urls import NoReverseMatch, reverse

from customers.models import Addendum, Contract, Customer
from evaluations import rules, services
from evaluations.evidence import evidence_lists
from evaluations.models import Decision, MonthlySnapshot
from evaluations.periods import LIFETIME, TRAILING_12, Period, standard_periods
from evaluations.proposals import Renegotiation, renegotiation_for
from evaluations.rules import Profitability, QuestionResult, Verdict
from evaluations.services import CustomerEvaluation

from . import owner_charts
from .letters import NoticeDates, boot_letter, notice_dates
from .periods import Chosen
from .proposal_letter import fee_before, proposal_letter

EVIDENCE_SHOWN = 10
SNAPSHOTS_SHOWN = 24
# The customers app's read-only page of each kind of record (never an edit form: checking must not change it).
EVIDENCE_PAGES = {"invoice": "invoice_detail", "interaction": "interaction_detail", "cost_entry": "costentry_detail"}


def _url(name: str, pk: int) -> str | None:
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:  # the customers pages are optional for this app
        return None


@dataclass(frozen=True)
class EvidenceRow:
    kind: str  # interaction, invoice or cost_entry
    record: object
    url: str | None


@dataclass(frozen=True)
class EvidenceLink:
    """A filtered list of the records behind a rating: its words, URL and how many records the rating counted."""

    label: str
    url: str
    kind: str | None  # the evidence kind the list holds (interaction, invoice, cost_entry)
    count: int | None  # None for a list that gives context (all the hours), not the flagged records


@dataclass(frozen=True)
class QuestionCard:
    question: QuestionResult
    records: list[EvidenceRow]  # the first ones behind the rating
    more: int  # how many more there are
    lists: list[EvidenceLink]  # every record behind a red or watch rating, as filtered lists


@dataclass(frozen=True)
class ProposalDraft:
    """A draft addendum waiting for the customer's signature, with the letter that proposes it."""

    addendum: Addendum
    fee_before: Decimal  # per billing period on its date, without it
    letter: str

    @property
    def fee_after(self) -> Decimal:
        return self.fee_before + self.addendum.fee_change


@dataclass(frozen=True)
class CustomerReport:
    customer: Customer
    evaluation: CustomerEvaluation
    chosen: Chosen
    today: datetime.date
    money: list[tuple[str, Profitability]]  # (label, figures): the chosen period, last 12 months, lifetime
    selected: Profitability
    cards: list[QuestionCard]
    charts: dict[str, dict]
    reaches_red: datetime.date | None  # when late payments reach the red line at the current pace
    red_days: int
    contract: Contract | None  # the active contract with its addenda
    notice: NoticeDates | None
    letter: str | None  # the draft letter declining renewal, for a Boot verdict with a contract
    decisions: list[Decision]
    snapshots: list[MonthlySnapshot]
    renegotiation: Renegotiation  # the fee or the hours cap that reach the target margin
    drafts: list[ProposalDraft]  # draft addenda to the active contract, not counted until signed

    @property
    def is_boot(self) -> bool:
        return self.evaluation.verdict.verdict is Verdict.BOOT

    @property
    def is_renegotiate(self) -> bool:
        return self.evaluation.verdict.verdict is Verdict.RENEGOTIATE


def _links(question: QuestionResult, customer: Customer, periods) -> list[EvidenceLink]:
    """The lists behind a red or watch rating (none for OK), each with the number of records it holds.

    A list of flagged records is left out when the rule counted none of them; the list that gives
    context (question 1's hours, all of the period's time) is always there.
    """
    if question.rating is rules.Rating.OK:
        return []
    links = []
    for listed in evidence_lists(question.key, customer_id=customer.pk, periods=periods):
        count = sum(1 for item in question.evidence if item.kind == listed.kind) if listed.kind else None
        if count == 0:  # nothing of that kind counted (the rating comes from the others)
            continue
        try:
            links.append(EvidenceLink(listed.label, listed.url, listed.kind, count))
        except NoReverseMatch:  # the customers pages are optional for this app
            continue
    return links


def _cards(business, customer: Customer, questions, periods) -> list[QuestionCard]:
    evidence = [item for question in questions for item in question.evidence]
    records = services.evidence_records(business, customer.pk, evidence)
    customer_url = _url("customer_detail", customer.pk)
    cards = []
    for question in questions:
        found = [
            EvidenceRow(e.kind, records[(e.kind, e.id)], _url(EVIDENCE_PAGES[e.kind], e.id) or customer_url)
            for e in question.evidence
            if (e.kind, e.id) in records
        ]
        more = max(len(found) - EVIDENCE_SHOWN, 0)
        cards.append(QuestionCard(question, found[:EVIDENCE_SHOWN], more, _links(question, customer, periods)))
    return cards


def _month_text(value: object) -> str | None:
    """A figure's value that names a month ("2026-09"), or None."""
    return value if isinstance(value, str) and value else None


def _month(value: str | None) -> datetime.date | None:
    """ "2026-09" (as the rules give it) as a date, for the page to format."""
    return datetime.date.fromisoformat(f"{value}-01") if value else None


def _drafts(
    contract: Contract, renegotiation: Renegotiation, *, customer: Customer, today: datetime.date, signed_by: str
) -> list[ProposalDraft]:
    """The contract's draft addenda with their proposal letters (from the prefetched addenda: no query)."""
    figures = renegotiation.proposal.figures
    return [
        ProposalDraft(
            addendum,
            fee_before(contract, addendum),
            proposal_letter(
                business=customer.business,
                customer=customer,
                contract=contract,
                addendum=addendum,
                staff_hours=figures.staff_hours,
                months=figures.months,
                today=today,
                signed_by=signed_by,
            ),
        )
        for addendum in contract.addenda.all()
        if addendum.status == Addendum.Status.DRAFT
    ]


def report_for(
    customer: Customer, *, today: datetime.date, chosen: Chosen, signed_by: User | None = None
) -> CustomerReport:
    business = customer.business
    # The chosen period is summed in the evaluation's own queries.
    evaluation = services.evaluate_customer(customer, today=today, extra_periods={"selected": chosen.period})
    evaluation_periods = standard_periods(today)  # the windows the rules judged, as evaluate_customer uses them
    thresholds = services.thresholds_for(business)
    allowance = evaluation.contract.support_hours_per_month if evaluation.contract else None
    months = chosen.period.months  # for the support-hours allowance (None for all time)
    selected = rules.profitability(evaluation.figures.periods["selected"], allowance, months)
    payment = evaluation.figures.payment
    assert payment is not None  # the evaluation fills every question's figures
    reaches = _month_text(evaluation.question("pays_on_time").figure("reaches_red_in").value)
    trend = (payment.trend_slope, payment.trend_intercept) if reaches else (None, None)
    # The whole relationship's months start with the customer, not with the first record.
    months_period = chosen.period
    if months_period.start is None:
        months_period = Period("selected", chosen.label, customer.customer_since, today, None)
    monthly = services.monthly_totals(business, period=months_period, customer_id=customer.pk)
    lateness = services.invoice_lateness(business, customer.pk, today=today, period=chosen.period, trend=trend)

    contract = None
    if evaluation.contract is not None:
        contract = (
            Contract.objects.filter(business=business, pk=evaluation.contract.id)
            .select_related("customer")
            .prefetch_related("addenda")
            .first()
        )
    letter = None
    name = (signed_by.get_full_name() if signed_by is not None else "") or ""
    if contract is not None and evaluation.verdict.verdict is Verdict.BOOT:
        letter = boot_letter(business=business, customer=customer, contract=contract, today=today, signed_by=name)
    renegotiation = renegotiation_for(evaluation, business=business, thresholds=thresholds, today=today)
    drafts = (
        _drafts(contract, renegotiation, customer=customer, today=today, signed_by=name) if contract is not None else []
    )
    symbol = business.currency_symbol
    return CustomerReport(
        customer=customer,
        evaluation=evaluation,
        chosen=chosen,
        today=today,
        money=[(chosen.label, selected)]
        + [
            (label, evaluation.periods[key])
            for label, key, same in (("Last 12 months", TRAILING_12, "12m"), ("Whole relationship", LIFETIME, "all"))
            if chosen.key != same
        ],
        selected=selected,
        cards=_cards(business, customer, evaluation.questions, evaluation_periods),
        charts={
            "money": owner_charts.customer_money_by_month(monthly, symbol),
            "days_late": owner_charts.days_late(
                lateness,
                thresholds.invoice_days_late_red,
                f"{_month(reaches):%B %Y}" if reaches else None,
                business.dates_month_first,
            ),
        },
        reaches_red=_month(reaches),
        red_days=thresholds.invoice_days_late_red,
        contract=contract,
        notice=notice_dates(contract=contract, today=today) if contract is not None else None,
        letter=letter,
        decisions=list(Decision.objects.filter(business=business, customer=customer).select_related("decided_by")),
        snapshots=list(MonthlySnapshot.objects.filter(business=business, customer=customer)[:SNAPSHOTS_SHOWN]),
        renegotiation=renegotiation,
        drafts=drafts,
    )
