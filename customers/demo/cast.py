"""Who the demo customers are: the demo business's cast, and generated casts for big businesses.

A spec says who a customer is and how they behave; ``plan.plan_customer``
turns it into a history. Dates are relative (months or days from today) so the
same cast gives the same story whatever day it is generated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from . import characters as c
from .texts import NAME_FIRST, NAME_SECOND, NAME_SUFFIX

HEALTHY = "healthy"
COSTLY = "costly"  # pays 1,000 a month, costs about 2,000 in staff time
LATE_PAYER = "late_payer"
CALLER = "caller"
DISCOUNT_HUNTER = "discount_hunter"
REPUTATION = "reputation"
BIG = "big"
HOURLY = "hourly"  # no contract: billed each month for the hours worked
BEHAVIOURS = (HEALTHY, COSTLY, LATE_PAYER, CALLER, DISCOUNT_HUNTER, REPUTATION, BIG, HOURLY)

HOURLY_RATE = Decimal("120.00")  # materials and travel are billed on top, so cost them nothing here


@dataclass(frozen=True)
class Addition:
    """An addendum to the current contract on the first of the month ``months_ago`` before today's.

    Kept within the current term: moved to the month after it began if need be, dropped if that is after today.
    """

    months_ago: int
    fee_change: Decimal
    description: str
    scope_change: str = ""


@dataclass(frozen=True)
class CustomerSpec:
    number: int  # 1-based and unique in the business: invoice numbers and the random seed use it
    name: str
    behaviour: str = HEALTHY
    fee: Decimal | None = None  # per billing period; None for HOURLY customers
    service: str = "managed"
    billing_period: str = "monthly"
    payment_terms_days: int = 30
    notice_period_days: int = 30
    support_hours: Decimal | None = None
    auto_renew: bool = False
    renewal_in_days: int = 180  # the current contract's end, from today
    joined_months_ago: int | None = None  # None: a customer from before the history starts
    ended_days_ago: int | None = None  # a former customer: ended this many days ago
    end_reason: str = ""
    addendum: Addition | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    calls_per_day: tuple[int, int] = (3, 8)  # CALLER only


def _spec(number: int, name: str, fee: int | None, **fields) -> CustomerSpec:
    return CustomerSpec(number=number, name=name, fee=None if fee is None else Decimal(fee), **fields)


def _healthy(number: int, name: str, fee: int, renewal: int, tags: tuple[str, ...], **fields) -> CustomerSpec:
    return _spec(number, name, fee, renewal_in_days=renewal, tags=tags, **fields)


# The demo business: the column's six characters first, then the healthy majority.
DEMO_CAST: tuple[CustomerSpec, ...] = (
    _spec(1, c.COSTS_DOUBLE_WHAT_THEY_PAY, 1000, behaviour=COSTLY, support_hours=Decimal(20), renewal_in_days=60,
          tags=("dental",)),
    _spec(2, c.CHRONIC_LATE_PAYER, 1800, behaviour=LATE_PAYER, renewal_in_days=150, auto_renew=True,
          tags=("logistics",)),
    _spec(3, c.CONSTANT_CALLER, 600, behaviour=CALLER, service="backup", renewal_in_days=40, tags=("real estate",)),
    _spec(4, c.DISCOUNT_HUNTER, 800, behaviour=DISCOUNT_HUNTER, service="cloud", renewal_in_days=200,
          tags=("retail", "food")),
    _spec(5, c.REPUTATION_THREAT, 1200, behaviour=REPUTATION, service="network", renewal_in_days=120,
          tags=("fitness",)),
    _spec(6, c.BIG_CUSTOMER, 20000, behaviour=BIG, service="hospital", payment_terms_days=45, notice_period_days=90,
          support_hours=Decimal(120), renewal_in_days=75, auto_renew=True, tags=("healthcare", "priority"),
          addendum=Addition(5, Decimal(2000), "Adds the new east wing: 30 more workstations and its network.",
                            "Network, servers and workstations of the east wing.")),
    _healthy(7, "Lakeview Accounting", 1400, 12, ("accounting",), support_hours=Decimal(10)),
    _healthy(8, "Riverbend Family Clinic", 2400, 25, ("healthcare",), support_hours=Decimal(15), auto_renew=True),
    _healthy(9, "Oakridge Architects", 1600, 48, ("design",),
             addendum=Addition(8, Decimal(250), "Adds monitoring of the new plotter server.", "Plotter server.")),
    _healthy(10, "Cedar & Pine Law Office", 1900, 70, ("legal", "priority"), notice_period_days=60),
    _healthy(11, "Bluebird Veterinary", 1100, 85, ("healthcare",), service="network"),
    _healthy(12, "Granite Construction Co", 1750, 130, ("construction",), auto_renew=True),
    _healthy(13, "Evergreen Insurance Agency", 1300, 160, ("insurance",), support_hours=Decimal(8)),
    _healthy(14, "Prairie Print Shop", 1950, 190, ("retail",), service="network", billing_period="quarterly"),
    _healthy(15, "Westbrook Chiropractic", 900, 210, ("healthcare",), service="cloud"),
    _healthy(16, "Silverline Marketing", 1500, 240, ("marketing",), service="cloud", auto_renew=True,
             addendum=Addition(3, Decimal(300), "Adds ten Microsoft 365 seats for new hires.", "Ten more seats.")),
    _healthy(17, "Juniper Yoga Studio", 450, 270, ("fitness",), service="backup"),
    _healthy(18, "Harbor Freight Brokers", 2100, 300, ("logistics",), support_hours=Decimal(12)),
    _healthy(19, "Meadow Florists", 1500, 330, ("retail",), service="backup", billing_period="quarterly"),
    _healthy(20, "Copperfield Dental Arts", 1650, 350, ("dental",), auto_renew=True),
    _healthy(21, "Stonebridge Property Management", 1850, 110, ("real estate",), notice_period_days=60,
             addendum=Addition(6, Decimal(-150), "Drops the after-hours phone line.", "No after-hours line.")),
    _healthy(22, "Union Street Optometry", 950, 175, ("healthcare",), service="network"),
    _healthy(23, "Timberline Roofing", 800, 225, ("construction",), service="cloud"),
    _healthy(24, "Beacon Electric", 1200, 255, ("trades",), auto_renew=True),
    _healthy(25, "Crescent Pharmacy", 1700, 285, ("healthcare", "retail"), support_hours=Decimal(10),
             addendum=Addition(1, Decimal(200), "Adds the second shop's point-of-sale network.", "Second shop.")),
    _healthy(26, "Fairview Auto Repair", 700, 315, ("trades",), service="backup"),
    _healthy(27, "Pioneer Plumbing", 750, 140, ("trades",), service="cloud"),
    _healthy(28, "Highland Design Studio", 1350, 200, ("design",), payment_terms_days=14),
    _healthy(29, "Midtown Coworking", 2200, 165, ("real estate",), service="network", support_hours=Decimal(10)),
    # Joined during the history.
    _healthy(30, "Birchwood Pediatrics", 1600, 0, ("healthcare",), joined_months_ago=3),
    _healthy(31, "Ironwood Brewing Co", 900, 0, ("food",), joined_months_ago=5, service="network"),
    _healthy(32, "Southfield Tutoring", 550, 0, ("education",), joined_months_ago=8, service="cloud"),
    _healthy(33, "Liberty Travel Agency", 1000, 0, ("travel",), joined_months_ago=10),
    _healthy(34, "Redwood Wealth Advisors", 2500, 0, ("finance", "priority"), joined_months_ago=14,
             support_hours=Decimal(12)),
    # Former customers keep their history.
    _healthy(35, "Acorn Bookkeeping", 600, 0, ("accounting",), ended_days_ago=130, end_reason="left"),
    _healthy(36, "Coastal Surf Shop", 500, 0, ("retail",), ended_days_ago=250, end_reason="not_renewed",
             service="backup"),
    # No contract: billed for the hours worked.
    _spec(37, "Valley Hardware", None, behaviour=HOURLY, tags=("retail",)),
    _spec(38, "Elm Street Bistro", None, behaviour=HOURLY, tags=("food",)),
    _spec(39, "Canyon Photography", None, behaviour=HOURLY, tags=("design",)),
    _healthy(40, "Parkside Senior Living", 2300, 95, ("healthcare",), auto_renew=True, support_hours=Decimal(15)),
)  # fmt: skip

# Large businesses (benchmarks): mostly healthy, with a sprinkling of each character.
SPRINKLE = ((CALLER, 0.005), (COSTLY, 0.01), (LATE_PAYER, 0.02), (DISCOUNT_HUNTER, 0.02), (REPUTATION, 0.02),
            (BIG, 0.003), (HOURLY, 0.02))  # fmt: skip
FEES = {CALLER: 600, COSTLY: 1000, LATE_PAYER: 1500, DISCOUNT_HUNTER: 800, REPUTATION: 1200}
SERVICES = ("managed", "network", "cloud", "backup")


def generated_spec(number: int, seed: int) -> CustomerSpec:
    """A customer of a large generated business; the same number and seed give the same customer."""
    rng = random.Random(f"{seed}/spec/{number}")
    pick, behaviour = rng.random(), HEALTHY
    for candidate, share in SPRINKLE:
        if pick < share:
            behaviour = candidate
            break
        pick -= share
    name = (
        f"{NAME_FIRST[number % len(NAME_FIRST)]} {NAME_SECOND[(number // len(NAME_FIRST)) % len(NAME_SECOND)]}"
        f"{NAME_SUFFIX[rng.randrange(len(NAME_SUFFIX))]} #{number}"
    )
    if behaviour == HOURLY:
        fee = None
    elif behaviour == BIG:
        fee = rng.randrange(12000, 25001, 500)
    else:
        fee = FEES.get(behaviour) or rng.randrange(450, 3001, 50)
    return _spec(
        number,
        name,
        fee,
        behaviour=behaviour,
        service=rng.choice(SERVICES),
        payment_terms_days=rng.choice((30,) * 8 + (14, 45)) if behaviour != LATE_PAYER else 30,
        notice_period_days=rng.choice((30, 30, 60, 90)),
        support_hours=Decimal(rng.choice((5, 10, 20))) if rng.random() < 0.3 else None,
        auto_renew=rng.random() < 0.5,
        renewal_in_days=rng.randrange(1, 361),
        calls_per_day=(2, 5),
    )
