"""factory_boy factories for every model, shared by all tests."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from accounts.models import Business, Membership

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.com")
    email = factory.SelfAttribute("username")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business

    name = factory.Sequence(lambda n: f"Business {n}")
    currency = "USD"
    time_zone = "America/New_York"
    default_hourly_cost = Decimal("50.00")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    business = factory.SubFactory(BusinessFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.STAFF
    hourly_cost = None
