"""``board.whale``: the whale curve in SQL over the stored profits equals the rules' curve, drawn the same way."""

import random
from decimal import Decimal

import pytest

from evaluations import board, rules
from evaluations.models import StandingPeriod
from evaluations.periods import TRAILING_3, TRAILING_12
from reports.owner_charts import WHALE_POINTS, whale_points

from ..factories import BusinessFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def _store_profits(business, profits: list[Decimal], period: str = TRAILING_12) -> None:
    rows = []
    for profit in profits:
        customer = CustomerFactory(business=business)
        revenue = max(profit, Decimal(0)) + Decimal("10.00")
        cost = revenue - profit
        rows.append(
            StandingPeriod(
                business=business,
                customer=customer,
                period=period,
                revenue=revenue,
                cash_collected=Decimal(0),
                staff_minutes=0,
                staff_cost=cost,
                direct_costs=Decimal(0),
                concessions=Decimal(0),
                cost_to_serve=cost,
                profit=profit,
            )
        )
    StandingPeriod.objects.bulk_create(rows)


@pytest.mark.parametrize("customers", [1, 7, WHALE_POINTS, WHALE_POINTS + 1, 137])
def test_the_sql_curve_draws_the_rules_points_and_has_the_rules_shape(customers):
    business = BusinessFactory()
    rng = random.Random(customers)
    # Ties on purpose (the same profit twice, zeros) and losses: the order must break ties as the rules do.
    profits = [
        Decimal(rng.choice([-250, -3, 0, 0, 15, 15, 400, 1200])) + Decimal(rng.randrange(100)) / 100
        for _ in range(customers)
    ]
    _store_profits(business, profits)
    _store_profits(BusinessFactory(), [Decimal("999999.00")])  # another business's customer counts nowhere
    _store_profits(business, [Decimal("-5000.00")], period=TRAILING_3)  # nor another period's

    curve = rules.whale_curve(
        StandingPeriod.objects.filter(business=business, period=TRAILING_12).values_list("customer_id", "profit")
    )
    whale = board.whale(business, period=TRAILING_12, points=WHALE_POINTS)

    assert whale.points == whale_points(curve)
    assert whale.shape == rules.whale_shape(curve)


def test_no_customers_no_curve():
    whale = board.whale(BusinessFactory(), period=TRAILING_12, points=WHALE_POINTS)
    assert (whale.points, whale.shape) == ([], None)
