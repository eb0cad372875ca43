"""Every change leaves a trace in the history, however it was made (issue 8)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Membership
from audit.selectors import record_history, tracked_kinds
from customers import services
from customers.models import CostEntry, Customer, Invoice, Payment
from evaluations.models import EvaluationSettings

from ..conftest import client_for
from ..factories import UserFactory
from ..robustness.keys import keyed

pytestmark = pytest.mark.django_db


def events_of(record) -> list:
    event_model = tracked_kinds()[record._meta.label_lower]
    return list(event_model.objects.filter(pgh_obj_id=record.pk).order_by("pgh_id"))


def test_every_listed_kind_of_record_is_tracked():
    assert set(tracked_kinds()) == {
        "accounts.membership",
        "customers.customer",
        "customers.contract",
        "customers.addendum",
        "customers.invoice",
        "customers.payment",
        "customers.interaction",
        "customers.costentry",
        "evaluations.evaluationsettings",
    }


def test_every_event_table_has_a_non_null_business_id_and_an_index_leading_with_it():
    with connection.cursor() as cursor:
        for event_model in tracked_kinds().values():
            table = event_model._meta.db_table
            cursor.execute(
                "SELECT is_nullable FROM information_schema.columns"
                " WHERE table_name = %s AND column_name = 'business_id'",
                [table],
            )
            assert cursor.fetchone() == ("NO",), table
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
            definitions = [row[0] for row in cursor.fetchall()]
            assert any("(business_id, pgh_obj_id, pgh_id)" in d for d in definitions), table
            assert any("(business_id, pgh_created_at)" in d for d in definitions), table


def test_a_normal_save_records_before_and_after(world):
    customer = world.a.objects["customer"]
    customer.name = "Renamed Ltd"
    customer.save()
    labels = [event.pgh_label for event in events_of(customer)]
    assert labels[-1] == "update"
    entry = record_history(business=world.a.business, record=customer)[0]
    assert entry.action == "Changed"
    name_change = next(change for change in entry.changes if change.field == "Name")
    assert name_change.after == "Renamed Ltd"
    assert name_change.before != "Renamed Ltd" and name_change.before


def test_a_bulk_update_is_recorded_for_every_row(world):
    Customer.objects.filter(business=world.a.business).update(notes="bulk note")
    for customer in Customer.objects.filter(business=world.a.business):
        last = events_of(customer)[-1]
        assert last.pgh_label == "update"
        assert last.notes == "bulk note"


def test_raw_sql_is_recorded(world):
    invoice = world.a.objects["invoice"]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE customers_invoice SET note = %s WHERE id = %s", ["changed behind the app's back", invoice.pk]
        )
    entry = record_history(business=world.a.business, record=invoice)[0]
    assert entry.who == "No one signed in (system or database)"
    assert any(change.field == "Note" and change.after == "changed behind the app's back" for change in entry.changes)


def test_saving_an_unchanged_record_records_nothing(world):
    customer = world.a.objects["customer"]
    before = len(events_of(customer))
    customer.save()
    assert len(events_of(customer)) == before


def test_the_signed_in_user_is_attached_to_changes_made_in_a_request(world):
    invoice = world.a.objects["invoice"]
    owner = world.a.owner
    response = client_for(owner).post(
        reverse("payment_create", kwargs={"invoice_pk": invoice.pk}),
        keyed({"date": "2025-01-20", "amount": "50.00", "method": "card", "note": ""}),
    )
    assert response.status_code == 302
    payment = Payment.objects.filter(invoice=invoice, amount=Decimal("50.00")).get()
    event = events_of(payment)[0]
    assert event.pgh_label == "insert"
    assert event.pgh_context["user"] == owner.user.pk
    assert event.pgh_context["url"] == reverse("payment_create", kwargs={"invoice_pk": invoice.pk})
    entry = record_history(business=world.a.business, record=invoice, children=[(Payment, "invoice")])[0]
    assert entry.who == owner.display_name


def test_a_deleted_payment_stays_in_the_invoice_history(world):
    invoice = world.a.objects["invoice"]
    payment = world.a.objects["payment"]
    response = client_for(world.a.owner).post(reverse("payment_delete", kwargs={"pk": payment.pk}))
    assert response.status_code == 302
    assert not Payment.objects.filter(pk=payment.pk).exists()
    history = record_history(business=world.a.business, record=invoice, children=[(Payment, "invoice")])
    deleted = [entry for entry in history if entry.kind == "Payment" and entry.action == "Deleted"]
    assert len(deleted) == 1
    assert deleted[0].who == world.a.owner.display_name
    assert any(change.field == "Amount" and "100.00" in change.before for change in deleted[0].changes)
    # The invoice's own figures moved back, and that is in its history too.
    paid = [c for e in history if e.kind == "Invoice" and e.action == "Changed" for c in e.changes]
    assert any(change.field == "Amount paid" and "100.00" in change.before for change in paid)


def test_a_change_in_the_admin_is_recorded_with_the_admin_user(world):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = client_for(Membership(user=admin))
    cost = CostEntry.objects.create(
        business=world.a.business,
        customer=world.a.objects["customer"],
        date=datetime.date(2025, 2, 1),
        kind=CostEntry.Kind.TRAVEL,
        amount=Decimal("40.00"),
    )
    response = client.post(reverse("admin:customers_costentry_delete", args=[cost.pk]), {"post": "yes"})
    assert response.status_code == 302
    last = events_of(cost)[-1]
    assert last.pgh_label == "delete"
    assert last.pgh_context["user"] == admin.pk


def test_memberships_and_evaluation_settings_are_tracked(world):
    staff = world.a.staff
    Membership.objects.filter(pk=staff.pk).update(hourly_cost=Decimal("61.00"))
    assert events_of(staff)[-1].hourly_cost == Decimal("61.00")
    settings, _ = EvaluationSettings.objects.get_or_create(business=world.a.business)
    EvaluationSettings.objects.filter(pk=settings.pk).update(angry_refusals_red=7)
    events = events_of(settings)
    assert events[0].pgh_label == "insert"
    assert (events[-1].pgh_label, events[-1].angry_refusals_red) == ("update", 7)


def test_history_rows_belong_to_the_business_of_the_record(world):
    invoice = world.a.objects["invoice"]
    Invoice.objects.filter(pk=invoice.pk).update(note="ours")
    assert record_history(business=world.b.business, record=invoice) == []
    assert all(event.business_id == world.a.business.pk for event in events_of(invoice))


def test_the_services_still_work_with_history_on(world):
    invoice = world.a.objects["invoice"]
    payment = services.payment_record(invoice=invoice, date=datetime.date(2025, 1, 12), amount=Decimal("10.00"))
    payment_id = payment.pk
    services.payment_delete(payment=payment)
    events = tracked_kinds()["customers.payment"].objects.filter(pgh_obj_id=payment_id).order_by("pgh_id")
    assert [event.pgh_label for event in events] == ["insert", "delete"]


def test_rows_older_than_the_history_get_a_snapshot_so_their_first_change_has_a_before(world):
    from django.apps import apps

    from accounts.history import snapshot_existing_rows

    customer = world.a.objects["customer"]
    event_model = tracked_kinds()["customers.customer"]
    event_model.objects.all().delete()  # as if the customers existed before history began
    with connection.schema_editor() as editor:
        snapshot_existing_rows("customers", "Customer").code(apps, editor)
    assert [event.pgh_label for event in events_of(customer)] == ["snapshot"]
    old_name = customer.name
    Customer.objects.filter(pk=customer.pk).update(name="Afterwards Ltd")
    history = record_history(business=world.a.business, record=customer)
    assert len(history) == 1  # the snapshot itself is not a change
    assert [(c.field, c.before, c.after) for c in history[0].changes] == [("Name", old_name, "Afterwards Ltd")]


def test_default_thresholds_created_on_first_visit_name_the_owner_who_opened_the_page(world):
    EvaluationSettings.objects.filter(business=world.a.business).delete()
    assert client_for(world.a.owner).get(reverse("evaluation_settings")).status_code == 200
    settings = EvaluationSettings.objects.get(business=world.a.business)
    assert events_of(settings)[0].pgh_context["user"] == world.a.owner.user_id
