"""Print the shape of the generated demo data, measured with the real evaluation code.

    .venv/bin/python scripts/demo_shape.py [--customers N] [--months M] [--today YYYY-MM-DD] [--seed S]

Generates a business exactly as ``manage.py seed_demo`` would (the demo team
and its characters for the default size, the benchmark team and a generated
cast with ``--customers``) inside a transaction that is rolled back: nothing is
kept. Then prints, over the last 12 months: the top 20% of customers' share of
profit, the whale curve's peak, the share of customers losing money, the
overall margin and the verdict counts (what issue 14 asks the demo to show).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


class RolledBack(Exception):
    """Raised to leave the transaction without keeping anything."""


def main() -> None:
    import django

    django.setup()
    from django.db import transaction

    from accounts.demo import DEMO_BUSINESS, ensure_benchmark_business, ensure_demo_team
    from accounts.models import Business
    from accounts.tenancy import all_businesses
    from customers.demo.generator import DEFAULT_SEED, DEMO_CUSTOMERS, DEMO_MONTHS, demo_data_create
    from evaluations import rules
    from evaluations.services import evaluate_business

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=DEMO_CUSTOMERS)
    parser.add_argument("--months", type=int, default=DEMO_MONTHS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)
    parser.add_argument("--generated", action="store_true", help="a generated cast even at the demo's size")
    options = parser.parse_args()
    demo = options.customers == DEMO_CUSTOMERS and not options.generated

    started = time.monotonic()
    try:
        with all_businesses("measuring the shape of generated demo data"), transaction.atomic():
            if demo:
                business = Business.objects.create(
                    name=f"{DEMO_BUSINESS} (shape)", time_zone="America/Chicago", default_hourly_cost="60.00"
                )
                ensure_demo_team(business)
            else:
                business, _ = ensure_benchmark_business("Demo shape (rolled back)", "shape-owner@example.com")
            totals = demo_data_create(
                business=business,
                customers=options.customers,
                months=options.months,
                seed=options.seed,
                characters=demo,
                today=options.today,
            )
            seeded = time.monotonic()
            evaluation = evaluate_business(business, today=options.today)
            report(evaluation, rules)
            months = options.months * options.customers
            print(
                f"  {totals.interactions:,} interactions ({totals.interactions / months:.1f} a customer a month), "
                f"{totals.invoices:,} invoices"
            )
            print(f"seeded in {seeded - started:.1f} s, evaluated in {time.monotonic() - seeded:.1f} s")
            raise RolledBack
    except RolledBack:
        pass


def percent(value) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}%"


def report(evaluation, rules) -> None:
    shape = rules.whale_shape(evaluation.whale_curve)
    totals = evaluation.totals["trailing_12"]
    verdicts = Counter(c.verdict.verdict.value for c in evaluation.customers)
    print(f"{evaluation.business.name}, {shape.customers} customers, 12 months to {evaluation.today}")
    print(f"  revenue {totals.revenue:,.0f}, cost to serve {totals.cost_to_serve:,.0f}, profit {totals.profit:,.0f}")
    print(f"  overall margin:          {percent(totals.margin)}")
    print(f"  top 20% ({shape.top_fifth_count}) earn:      {percent(shape.top_fifth_share)} of profit")
    print(f"  whale curve peaks at:    {percent(shape.peak_share)} with the best {shape.best_count}")
    print(f"  losing money:            {shape.losing_count} ({percent(shape.losing_customers_share)})")
    print(f"  losses:                  {percent(shape.losses_share)} of profit")
    print("  verdicts:                " + ", ".join(f"{verdicts[v.value]} {v.label}" for v in rules.Verdict))
    if os.environ.get("SHAPE_DETAIL"):
        for c in sorted(evaluation.customers, key=lambda c: -c.trailing_12.profit):
            t12 = c.trailing_12
            print(
                f"    {c.name[:32]:32} rev {t12.revenue:>9,.0f} cost {t12.cost_to_serve:>9,.0f} "
                f"profit {t12.profit:>9,.0f} margin {percent(t12.margin):>5} {t12.staff_hours:>6} h "
                f"{c.verdict.verdict.value}"
            )


if __name__ == "__main__":
    main()
