"""Fill a business with a believable, deterministic history (the demo and the benchmarks).

``demo_data_create`` is the entry point: it plans customers a chunk at a time
(``plan.plan_customer``) and writes each chunk with COPY (``writer``), so
memory stays bounded whatever the size. The same seed and the same ``today``
always give the same data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from itertools import islice
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

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
