"""The task runner's Monday: each business's digest from 7:00 where it is."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from insights import tasks

from ..factories import BusinessFactory

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def test_digest_is_due_on_monday_from_seven_local_time():
    sydney = BusinessFactory.build(time_zone="Australia/Sydney")
    new_york = BusinessFactory.build(time_zone="America/New_York")
    # Sunday 21:00 UTC is Monday 7:00 in Sydney (UTC+10 in June) and Sunday 17:00 in New York.
    sunday_evening = at("2026-06-14T21:00:00+00:00")
    assert tasks.digest_due(sydney, sunday_evening)
    assert not tasks.digest_due(new_york, sunday_evening)
    assert not tasks.digest_due(new_york, at("2026-06-15T10:59:00+00:00"))  # 6:59 in New York
    assert tasks.digest_due(new_york, at("2026-06-15T11:00:00+00:00"))
    assert not tasks.digest_due(new_york, at("2026-06-16T11:00:00+00:00"))  # Tuesday


def test_the_hourly_task_queues_the_businesses_whose_monday_morning_it_is(monkeypatch):
    due = BusinessFactory(time_zone="America/New_York")
    tokyo = BusinessFactory(time_zone="Asia/Tokyo")  # Monday 20:00 there: still Monday after 7:00, due too
    BusinessFactory(time_zone="Pacific/Honolulu")  # Monday 1:00 there: not yet
    queued = []
    monkeypatch.setattr(tasks.send_business_digest, "defer", lambda **kwargs: queued.append(kwargs["business_id"]))
    tasks.send_digests(int(at("2026-06-15T11:00:00+00:00").timestamp()))
    assert sorted(queued) == sorted([due.pk, tokyo.pk])


def test_the_business_task_sends_its_digest(week):
    tasks.send_business_digest(business_id=week.business.pk)
    assert [m.to[0] for m in mail.outbox] == [week.owner.user.email]
