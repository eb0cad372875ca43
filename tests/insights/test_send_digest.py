"""The Monday e-mail: contents, opt-out, dry run, never twice for the same owner and week."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from insights.models import DigestDelivery, WeeklyVerdict
from insights.services import digest_week_send

from ..factories import MembershipFactory
from .conftest import LAST_MONDAY, TODAY

pytestmark = pytest.mark.django_db


def send_digest(*args: str) -> str:
    out = StringIO()
    call_command("send_digest", *args, stdout=out)
    return out.getvalue()


def test_each_owner_gets_one_email_with_plain_and_html_parts_and_absolute_links(week):
    second_owner = MembershipFactory(business=week.business, role="owner")
    output = send_digest("--business-id", str(week.business.pk))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([week.owner.user.email, second_owner.user.email])
    message = next(m for m in mail.outbox if m.to == [week.owner.user.email])
    assert message.subject == "Delta Cleaning: your week in Keep or Boot (Jun 15, 2026)"
    report = settings.KOB_BASE_URL + reverse("customer_report", kwargs={"pk": week.changed.pk})
    invoice = settings.KOB_BASE_URL + reverse("invoice_detail", kwargs={"pk": week.invoices["ninety"].pk})
    assert report in message.body and invoice in message.body
    assert "Hello Dana," in message.body
    assert "Notice Soon Ltd: Jun 25, 2026 (in 10 days)" in message.body
    assert "Invoice D-93 of Notice Soon Ltd: $300.00 open, 93 days late (past 90 days)" in message.body
    assert "Big Hotel brought 88% of your revenue" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert f'href="{report}"' in html and f'href="{invoice}"' in html
    assert f"{week.owner.user.email}: sent" in output
    assert "changed verdicts: 1, notice dates: 1, invoices past 60/90 days: 3, concentration warnings: 1" in output


def test_staff_do_not_get_the_digest(week):
    send_digest("--business-id", str(week.business.pk))
    assert week.staff.user.email not in [m.to[0] for m in mail.outbox]


def test_never_twice_for_the_same_owner_and_week(week):
    send_digest("--business-id", str(week.business.pk))
    again = send_digest("--business-id", str(week.business.pk))
    assert len(mail.outbox) == 1
    assert f"{week.owner.user.email}: skipped: already sent" in again
    delivery = DigestDelivery.objects.get(business=week.business, user=week.owner.user)
    assert delivery.week == TODAY and delivery.sent_at is not None and delivery.error == ""


def test_a_claim_left_by_a_crashed_run_is_not_sent_again(week):
    # Another worker claimed this owner's week, then died before or while sending.
    DigestDelivery.objects.create(business=week.business, user=week.owner.user, week=TODAY, email="x@example.com")
    run = digest_week_send(business=week.business, today=TODAY)
    assert run.sent == [] and mail.outbox == []


def test_a_failed_send_keeps_its_claim_and_error(week, monkeypatch):
    def broken(**kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("insights.services.digest_email_send", broken)
    run = digest_week_send(business=week.business, today=TODAY)
    assert run.failed == [week.owner.user.email]
    delivery = DigestDelivery.objects.get(user=week.owner.user)
    assert delivery.sent_at is None and delivery.error == "SMTP server unreachable"
    monkeypatch.undo()
    assert digest_week_send(business=week.business, today=TODAY).sent == []


def test_opted_out_owner_gets_nothing(week):
    week.owner.weekly_digest = False
    week.owner.save()
    output = send_digest("--business-id", str(week.business.pk))
    assert mail.outbox == []
    assert f"{week.owner.user.email}: skipped: opted out" in output
    assert not DigestDelivery.objects.exists()


def test_dry_run_prints_and_sends_and_records_nothing(week):
    output = send_digest("--business-id", str(week.business.pk), "--dry-run")
    assert f"{week.owner.user.email}: would send" in output
    assert "Delta Cleaning" in output
    assert mail.outbox == []
    assert not DigestDelivery.objects.exists()
    assert not WeeklyVerdict.objects.filter(week=TODAY).exists()


def test_sending_records_this_weeks_verdicts_for_next_week(week):
    send_digest("--business-id", str(week.business.pk))
    this_week = WeeklyVerdict.objects.filter(business=week.business, week=TODAY)
    assert this_week.count() == 4
    assert WeeklyVerdict.objects.filter(business=week.business, week=LAST_MONDAY).count() == 4


def test_quiet_week_still_says_so_briefly(week):
    WeeklyVerdict.objects.all().delete()
    for invoice in week.invoices.values():
        invoice.delete()
    week.big.invoices.all().delete()
    week.notice_soon.contracts.all().delete()
    send_digest("--business-id", str(week.business.pk))
    assert "A quiet week" in mail.outbox[0].body


def test_unknown_business_id_says_so():
    with pytest.raises(CommandError, match="There is no business with id 999999."):
        call_command("send_digest", "--business-id", "999999", stdout=StringIO())
