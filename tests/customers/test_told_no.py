"""Issue 11: "asked for something outside the contract and was told no" is within the contract; work done
outside the contract is out of scope. A call is one or the other: the forms, the services and the database
refuse both at once, and change nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from customers import services
from customers.models import SIGNALS, Interaction

from ..robustness.keys import keyed

pytestmark = pytest.mark.django_db

REFUSAL_MESSAGE = "You said the work was done outside the contract, so they were not told no."


def log_call(client, **data):
    defaults = {"duration_preset": "15", "in_scope": "yes", "kind": "call", "direction": "inbound"}
    return client.post(reverse("interaction_log"), keyed({**defaults, **data}))


def test_the_log_call_form_says_what_each_answer_means(staff_client):
    page = staff_client.get(reverse("interaction_log")).content.decode()
    assert "Yes, within the contract" in page
    assert "No, work done outside the contract" in page
    assert "Asked for something outside the contract and was told no" in page
    assert SIGNALS["out_of_scope_request"] == "Asked for something outside the contract and was told no"


def test_told_no_within_the_contract_is_saved_as_a_refused_request(world, staff_client):
    customer = world.a.objects["customer"]
    response = log_call(staff_client, customer_name=customer.name, in_scope="yes", out_of_scope_request="on")
    assert response.status_code == 302
    call = Interaction.objects.filter(customer=customer).latest("id")
    assert (call.in_scope, call.out_of_scope_request) == (True, True)


def test_told_no_and_done_outside_the_contract_at_once_is_refused_and_saves_nothing(world, staff_client):
    customer = world.a.objects["customer"]
    before = Interaction.objects.count()
    response = log_call(staff_client, customer_name=customer.name, in_scope="no", out_of_scope_request="on")
    assert response.status_code == 200
    assert REFUSAL_MESSAGE in response.content.decode()
    assert Interaction.objects.count() == before


def test_work_done_outside_the_contract_is_saved_without_the_refusal(world, staff_client):
    customer = world.a.objects["customer"]
    assert log_call(staff_client, customer_name=customer.name, in_scope="no").status_code == 302
    call = Interaction.objects.filter(customer=customer).latest("id")
    assert (call.in_scope, call.out_of_scope_request) == (False, False)


def test_the_edit_form_refuses_both_at_once_and_keeps_the_record(world, owner_client):
    call = world.a.objects["interaction"]
    before = (call.in_scope, call.out_of_scope_request, call.duration_minutes)
    data = {
        "customer": call.customer_id,
        "handled_by": world.a.staff.user.pk,
        "kind": "call",
        "occurred_at": "2025-02-01T10:00",
        "duration_minutes": 33,
        "direction": "inbound",
        "out_of_scope_request": "on",  # "in_scope" left unticked: done outside the contract
    }
    response = owner_client.post(reverse("interaction_edit", args=[call.pk]), data)
    assert response.status_code == 200
    assert REFUSAL_MESSAGE in response.content.decode()
    call.refresh_from_db()
    assert (call.in_scope, call.out_of_scope_request, call.duration_minutes) == before


def test_the_service_and_the_database_refuse_both_at_once(world):
    call = world.a.objects["interaction"]
    contradictory = Interaction(
        customer=call.customer,
        occurred_at=datetime.datetime(2025, 2, 1, 10, tzinfo=datetime.UTC),
        duration_minutes=5,
        in_scope=False,
        out_of_scope_request=True,
    )
    with pytest.raises(ValidationError, match="Work done outside the contract was not refused"):
        services.interaction_save(interaction=contradictory, business=world.a.business, created_by=world.a.owner.user)
    with pytest.raises(IntegrityError, match="interaction_told_no_is_within_contract"), transaction.atomic():
        Interaction.objects.filter(pk=call.pk).update(in_scope=False, out_of_scope_request=True)
