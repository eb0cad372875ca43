"""Fill a business with a believable, deterministic history (the demo and the benchmarks).

``demo_data_create`` is the entry point: it plans customers a chunk at a time
(``plan.plan_customer``) and writes each chunk with COPY (``writer``), so
memory stays bounded whatever the size. The same seed and the same ``today``
always give the same data.

What the business looks like (issue 14), and the assumptions behind it
----------------------------------------------------------------------
A small IT services firm (managed IT, networks, cloud, backups) of four to seven
people. Over the last 12 months the demo has the published shape of customer
profitability (Kaplan and Cooper's whale curve): the most profitable 20% of
customers earn about 160% of the profit, the curve peaks near 200%, a fifth
of the customers lose money and give back about as much as the whole profit,
and the overall margin on customers is about 20%. Measured with the real
evaluation code: ``scripts/demo_shape.py``; held by ``tests/evaluations/test_demo_shape.py``.

- Hourly costs (loaded: pay, taxes, benefits): technicians 40-65 an hour, the
  owner 85-90; the team's own figures from ``Membership``, about 55 blended.
- Fees: managed-service contracts of 450 to 3,600 a month (the big customer
  20,000-22,000), each priced at about 95 an hour of the work expected
  (``cast.PRICED_RATE``); customers without a contract pay 120 an hour.
- Staff time: everyday contacts (calls, e-mails, meetings, visits: 1 to 7 a
  month, 5 minutes to 3 hours each, about 4% outside the contract), plus the
  month's maintenance and fixes in blocks of up to a working day, on site or
  remote, up to the hours the customer takes: ``load`` x the hours its fee was
  priced for (``cast.CustomerSpec.load``), within 10% either way each month.
- Loads: the best-priced customers 0.35-0.45 (a margin near 70%); the usual
  customer 1.0-1.15 (25-35%, above the 20% target); thin ones 1.4-1.55 (a few
  percent: Renegotiate); quiet loss-makers 3.0-3.5: polite, on time, in scope,
  on a fee priced years ago for a third of the hours they now take (they cost
  about twice what they pay, like the column's example). The big customer
  takes about 160 hours a month against 120 in its contract, and its nights and
  weekends are covered by a partner firm for 10% of its fee.
- Direct costs: travel for most site visits (15-60), materials now
  and then (40-350; 200-900 a month for the big customer); concessions only
  from the discount hunter and the reputation threat.
- Scope creep: about 4% of everyday contacts are out-of-scope requests; the
  constant caller's calls are mostly out of scope (the column's character).

The column's characters are exactly as before (``characters``). A generated
cast (a business other than the demo, or the demo's customers past its 40)
sprinkles the characters and spreads its healthy customers over the same
tiers in a fixed cycle of 20 (``cast.TIER_CYCLE``: 4 best, 10 usual, 3 thin,
3 loss-makers), so it has the same shape at any size (checked at 40, 100, 300
and 1,000 customers).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from itertools import islice
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.bulk import allow_long_statements
from accounts.models import Business, Membership
from accounts.tenancy import acting_for
from customers.models import Customer

from .cast import DEMO_CAST, CustomerSpec, generated_spec
from .plan import plan_customer
from .setting import Member, Setting
from .writer import Totals, plans_write, tables_analyze

DEFAULT_SEED = 1907  # any fixed number: the demo must be the same every time
DEMO_CUSTOMERS = len(DEMO_CAST)
DEMO_MONTHS = 18
CHUNK_SIZE = 500  # customers planned and written together


class BusinessNotEmpty(Exception):
    """The business already has customers: generated data is only ever added to an empty business."""


def team_of(business: Business) -> tuple[Member, ...]:
    """The business's people with their effective hourly cost, in the order they joined."""
    memberships = Membership.objects.filter(business=business).select_related("business").order_by("id")
    team = tuple(Member(m.user_id, m.effective_hourly_cost, m.is_owner) for m in memberships)
    if not team:
        raise ValueError(f"{business.name} has no members to handle its customers.")
    return team


def customer_specs(*, count: int, seed: int, characters: bool) -> Iterator[CustomerSpec]:
    """The demo cast (characters first) when ``characters``, then generated customers up to ``count``."""
    cast = DEMO_CAST[:count] if characters else ()
    yield from cast
    for number in range(len(cast) + 1, count + 1):
        yield generated_spec(number, seed)


def demo_data_create(
    *,
    business: Business,
    customers: int = DEMO_CUSTOMERS,
    months: int = DEMO_MONTHS,
    seed: int = DEFAULT_SEED,
    characters: bool = True,
    today: datetime.date | None = None,
    progress: Callable[[Totals], None] | None = None,
) -> Totals:
    """Give an empty business ``customers`` customers and ``months`` months of history ending ``today``.

    ``today`` defaults to today in the business's time zone. All or nothing:
    one transaction. Raises ``BusinessNotEmpty`` when the business already has
    customers (it never adds to or changes existing data).
    """
    if customers < 1 or months < 1:
        raise ValueError("Give at least one customer and one month.")
    tz = ZoneInfo(business.time_zone)
    totals = Totals()
    with acting_for(business.pk), transaction.atomic():
        allow_long_statements()  # thousands of customers' history in one transaction: a command's limit, not the web's
        setting = Setting(
            today=today or timezone.localdate(timezone=tz), months=months, tz=tz, team=team_of(business), seed=seed
        )
        # Lock the business so two runs cannot both find it empty.
        Business.objects.select_for_update().get(pk=business.pk)
        if Customer.objects.filter(business=business).exists():
            raise BusinessNotEmpty(f"{business.name} already has customers.")
        specs = customer_specs(count=customers, seed=seed, characters=characters)
        while chunk := list(islice(specs, CHUNK_SIZE)):
            totals += plans_write([plan_customer(spec, setting) for spec in chunk], business_id=business.pk)
            if progress is not None:
                progress(totals)
        tables_analyze()
    return totals
