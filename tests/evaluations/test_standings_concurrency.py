"""A write while the whole business is refreshed: neither waits for the other forever, and nothing is lost.

Real transactions on two connections (one per thread) against the real PostgreSQL server.
"""

from __future__ import annotations

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connections, transaction

from evaluations import standings
from evaluations.models import EvaluationSettings, StandingQueue

from ..factories import BusinessFactory, CustomerFactory, InteractionFactory, InvoiceFactory
from .test_standings import NOW, TODAY

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_write_during_the_nightly_refresh_after_new_thresholds_waits_its_turn(time_machine):
    time_machine.move_to(NOW, tick=True)
    business = BusinessFactory(time_zone="America/New_York")
    customers = [CustomerFactory(business=business, name=f"Customer {n}") for n in range(3)]
    for customer in customers:
        InvoiceFactory(customer=customer, issue_date=TODAY - datetime.timedelta(days=40), amount=Decimal("300.00"))
    standings.standings_refresh(business=business, today=TODAY)
    EvaluationSettings.objects.get_or_create(business=business)[0].save()  # every customer queued, sums unchanged
    tomorrow = TODAY + datetime.timedelta(days=1)
    written, errors = threading.Event(), []

    def write() -> None:
        # As a service does: the record (its trigger marks the queued customer's records changed and holds
        # that queue row), then the customer's refresh, in one transaction.
        try:
            with transaction.atomic():
                InteractionFactory(customer=customers[0], occurred_at=NOW, duration_minutes=30, abusive=True)
                written.set()
                time.sleep(0.5)  # the whole-business refresh has started meanwhile
                standings.standings_refresh(business=business, customer_ids=[customers[0].pk], today=tomorrow)
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
            written.set()
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    written.wait(10)
    try:
        standings.standings_refresh(business=business, today=tomorrow)
    except Exception as error:  # noqa: BLE001
        errors.append(error)
    writer.join(30)

    assert errors == []
    assert standings.standings_verify(business, today=tomorrow) == []
    assert not StandingQueue.objects.filter(business_id=business.pk).exists()
