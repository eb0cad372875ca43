"""A double click or a resend of a create form records once, and both answers lead to the same record.

The concurrent test sends the same form twice at the same instant from two
threads, each with its own database connection and transaction, against the
real PostgreSQL server.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from accounts.models import SubmissionKey
from accounts.submissions import ALREADY_SAVED

from ..routes import ROUTES
from .create_forms import CREATE_FORMS, EMBEDDED_CREATE_FORMS, CreateForm
from .forms import form_on

pytestmark = pytest.mark.django_db


def rows(form: CreateForm, business) -> int:
    return form.model._default_manager.filter(business=business).count()


def signed_in(membership) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(membership.user)
    return client


def test_every_create_form_is_listed(world):
    client = signed_in(world.a.owner)
    with_key = set()
    for route in ROUTES:
        if route.method == "get":
            form = form_on(client, route, world.a.objects)
            if form is not None and "submission_key" in form.fields:
                with_key.add(route.url_name)
    listed = {form.url_name for form in CREATE_FORMS}
    pages = {route.url_name for route in ROUTES if route.method == "get"}
    embedded = {page for page, target in EMBEDDED_CREATE_FORMS.items() if target in listed}
    assert with_key == (listed & pages) | embedded, "list new create forms in tests/robustness/create_forms.py"


@pytest.mark.parametrize("create_form", CREATE_FORMS, ids=str)
def test_a_resent_create_form_records_once_and_leads_to_the_first_result(world, create_form):
    objects = world.a.objects
    client = signed_in(world.a.owner)
    url = reverse(create_form.url_name, kwargs=create_form.kwargs(objects))
    data = {**create_form.data(objects), "submission_key": str(uuid.uuid4())}
    before = rows(create_form, world.a.business)
    first = client.post(url, data)
    assert first.status_code == 302, first.content[:2000]
    again = client.post(url, data, follow=True)
    assert again.redirect_chain[0][0] == first.url
    assert ALREADY_SAVED in again.content.decode()
    assert rows(create_form, world.a.business) == before + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("create_form", CREATE_FORMS, ids=str)
def test_two_concurrent_submits_of_one_create_form_record_once(world, create_form):
    objects = world.a.objects
    url = reverse(create_form.url_name, kwargs=create_form.kwargs(objects))
    data = {**create_form.data(objects), "submission_key": str(uuid.uuid4())}
    membership = world.a.owner if create_form.owner_only else world.a.staff
    clients = [signed_in(membership), signed_in(membership)]
    before = rows(create_form, world.a.business)
    start = threading.Barrier(2)
    answers: list = [None, None]

    def send(index: int) -> None:
        try:
            start.wait()
            answers[index] = clients[index].post(url, data)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [answer.status_code for answer in answers] == [302, 302], [a.content[:500] for a in answers]
    assert answers[0].url == answers[1].url
    assert rows(create_form, world.a.business) == before + 1
    assert SubmissionKey.objects.filter(business=world.a.business, key=data["submission_key"]).count() == 1


def test_a_refused_form_keeps_its_key_and_saves_once_corrected(world, staff_client):
    invoice = world.a.objects["invoice"]
    url = reverse("payment_create", kwargs={"invoice_pk": invoice.pk})
    data = {"date": "2025-01-15", "amount": "99999.00", "method": "cash", "submission_key": str(uuid.uuid4())}
    refused = staff_client.post(url, data)
    assert refused.status_code == 200 and data["submission_key"] in refused.content.decode()
    assert staff_client.post(url, {**data, "amount": "62.50"}).status_code == 302
    assert staff_client.post(url, {**data, "amount": "62.50"}).status_code == 302
    assert invoice.payments.filter(amount="62.50").count() == 1


def test_a_create_form_without_its_key_is_refused_with_a_reason(world, staff_client):
    customer = world.a.objects["customer"]
    response = staff_client.post(reverse("customer_create"), {"name": "No key", "status": "active"})
    assert response.status_code == 200
    assert "without its one-time key" in response.content.decode()
    assert not customer.__class__.objects.filter(name="No key").exists()
