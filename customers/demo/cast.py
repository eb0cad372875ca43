"""Who the demo customers are: the demo business's cast, and generated casts for big businesses.

A spec says who a customer is and how they behave; ``plan.plan_customer``
turns it into a history. Dates are relative (months or days from today) so the
same cast gives the same story whatever day it is generated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from decimal import Decimal

from customers.models import Contract

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
# A contract's fee is priced at about this much per hour of work expected (see ``generator``'s assumptions).
PRICED_RATE = Decimal("95")
HOURLY_HOURS = Decimal("3")  # a month's work for a customer billed by the hour, before ``load``


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
    # Hours the customer actually takes / hours its fee was priced for (its cost to serve): under 0.5 a
    # well-priced customer, about 1 the usual one, about 1.5 a thin one, over 3 a quiet loss-maker.
    load: Decimal = Decimal(1)

    @property
    def contract_fee(self) -> Decimal:
        """The fee per billing period of a customer with a contract (every behaviour but HOURLY)."""
        if self.fee is None:
            raise ValueError(f"{self.name} is billed by the hour and has no contract fee")
        return self.fee

    @property
    def hours_per_month(self) -> Decimal:
        """The staff hours this customer takes in an ordinary month (COSTLY and CALLER bring their own)."""
        if self.fee is None:
            return HOURLY_HOURS * self.load
        return self.fee / Contract.MONTHS_PER_PERIOD[self.billing_period] / PRICED_RATE * self.load


def _spec(number: int, name: str, fee: int | None, load: str = "1", **fields) -> CustomerSpec:
    amount = None if fee is None else Decimal(fee)
    return CustomerSpec(number=number, name=name, fee=amount, load=Decimal(load), **fields)


def _healthy(
    number: int, name: str, fee: int, renewal: int, tags: tuple[str, ...], load: str, **fields
) -> CustomerSpec:
    return _spec(number, name, fee, load, renewal_in_days=renewal, tags=tags, **fields)


# How much of the hours priced into the fee each kind of healthy customer takes (``CustomerSpec.load``).
BEST, USUAL, THIN, LOSS_MAKER = "0.45", "1.0", "1.45", "3.4"


# The demo business: the column's six characters first, then the others. Eight customers earn most of
# the profit (the big customer and seven well-priced ones, load BEST), most earn a thin but acceptable
# margin (USUAL) or a little less (THIN), and six besides the characters quietly cost more than they pay
# (LOSS_MAKER): polite, on time, in scope, on a fee priced for under a third of the hours they take.
DEMO_CAST: tuple[CustomerSpec, ...] = (
    _spec(1, c.COSTS_DOUBLE_WHAT_THEY_PAY, 1000, behaviour=COSTLY, support_hours=Decimal(20), renewal_in_days=60,
          tags=("dental",)),
    _spec(2, c.CHRONIC_LATE_PAYER, 1800, "1.0", behaviour=LATE_PAYER, renewal_in_days=150, auto_renew=True,
          tags=("logistics",)),
    _spec(3, c.CONSTANT_CALLER, 600, behaviour=CALLER, service="backup", renewal_in_days=40, tags=("real estate",)),
    _spec(4, c.DISCOUNT_HUNTER, 800, "0.6", behaviour=DISCOUNT_HUNTER, service="cloud", renewal_in_days=200,
          tags=("retail", "food")),
    _spec(5, c.REPUTATION_THREAT, 1200, "1.0", behaviour=REPUTATION, service="network", renewal_in_days=120,
          tags=("fitness",)),
    # About 160 hours a month against 120 hours of support in the contract; nights and weekends subcontracted.
    _spec(6, c.BIG_CUSTOMER, 20000, "0.76", behaviour=BIG, service="hospital", payment_terms_days=45,
          notice_period_days=90, support_hours=Decimal(120), renewal_in_days=75, auto_renew=True,
          tags=("healthcare", "priority"),
          addendum=Addition(5, Decimal(2000), "Adds the new east wing: 30 more workstations and its network.",
                            "Network, servers and workstations of the east wing.")),
    _healthy(7, "Lakeview Accounting", 1400, 12, ("accounting",), THIN, support_hours=Decimal(18)),
    _healthy(8, "Riverbend Family Clinic", 2900, 25, ("healthcare",), BEST, support_hours=Decimal(15),
             auto_renew=True),
    _healthy(9, "Oakridge Architects", 2300, 48, ("design",), BEST,
             addendum=Addition(8, Decimal(250), "Adds monitoring of the new plotter server.", "Plotter server.")),
    _healthy(10, "Cedar & Pine Law Office", 2500, 70, ("legal", "priority"), BEST, notice_period_days=60),
    _healthy(11, "Bluebird Veterinary", 800, 85, ("healthcare",), USUAL, service="network"),
    _healthy(12, "Granite Construction Co", 2900, 130, ("construction",), LOSS_MAKER, auto_renew=True),
    _healthy(13, "Evergreen Insurance Agency", 900, 160, ("insurance",), USUAL, support_hours=Decimal(10)),
    _healthy(14, "Prairie Print Shop", 1950, 190, ("retail",), USUAL, service="network", billing_period="quarterly"),
    _healthy(15, "Westbrook Chiropractic", 900, 210, ("healthcare",), USUAL, service="cloud"),
    _healthy(16, "Silverline Marketing", 2200, 240, ("marketing",), BEST, service="cloud", auto_renew=True,
             addendum=Addition(3, Decimal(300), "Adds ten Microsoft 365 seats for new hires.", "Ten more seats.")),
    _healthy(17, "Juniper Yoga Studio", 450, 270, ("fitness",), USUAL, service="backup"),
    _healthy(18, "Harbor Freight Brokers", 2600, 300, ("logistics",), BEST, support_hours=Decimal(12)),
    _healthy(19, "Meadow Florists", 1500, 330, ("retail",), USUAL, service="backup", billing_period="quarterly"),
    _healthy(20, "Copperfield Dental Arts", 1650, 350, ("dental",), THIN, auto_renew=True),
    _healthy(21, "Stonebridge Property Management", 2600, 110, ("real estate",), LOSS_MAKER, notice_period_days=60,
             addendum=Addition(6, Decimal(-150), "Drops the after-hours phone line.", "No after-hours line.")),
    _healthy(22, "Union Street Optometry", 950, 175, ("healthcare",), LOSS_MAKER, service="network"),
    _healthy(23, "Timberline Roofing", 800, 225, ("construction",), USUAL, service="cloud"),
    _healthy(24, "Beacon Electric", 1200, 255, ("trades",), LOSS_MAKER, auto_renew=True),
    _healthy(25, "Crescent Pharmacy", 1700, 285, ("healthcare", "retail"), THIN, support_hours=Decimal(20),
             addendum=Addition(1, Decimal(200), "Adds the second shop's point-of-sale network.", "Second shop.")),
    _healthy(26, "Fairview Auto Repair", 700, 315, ("trades",), USUAL, service="backup"),
    _healthy(27, "Pioneer Plumbing", 750, 140, ("trades",), THIN, service="cloud"),
    _healthy(28, "Highland Design Studio", 950, 200, ("design",), THIN, payment_terms_days=14),
    # Takes three times the hours it pays for, and uses its contract's support hours three times over.
    _healthy(29, "Midtown Coworking", 3400, 165, ("real estate",), LOSS_MAKER, service="network",
             support_hours=Decimal(36)),
    # Joined during the history.
    _healthy(30, "Birchwood Pediatrics", 1600, 0, ("healthcare",), USUAL, joined_months_ago=3),
    _healthy(31, "Ironwood Brewing Co", 900, 0, ("food",), USUAL, joined_months_ago=5, service="network"),
    _healthy(32, "Southfield Tutoring", 550, 0, ("education",), USUAL, joined_months_ago=8, service="cloud"),
    _healthy(33, "Liberty Travel Agency", 1000, 0, ("travel",), LOSS_MAKER, joined_months_ago=10),
    _healthy(34, "Redwood Wealth Advisors", 3000, 0, ("finance", "priority"), BEST, joined_months_ago=14,
             support_hours=Decimal(12)),
    # Former customers keep their history.
    _healthy(35, "Acorn Bookkeeping", 600, 0, ("accounting",), USUAL, ended_days_ago=130, end_reason="left"),
    _healthy(36, "Coastal Surf Shop", 500, 0, ("retail",), USUAL, ended_days_ago=250, end_reason="not_renewed",
             service="backup"),
    # No contract: billed for the hours worked.
    _spec(37, "Valley Hardware", None, behaviour=HOURLY, tags=("retail",)),
    _spec(38, "Elm Street Bistro", None, behaviour=HOURLY, tags=("food",)),
    _spec(39, "Canyon Photography", None, behaviour=HOURLY, tags=("design",)),
    _healthy(40, "Parkside Senior Living", 2800, 95, ("healthcare",), BEST, auto_renew=True,
             support_hours=Decimal(15)),
)  # fmt: skip

# Large businesses (benchmarks): mostly healthy, with a sprinkling of each character.
SPRINKLE = ((CALLER, 0.005), (COSTLY, 0.01), (LATE_PAYER, 0.02), (DISCOUNT_HUNTER, 0.02), (REPUTATION, 0.02),
            (BIG, 0.003), (HOURLY, 0.02))  # fmt: skip
FEES = {CALLER: 600, COSTLY: 1000, LATE_PAYER: 1500, DISCOUNT_HUNTER: 800, REPUTATION: 1200}
# The healthy customers of a large business in the demo's proportions: their monthly fees and loads by tier,
# and the tiers in a repeating cycle of 20 (4 best, 10 usual, 3 thin, 3 loss-makers), so that any 20 healthy
# customers in a row have exactly the proportions of the whole.
TIERS = {
    "best": ((2400, 3600), ("0.35", "0.45")),
    "usual": ((450, 1000), ("1.0", "1.15")),
    "thin": ((800, 2000), ("1.4", "1.55")),
    "loss": ((1700, 2700), ("3.1", "3.4")),
}
TIER_CYCLE = ("best", "usual", "thin", "usual", "loss", "usual", "best", "usual", "usual", "thin",
              "usual", "best", "usual", "loss", "usual", "thin", "best", "usual", "loss", "usual")  # fmt: skip
GOLDEN_STEP, SQRT2_STEP, SQRT3_STEP = (5**0.5 - 1) / 2, 2**0.5 - 1, 3**0.5 - 1
LOADS = {LATE_PAYER: "1.0", DISCOUNT_HUNTER: "0.6", REPUTATION: "1.0", BIG: "0.76", HOURLY: "1"}
SERVICES = ("managed", "network", "cloud", "backup")


def generated_spec(number: int, seed: int) -> CustomerSpec:
    """A customer of a large generated business; the same number and seed give the same customer."""
    rng = random.Random(f"{seed}/spec/{number}")
    # Who the customer is, its fee and its load are not drawn independently: consecutive numbers step
    # through [0, 1) by irrational strides (from a point the seed picks), so 40 customers already have
    # the proportions of 10,000 and the shape of the business does not depend on its size.
    start = random.Random(f"{seed}/spread").random()
    pick, behaviour = (start + number * GOLDEN_STEP) % 1, HEALTHY
    for candidate, share in SPRINKLE:
        if pick < share:
            behaviour = candidate
            break
        pick -= share
    name = (
        f"{NAME_FIRST[number % len(NAME_FIRST)]} {NAME_SECOND[(number // len(NAME_FIRST)) % len(NAME_SECOND)]}"
        f"{NAME_SUFFIX[rng.randrange(len(NAME_SUFFIX))]} #{number}"
    )
    load = LOADS.get(behaviour, "1")
    if behaviour == HOURLY:
        fee = None
    elif behaviour == BIG:
        fee = rng.randrange(12000, 25001, 500)
    elif behaviour == HEALTHY:
        (low, high), (least, most) = TIERS[TIER_CYCLE[(number + round(start * 20)) % len(TIER_CYCLE)]]
        fee_at, load_at = (start + number * SQRT2_STEP) % 1, (start + number * SQRT3_STEP) % 1
        fee = low + round(fee_at * (high - low) / 50) * 50
        load = f"{float(least) + load_at * (float(most) - float(least)):.2f}"
    else:
        fee = FEES[behaviour]
    spec = _spec(
        number,
        name,
        fee,
        load,
        behaviour=behaviour,
        service=rng.choice(SERVICES),
        payment_terms_days=rng.choice((30,) * 8 + (14, 45)) if behaviour != LATE_PAYER else 30,
        notice_period_days=rng.choice((30, 30, 60, 90)),
        auto_renew=rng.random() < 0.5,
        renewal_in_days=rng.randrange(1, 361),
        calls_per_day=(2, 5),
    )
    if rng.random() < 0.3 and behaviour not in (HOURLY, COSTLY, CALLER):
        # Support hours in the contract: about the hours its fee was priced for.
        priced = spec.hours_per_month / spec.load
        spec = replace(spec, support_hours=Decimal(max(5, round(priced / 5) * 5)))
    elif rng.random() < 0.3 and behaviour == COSTLY:
        spec = replace(spec, support_hours=Decimal(20))
    return spec
