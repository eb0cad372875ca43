"""The platform admin lists every customers model with no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import Addendum, Contract, CostEntry, Customer, FollowUp, Interaction, Invoice, Payment

from ..factories import UserFactory
from .objects import make_objects

pytestmark = pytest.mark.django_db

MODELS = [Customer, Contract, Addendum, Invoice, Payment, FollowUp, Interaction, CostEntry]


def changelist(model) -> str:
    return reverse(f"admin:customers_{model._meta.model_name}_changelist")


@pytest.fixture
def admin_client(client, world):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_queries_do_not_grow_with_rows(admin_client, world, model):
    from customers import services

    invoice = world.a.objects["invoice"]
    services.followup_record(invoice=invoice, date=invoice.due_date)
    before = queries_for(admin_client, changelist(model))
    for tenant in (world.a, world.b):
        for _ in range(3):
            objects = make_objects(tenant)
            services.followup_record(invoice=objects["invoice"], date=objects["invoice"].due_date)
    assert model.objects.count() >= 4
    assert queries_for(admin_client, changelist(model)) == before


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_change_form_and_search_open(admin_client, world, model):
    from customers import services

    services.followup_record(invoice=world.a.objects["invoice"], date=world.a.objects["invoice"].due_date)
    row = model.objects.first()
    assert admin_client.get(changelist(model), {"q": "a"}).status_code == 200
    assert (
        admin_client.get(reverse(f"admin:customers_{model._meta.model_name}_change", args=[row.pk])).status_code == 200
    )
