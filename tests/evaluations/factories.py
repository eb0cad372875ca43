"""factory_boy factories for the evaluations models."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from evaluations.models import Choice, Decision, EvaluationSettings, MonthlySnapshot

from ..factories import BusinessFactory, CustomerFactory


class EvaluationSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationSettings
        django_get_or_create = ("business",)

    business = factory.SubFactory(BusinessFactory)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    customer = factory.SubFactory(CustomerFactory)
    business = factory.SelfAttribute("customer.business")
    decision = Choice.WATCH
    note = "Talk to them at renewal."
    decided_at = factory.LazyFunction(timezone.now)


class MonthlySnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlySnapshot

    customer = factory.SubFactory(CustomerFactory)
    business = factory.SelfAttribute("customer.business")
    month = datetime.date(2026, 1, 1)
    as_of = datetime.date(2026, 1, 31)
    month_revenue = Decimal("1000.00")
    month_cost_to_serve = Decimal("400.00")
    month_profit = Decimal("600.00")
    month_staff_hours = Decimal("8.00")
    trailing_12_revenue = Decimal("12000.00")
    trailing_12_profit = Decimal("7200.00")
    contract_monthly_fee = Decimal("1000.00")
    demands = "ok"
    good_nature = "ok"
    reputation = "ok"
    pays_on_time = "ok"
    verdict = Choice.KEEP
