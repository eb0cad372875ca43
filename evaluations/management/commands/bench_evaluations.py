# ruff: noqa: S608  (the SQL is assembled from constant fragments; every value is a bound parameter)
"""``make bench``: time the evaluation on a large business against the same aggregates in plain SQL.

Seeds "Benchmark Co" once through the demo generator (10,000 customers, 20
months of history), then prints the median of several runs of: evaluating every
customer, evaluating one customer, and the same aggregates written as plain SQL
and run directly on the psycopg connection (no ORM, no rules), with the ratio
to plain SQL. A benchmark, not a test: it reports, it never fails on time.
"""

from __future__ import annotations

import datetime
import itertools
import os
import statistics
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.demo import DEMO_BUSINESS as DEMO_BUSINESS_NAME
from accounts.models import Business
from accounts.tenancy import acting_for, all_businesses
from customers.models import Customer, Interaction, Invoice
from evaluations.management import bench_standings as bench
from evaluations.periods import TRAILING_3, TRAILING_12, Period, standard_periods
from evaluations.services import business_today, evaluate_business, evaluate_customer

NAME = "Benchmark Co"
GOALS = {"all customers": 2.0, "one customer": 0.050}


def _between(column: str, period: Period, local: bool) -> str:
    """A plain-SQL condition for a period; ``local`` compares timestamps with the local-midnight instants."""
    start, end = (
        (f"%({period.key}_from)s", f"%({period.key}_to)s")
        if local
        else (f"%({period.key}_start)s", f"%({period.key}_end)s")
    )
    upper = f"{column} < {end}" if local else f"{column} <= {end}"
    return upper if period.start is None else f"{column} >= {start} AND {upper}"


def plain_sql(periods: dict[str, Period], one_customer: bool) -> list[str]:
    """The same aggregates as ``selectors.customer_figures``, written by hand."""
    only = " AND customer_id = %(customer)s" if one_customer else ""
    t3, t12 = _between("occurred_at", periods[TRAILING_3], True), _between("occurred_at", periods[TRAILING_12], True)
    interaction_cols, cost_cols, invoice_cols, cash_cols = [], [], [], []
    for period in periods.values():
        at, day = _between("occurred_at", period, True), _between("date", period, False)
        when = f" FILTER (WHERE {at})" if period.start else ""  # the WHERE clause already ends at today
        interaction_cols += [
            f"COALESCE(SUM(duration_minutes){when}, 0)",
            f"COALESCE(SUM(duration_minutes * hourly_cost){when}, 0)",
        ]
        cost_cols += [
            f"COALESCE(SUM(amount) FILTER (WHERE {day} AND NOT kind IN ({CONCESSIONS})), 0)",
            f"COALESCE(SUM(amount) FILTER (WHERE {day} AND kind IN ({CONCESSIONS})), 0)",
        ]
        invoice_cols.append(f"COALESCE(SUM(amount) FILTER (WHERE {_between('issue_date', period, False)}), 0)")
        cash_cols.append(f"COALESCE(SUM(p.amount) FILTER (WHERE {_between('p.date', period, False)}), 0)")
    late = "GREATEST(COALESCE(paid_in_full_on, %(today)s) - due_date, 0)"
    due = "due_date >= %(trailing_12_start)s AND due_date <= %(today)s"
    revenue_12 = _between("issue_date", periods[TRAILING_12], False)  # the business's, for one customer's share
    concession_12 = f"{_between('date', periods[TRAILING_12], False)} AND kind IN ({CONCESSIONS})"
    # The ids of the records behind the ratings: only when evaluating one customer (as the selectors do).
    interaction_ids = cost_ids = invoice_ids = ""
    if one_customer:
        interaction_ids = f""",
            ARRAY_AGG(id ORDER BY occurred_at DESC)
                FILTER (WHERE {t3} AND (NOT in_scope OR out_of_scope_request OR angry_when_refused)),
            ARRAY_AGG(id ORDER BY occurred_at DESC)
                FILTER (WHERE {t12} AND (asked_discount OR disputed_invoice OR dishonest)),
            ARRAY_AGG(id ORDER BY occurred_at DESC)
                FILTER (WHERE {t12} AND (threatened_review OR public_complaint OR complained OR abusive))"""
        cost_ids = f", ARRAY_AGG(id ORDER BY date DESC) FILTER (WHERE {concession_12})"
        invoice_ids = f", ARRAY_AGG(id ORDER BY {late} DESC, due_date DESC) FILTER (WHERE {due} AND {late} > 0)"
    return [
        "SELECT id, name, status, customer_since FROM customers_customer WHERE business_id = %(business)s"
        + (" AND id = %(customer)s" if one_customer else "")
        + " ORDER BY name, id",
        "SELECT c.id, c.customer_id, c.title, c.fee, c.billing_period, c.support_hours_per_month, c.start_date,"
        " c.end_date, c.auto_renew, c.notice_period_days,"
        " COALESCE(SUM(a.fee_change) FILTER (WHERE a.effective_date <= %(today)s AND a.status = 'signed'), 0),"
        " (SELECT h.support_hours_per_month FROM customers_addendum h WHERE h.contract_id = c.id"
        " AND h.status = 'signed' AND h.effective_date <= %(today)s AND h.support_hours_per_month IS NOT NULL"
        " ORDER BY h.effective_date DESC, h.id DESC LIMIT 1)"
        " FROM customers_contract c LEFT JOIN customers_addendum a ON a.contract_id = c.id"
        " WHERE c.business_id = %(business)s AND c.status = 'active'"
        + only.replace("customer_id", "c.customer_id")
        + " GROUP BY c.id",
        f"""SELECT customer_id, {", ".join(interaction_cols)},
            COALESCE(SUM(duration_minutes) FILTER (WHERE {t3} AND NOT in_scope), 0),
            COALESCE(SUM(duration_minutes * hourly_cost) FILTER (WHERE {t3} AND NOT in_scope), 0),
            COALESCE(SUM(duration_minutes * hourly_cost) FILTER (WHERE {t12} AND NOT in_scope), 0),
            COUNT(*) FILTER (WHERE {t3} AND angry_when_refused),
            COUNT(*) FILTER (WHERE {t3} AND (NOT in_scope OR out_of_scope_request)),
            COUNT(*) FILTER (WHERE {t12} AND dishonest),
            COUNT(*) FILTER (WHERE {t12} AND asked_discount),
            COUNT(*) FILTER (WHERE {t12} AND disputed_invoice),
            COUNT(*) FILTER (WHERE {t12} AND threatened_review),
            COUNT(*) FILTER (WHERE {t12} AND public_complaint),
            COUNT(*) FILTER (WHERE {t12} AND complained),
            COUNT(*) FILTER (WHERE {t12} AND abusive){interaction_ids}
        FROM customers_interaction WHERE business_id = %(business)s AND occurred_at < %(lifetime_to)s{only}
        GROUP BY customer_id""",
        f"""SELECT customer_id, {", ".join(cost_cols)}{cost_ids}
        FROM customers_costentry WHERE business_id = %(business)s AND date <= %(today)s{only} GROUP BY customer_id""",
        f"""SELECT customer_id, {", ".join(invoice_cols)},
            COUNT(*) FILTER (WHERE {due}), COALESCE(SUM(amount) FILTER (WHERE {due}), 0),
            COALESCE(SUM(amount * {late}) FILTER (WHERE {due}), 0),
            COUNT(*) FILTER (WHERE {due} AND {late} > 30), COALESCE(MAX({late}) FILTER (WHERE {due}), 0),
            REGR_SLOPE({late}, {DUE_MONTH_SQL}) FILTER (WHERE {due}),
            REGR_INTERCEPT({late}, {DUE_MONTH_SQL}) FILTER (WHERE {due}),
            MIN({DUE_MONTH_SQL}) FILTER (WHERE {due}), MAX({DUE_MONTH_SQL}) FILTER (WHERE {due}),
            COALESCE(SUM(amount - amount_paid) FILTER (WHERE paid_in_full_on IS NULL AND due_date < %(today)s), 0)
            {invoice_ids}
        FROM customers_invoice WHERE business_id = %(business)s AND issue_date <= %(today)s{only}
        GROUP BY customer_id""",
        f"""SELECT i.customer_id, {", ".join(cash_cols)} FROM customers_payment p
        JOIN customers_invoice i ON i.id = p.invoice_id
        WHERE p.business_id = %(business)s AND p.date <= %(today)s{only.replace("customer_id", "i.customer_id")}
        GROUP BY i.customer_id""",
    ] + (
        [f"SELECT SUM(amount) FROM customers_invoice WHERE business_id = %(business)s AND {revenue_12}"]
        if one_customer
        else []
    )


CONCESSIONS = "'refund', 'write_off', 'discount', 'free_work'"
DUE_MONTH_SQL = "(EXTRACT(YEAR FROM due_date) * 12 + EXTRACT(MONTH FROM due_date) - 1)::integer"


def sql_params(business: Business, periods: dict[str, Period], today: datetime.date, customer_id: int | None) -> dict:
    tz = ZoneInfo(business.time_zone)
    params = {"business": business.pk, "today": today, "customer": customer_id}
    for key, period in periods.items():
        params |= {
            f"{key}_start": period.start,
            f"{key}_end": period.end,
            f"{key}_from": period.starts_at(tz),
            f"{key}_to": period.ends_before(tz),
        }
    return params


def paired_medians(evaluate: Callable[[], object], plain: Callable[[], object], times: int) -> tuple[float, float]:
    """Median seconds of each, run in alternation so both see the same load on a shared machine."""
    evaluate(), plain()  # warm up caches and the connection
    evaluated: list[float] = []
    direct: list[float] = []
    for _ in range(times):
        for run, samples in ((evaluate, evaluated), (plain, direct)):
            started = time.perf_counter()
            run()
            samples.append(time.perf_counter() - started)
    return statistics.median(evaluated), statistics.median(direct)


def _load_average(when: str) -> str:
    """The machine's load, to read the figures by: on shared cores the ratios matter more than the times."""
    one, five, fifteen = os.getloadavg()
    return f"Load average {when} (1, 5, 15 min): {one:.1f}, {five:.1f}, {fifteen:.1f} on {os.cpu_count()} cores."


def has_customers(business: Business) -> bool:
    with acting_for(business.pk):
        return Customer.objects.filter(business=business).exists()


class Command(BaseCommand):
    help = "Time evaluating every customer, one customer, and the same aggregates in plain SQL (seeds once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--runs", type=int, default=5, help="Runs for all customers (one customer: 10x).")
        parser.add_argument("--customers", type=int, default=10_000)
        parser.add_argument("--months", type=int, default=20)

    def handle(self, *args, runs: int, customers: int, months: int, **options) -> None:
        business = Business.objects.filter(name=NAME).first()
        if business is None or not has_customers(business):
            self.stdout.write(f"Seeding {NAME} once: {customers} customers, {months} months (this takes a while)...")
            call_command("seed_demo", "--business-name", NAME, "--customers", str(customers), "--months", str(months))
            business = Business.objects.get(name=NAME)
        with acting_for(business.pk):
            today = business_today(business)
            periods = standard_periods(today)
            counts = {
                "customers": Customer.objects.filter(business=business).count(),
                "interactions": Interaction.objects.filter(business=business).count(),
                "invoices": Invoice.objects.filter(business=business).count(),
            }
            self.stdout.write(f"{NAME}: " + ", ".join(f"{n:,} {what}" for what, n in counts.items()))
            self.stdout.write(_load_average("at the start"))
            # One customer: a different customer each run (every 20th), the plain SQL for the same one,
            # so nothing about a particular customer is warm from the run before.
            pks = list(Customer.objects.filter(business=business).order_by("pk").values_list("pk", flat=True))
            sample = list(Customer.objects.select_related("business").filter(pk__in=pks[::20]).order_by("pk"))
            rotation = itertools.cycle(sample)
            current = {"customer": sample[0]}

            def run_sql(one: bool) -> Callable[[], None]:
                statements = plain_sql(periods, one_customer=one)

                def run() -> None:
                    params = sql_params(business, periods, today, current["customer"].pk if one else None)
                    connection.ensure_connection()
                    with connection.connection.cursor() as cursor:  # the psycopg cursor itself
                        for statement in statements:
                            cursor.execute(statement, params)
                            cursor.fetchall()

                return run

            def evaluate_one() -> None:
                current["customer"] = next(rotation)
                evaluate_customer(current["customer"], today=today)

            def evaluate_all() -> None:
                evaluate_business(business, today=today)

            results = [
                ("all customers", *paired_medians(evaluate_all, run_sql(False), runs)),
                ("one customer", *paired_medians(evaluate_one, run_sql(True), runs * 10)),
            ]
            self.stdout.write(f"{'':16}{'evaluation':>12}{'plain SQL':>12}{'ratio':>8}{'goal':>10}")
            for label, evaluated, plain in results:
                goal = GOALS[label]
                verdict = "met" if evaluated < goal and evaluated <= plain * 1.5 else "MISSED"
                self.stdout.write(
                    f"{label:16}{evaluated * 1000:>10.1f}ms{plain * 1000:>10.1f}ms{evaluated / plain:>7.2f}x"
                    f"{f'<{goal * 1000:.0f}ms':>10}  {verdict} (goal also: within 1.5x of plain SQL)"
                )
            self.stdout.write(f"Medians of {runs} runs (all customers) and {runs * 10} runs (one customer).")
            self._bench_standings(business, runs)

    def _bench_standings(self, business: Business, runs: int) -> None:
        """Issue 10's goals: stored standings make pages and writes fast at any size."""
        with all_businesses("benchmark: the demo and the benchmark business"):
            self._bench_standings_rows(business, runs)

    def _bench_standings_rows(self, business: Business, runs: int) -> None:
        demo = Business.objects.filter(name=DEMO_BUSINESS_NAME).order_by("pk").first()
        if demo is None or not Customer.objects.filter(business=demo).exists():
            call_command("seed_demo", verbosity=0)
            demo = Business.objects.filter(name=DEMO_BUSINESS_NAME).order_by("pk").first()
        if demo is None:
            raise CommandError(f"seed_demo did not make “{DEMO_BUSINESS_NAME}”.")
        demo_customers = Customer.objects.filter(business=demo).count()  # before any page view resets the tenancy
        count = Customer.objects.filter(business=business).count()
        refreshes = bench.refresh_cases(business, runs)
        differences = bench.differences(business)
        rows = [
            *(
                (f"refresh all, {label}", seconds, evaluation, "evaluate all, alternated with it" if goal else None)
                for label, seconds, evaluation, goal in refreshes
            ),
            ("dashboard, first page", bench.dashboard_seconds(business, runs * 4), bench.DASHBOARD_LARGE, ""),
            (
                f"dashboard, demo ({demo_customers} customers)",
                bench.dashboard_seconds(demo, runs * 4),
                bench.DASHBOARD_DEMO,
                "",
            ),
            ("log a call + its refresh", bench.log_a_call_seconds(business, runs * 10), bench.LOG_A_CALL, ""),
        ]
        self.stdout.write("")
        self.stdout.write(f"{f'Standings ({NAME} unless said)':46}{'measured':>14}{'goal':>11}{'ratio':>8}")
        for label, seconds, goal, goal_is in rows:  # goal_is None: timed against the goal's figure, not held to it
            verdict = "met" if seconds <= goal else "MISSED"
            note = f" (goal: {goal_is})" if goal_is else ""
            if goal_is is None:
                verdict, note = "-", " (no goal: the first refresh, months' gap, a large import; against evaluate all)"
            self.stdout.write(
                f"{label:46}{seconds * 1000:>12.1f}ms{goal * 1000:>9.0f}ms{seconds / goal:>7.2f}x  {verdict}{note}"
            )
        verdict = "met" if differences == 0 else "MISSED"
        self.stdout.write(f"{'verify_standings differences':46}{differences:>14}{0:>11}{'':>8}  {verdict}")
        self.stdout.write(
            f"Medians of {runs} refreshes of each kind ({max(1, runs // 2)} reading every record)"
            f" of {count:,} customers,"
            f" {runs * 4} page views and {runs * 10} calls (rolled back)."
        )
        self.stdout.write(_load_average("at the end"))
