"""Stored standings never disagree with the records: after every write, stored equals computed fresh."""

import contextlib
import datetime
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from customers import services as records
from customers.models import CostEntry, Customer, Interaction, Invoice, Payment
from evaluations import standings
from evaluations.models import PERIOD_ROWS_MOVING, Standing, StandingPeriod, StandingQueue
from evaluations.periods import TRAILING_12

from ..conftest import client_for
from ..factories import (
    AddendumFactory,
    BusinessFactory,
    ContractFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 15, 12, tzinfo=datetime.UTC)
TODAY = NOW.date()
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture
def shop(time_machine):
    time_machine.move_to(NOW, tick=False)
    business = BusinessFactory(name="Delta Plumbing", time_zone="UTC")
    owner = MembershipFactory(business=business, role="owner")
    return business, owner


def queued(business) -> set[int]:
    return set(StandingQueue.objects.filter(business_id=business.pk).values_list("customer_id", flat=True))


def assert_stored_equals_fresh(business) -> None:
    assert standings.standings_verify(business, today=TODAY) == []
    assert queued(business) == set()


def _day(rng: random.Random, back: int = 400) -> datetime.date:
    return TODAY - datetime.timedelta(days=rng.randrange(back))


ACTIONS = ["call", "call", "invoice", "pay", "unpay", "cost", "contract", "addendum", "end", "reopen", "rename"]


def _write(rng: random.Random, business, owner, customers: list[Customer], step: int, action: str) -> None:
    """One write through the services, as the app's pages make them, with random values."""
    customer = rng.choice(customers)
    if action == "call":
        interaction = Interaction(
            customer=customer,
            handled_by=owner.user,
            occurred_at=NOW - datetime.timedelta(days=rng.randrange(400), hours=rng.randrange(24)),
            duration_minutes=rng.choice([5, 30, 90, 240]),
            in_scope=rng.random() < 0.6,
            angry_when_refused=rng.random() < 0.2,
            asked_discount=rng.random() < 0.2,
            complained=rng.random() < 0.1,
            threatened_review=rng.random() < 0.05,
        )
        records.interaction_save(interaction=interaction, business=business, created_by=owner.user)
    elif action == "invoice":
        issued = _day(rng)
        invoice = Invoice(
            customer=customer,
            number=f"R-{step}",
            issue_date=issued,
            due_date=issued + datetime.timedelta(days=30),
            amount=Decimal(rng.randrange(100, 500_000)) / 100,
        )
        records.record_save(record=invoice, business=business, created_by=owner.user)
    elif action == "pay":
        invoice = Invoice.objects.filter(business=business, paid_in_full_on__isnull=True).order_by("?").first()
        if invoice is not None:
            paid_on = min(invoice.issue_date + datetime.timedelta(days=rng.randrange(120)), TODAY)
            amount = rng.choice([invoice.balance, (invoice.balance / 2).quantize(Decimal("0.01"))])
            records.payment_record(invoice=invoice, date=paid_on, amount=amount, created_by=owner.user)
    elif action == "unpay":
        payment = Payment.objects.filter(business=business).order_by("?").first()
        if payment is not None:
            records.payment_delete(payment=payment)
    elif action == "cost":
        entry = CostEntry(
            customer=customer,
            date=_day(rng),
            kind=rng.choice([CostEntry.Kind.MATERIALS, CostEntry.Kind.DISCOUNT, CostEntry.Kind.FREE_WORK]),
            amount=Decimal(rng.randrange(0, 90_000)) / 100,
        )
        records.record_save(record=entry, business=business, created_by=owner.user)
    elif action == "contract":
        contract = ContractFactory.build(
            customer=customer,
            business=business,
            fee=Decimal(rng.randrange(100, 3000)),
            end_date=TODAY + datetime.timedelta(days=rng.randrange(10, 200)),
            notice_period_days=30,
            support_hours_per_month=Decimal(rng.choice([2, 5, 10])),
        )
        records.record_save(record=contract, business=business, created_by=owner.user)
    elif action == "addendum":
        contract = customer.contracts.first()
        if contract is not None:
            addendum = AddendumFactory.build(contract=contract, business=business, fee_change=Decimal("-50.00"))
            records.record_save(record=addendum, business=business, created_by=owner.user)
    elif action == "end" and customer.status != Customer.Status.FORMER:
        records.customer_end(customer=customer, ended_on=TODAY, end_reason=Customer.EndReason.LET_GO)
    elif action == "reopen" and customer.status == Customer.Status.FORMER:
        records.customer_reopen(customer=customer)
    elif action == "rename":
        customer.name = f"{customer.name.split(' #')[0]} #{step}"
        records.record_save(record=customer, business=business)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_every_write_through_the_services_the_stored_standing_equals_a_fresh_one(shop, seed):
    business, owner = shop
    customers = [CustomerFactory(business=business, name=f"Customer {n}") for n in range(4)]
    standings.standings_refresh(business=business, today=TODAY)
    assert_stored_equals_fresh(business)
    rng = random.Random(seed)
    # Each kind of write once, then 30 chosen at random.
    actions = ["invoice", "call", "pay", "cost", "contract", "addendum", "end", "reopen", "unpay", "rename"]
    actions += [rng.choice(ACTIONS) for _ in range(30)]
    for step, action in enumerate(actions):
        # A refused write (say, a second active contract) changes nothing, and the standing must say so.
        with contextlib.suppress(ValidationError):
            _write(rng, business, owner, customers, step, action)
        for customer in customers:
            customer.refresh_from_db()
        assert_stored_equals_fresh(business)
    assert Standing.objects.filter(business=business).count() == 4
    assert Interaction.objects.filter(business=business).exists() and Invoice.objects.filter(business=business).exists()


def test_a_write_outside_the_services_is_queued_and_a_page_refreshes_it_before_reading(shop):
    business, owner = shop
    customer = CustomerFactory(business=business, name="Quiet Co")
    standings.standings_refresh(business=business, today=TODAY)
    # As the admin's bulk actions or a plain SQL import would: no service, no announcement.
    InteractionFactory(customer=customer, occurred_at=NOW, duration_minutes=600, hourly_cost=Decimal("60.00"))
    assert queued(business) == {customer.pk}
    assert standings.standings_verify(business, today=TODAY) != []

    response = client_for(owner).get(reverse("dashboard"))
    (row,) = response.context["board"].rows
    assert row.money.staff_cost == Decimal("600.00") and row.money.profit == Decimal("-600.00")
    assert_stored_equals_fresh(business)


def test_a_deleted_record_and_a_deleted_customer_leave_no_stale_standing(shop):
    business, _ = shop
    customer = CustomerFactory(business=business)
    invoice = InvoiceFactory(customer=customer, issue_date=TODAY, amount=Decimal("300.00"))
    standings.standings_refresh(business=business, today=TODAY)
    invoice.delete()
    standings.standings_current(business, today=TODAY)
    assert StandingPeriod.objects.get(customer=customer, period=TRAILING_12).revenue == Decimal("0.00")
    customer.delete()
    standings.standings_current(business, today=TODAY)
    assert not Standing.objects.filter(business=business).exists()
    assert_stored_equals_fresh(business)


def test_new_thresholds_recompute_every_verdict(shop):
    business, owner = shop
    customer = CustomerFactory(business=business)
    InvoiceFactory(customer=customer, issue_date=TODAY - datetime.timedelta(days=10), amount=Decimal("1000.00"))
    InteractionFactory(customer=customer, occurred_at=NOW, duration_minutes=600, hourly_cost=Decimal("80.00"))
    standings.standings_refresh(business=business, today=TODAY)
    assert Standing.objects.get(customer=customer).verdict == "keep"  # margin 20% with the default target of 15%

    form = {field.name: field.value() for field in _settings_form(owner)}
    form["target_margin_percent"] = "30"
    response = client_for(owner).post(reverse("evaluation_settings"), form)
    assert response.status_code == 302
    assert Standing.objects.get(customer=customer).verdict == "renegotiate"
    assert_stored_equals_fresh(business)


def _settings_form(owner):
    response = client_for(owner).get(reverse("evaluation_settings"))
    return response.context["form"]


def test_the_next_day_a_small_business_is_refreshed_when_read(shop, time_machine):
    business, owner = shop
    CustomerFactory(business=business)
    standings.standings_refresh(business=business, today=TODAY)
    time_machine.move_to(NOW + datetime.timedelta(days=1), tick=False)
    response = client_for(owner).get(reverse("dashboard"))
    assert response.context["board"].state.current
    assert set(Standing.objects.filter(business=business).values_list("as_of", flat=True)) == {
        TODAY + datetime.timedelta(days=1)
    }


def test_a_large_business_says_as_of_and_refreshes_in_the_background(shop, time_machine, monkeypatch):
    from procrastinate.contrib.django.models import ProcrastinateJob

    business, owner = shop
    for n in range(3):
        CustomerFactory(business=business, name=f"Customer {n}")
    standings.standings_refresh(business=business, today=TODAY)
    monkeypatch.setattr(standings, "REFRESH_ON_READ_LIMIT", 2)  # "large": more to refresh than a page may
    time_machine.move_to(NOW + datetime.timedelta(days=1), tick=False)
    client = client_for(owner)
    for _ in range(2):  # a second look queues no second job
        response = client.get(reverse("dashboard"))
        assert response.context["board"].state.as_of == TODAY
        assert f"Figures as of {TODAY:%b %-d, %Y}" in response.content.decode()
    jobs = ProcrastinateJob.objects.filter(task_name="evaluations.tasks.refresh_business")
    assert [(job.args, job.status) for job in jobs] == [({"business_id": business.pk}, "todo")]

    from evaluations.tasks import refresh_business

    refresh_business(business.pk)  # what the worker runs
    assert not client.get(reverse("dashboard")).context["board"].state.pending


def test_the_commands_refresh_and_verify(shop, capsys):
    business, _ = shop
    customer = CustomerFactory(business=business, name="Echo Ltd")
    call_command("refresh_standings", "--business-id", str(business.pk))
    call_command("verify_standings", "--business-id", str(business.pk))
    assert "Delta Plumbing: 0 differences." in capsys.readouterr().out

    with transaction.atomic():  # an update allowed as for a refresh, with nothing counting the sums again after it
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [PERIOD_ROWS_MOVING])
        StandingPeriod.objects.filter(customer=customer, period=TRAILING_12).update(staff_minutes=12345)
    with pytest.raises(CommandError, match="1 differences"):
        call_command("verify_standings", "--business-id", str(business.pk))
    assert f"customer {customer.pk} period trailing_12 staff_minutes" in capsys.readouterr().out

    # A business's period sums follow inserts and deletes of its customers' period rows (triggers): the row is
    # missing, and its sums take away one customer and the 12,345 minutes it held.
    StandingPeriod.objects.filter(customer=customer, period=TRAILING_12).delete()
    with pytest.raises(CommandError, match="3 differences"):
        call_command("verify_standings", "--business-id", str(business.pk))
    out = capsys.readouterr().out
    assert f"customer {customer.pk} period trailing_12" in out
    assert "business period sum trailing_12 customers" in out
    assert "business period sum trailing_12 staff_minutes" in out


def test_period_rows_are_updated_only_by_a_whole_business_refresh(shop):
    business, _ = shop
    customer = CustomerFactory(business=business)
    standings.standings_refresh(business=business, customer_ids=[customer.pk])

    # Its sums would not follow: a refresh that moves period rows counts them again afterwards.
    with pytest.raises(DatabaseError, match="updated only by a whole-business refresh"), transaction.atomic():
        StandingPeriod.objects.filter(customer=customer, period=TRAILING_12).update(staff_minutes=1)
    # Not even in the transaction of a refresh that moved them (the next day's), once it is done.
    with pytest.raises(DatabaseError, match="updated only by a whole-business refresh"), transaction.atomic():
        standings.standings_refresh(business=business, today=TOMORROW)
        assert standings.standings_verify(business, today=TOMORROW) == []
        StandingPeriod.objects.filter(customer=customer, period=TRAILING_12).update(staff_minutes=1)
