"""factory_boy factories for every model, shared by all tests."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Business, Invitation, Membership, invitation_token_hash
from customers.models import Addendum, Contract, CostEntry, Customer, Interaction, Invoice, Payment

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


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation; its link's token is ``invitation.token`` (set by the factory only)."""

    class Meta:
        model = Invitation

    business = factory.SubFactory(BusinessFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = Membership.Role.STAFF
    token = factory.Sequence(lambda n: f"test-token-{n}")
    token_hash = factory.LazyAttribute(lambda o: invitation_token_hash(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token")
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.token = token
        return invitation


# --- customers -------------------------------------------------------------


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    business = factory.SubFactory(BusinessFactory)
    name = factory.Sequence(lambda n: f"Customer {n}")
    contact_person = factory.Faker("name")
    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    phone = factory.Sequence(lambda n: f"555-{n:04d}")
    customer_since = datetime.date(2024, 1, 1)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    customer = factory.SubFactory(CustomerFactory)
    business = factory.SelfAttribute("customer.business")
    title = "Managed IT support"
    services_included = "Helpdesk for up to 10 users; server monitoring."
    services_excluded = "Hardware repairs; software development."
    fee = Decimal("1000.00")
    billing_period = Contract.BillingPeriod.MONTHLY
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2026, 12, 31)
    status = Contract.Status.ACTIVE


class AddendumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Addendum

    contract = factory.SubFactory(ContractFactory)
    business = factory.SelfAttribute("contract.business")
    effective_date = datetime.date(2025, 1, 1)
    description = "Adds weekend support."
    fee_change = Decimal("200.00")


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    customer = factory.SubFactory(CustomerFactory)
    business = factory.SelfAttribute("customer.business")
    number = factory.Sequence(lambda n: f"INV-{n:05d}")
    issue_date = datetime.date(2026, 1, 1)
    due_date = factory.LazyAttribute(lambda o: o.issue_date + datetime.timedelta(days=30))
    amount = Decimal("1000.00")


class PaymentFactory(factory.django.DjangoModelFactory):
    """Creates the row only; use customers.services.payment_record to keep the invoice in step."""

    class Meta:
        model = Payment

    invoice = factory.SubFactory(InvoiceFactory)
    business = factory.SelfAttribute("invoice.business")
    invoice_issue_date = factory.SelfAttribute("invoice.issue_date")
    date = factory.LazyAttribute(lambda o: o.invoice.issue_date)
    amount = Decimal("100.00")


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    customer = factory.SubFactory(CustomerFactory)
    business = factory.SelfAttribute("customer.business")
    occurred_at = factory.LazyFunction(timezone.now)
    duration_minutes = 30
    hourly_cost = Decimal("60.00")


class CostEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostEntry

    customer = factory.SubFactory(CustomerFactory)
    business = factory.SelfAttribute("customer.business")
    date = datetime.date(2026, 1, 15)
    kind = CostEntry.Kind.MATERIALS
    amount = Decimal("100.00")
