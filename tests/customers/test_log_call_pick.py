"""Log a call: the customer picked from the type-ahead travels as its number, the field shows only its name."""

from django.urls import reverse

from customers.models import Interaction

from ..factories import CustomerFactory
from ..robustness.keys import keyed


def log_call(client, **data):
    defaults = {"duration_preset": "15", "in_scope": "yes", "kind": "call", "direction": "inbound"}
    return client.post(reverse("interaction_log"), keyed({**defaults, **data}))


def test_prefilled_customer_shows_the_name_without_the_number(world, staff_client):
    customer = world.a.objects["customer"]
    html = staff_client.get(reverse("interaction_log"), {"customer": customer.pk}).content.decode()
    assert f'value="{customer.name}"' in html
    assert f"#{customer.pk}" not in html
    assert f'name="customer_id" id="id_customer_id" value="{customer.pk}"' in html


def test_the_picked_number_tells_namesakes_apart(world, staff_client):
    customer = world.a.objects["customer"]
    twin = CustomerFactory(business=world.a.business, name=customer.name)
    response = log_call(staff_client, customer_name=customer.name, customer_id=str(twin.pk))
    assert response.status_code == 302
    assert Interaction.objects.filter(customer=twin).count() == 1


def test_an_edited_name_wins_over_a_stale_number(world, staff_client):
    customer = world.a.objects["customer"]
    other = CustomerFactory(business=world.a.business, name="Zephyr Courier")
    log_call(staff_client, customer_name="Zephyr Courier", customer_id=str(customer.pk))
    assert Interaction.objects.filter(customer=other).count() == 1
    assert Interaction.objects.filter(customer=customer).count() == 1  # the world's own, unchanged


def test_another_businesss_number_is_never_used(world, staff_client):
    foreign = world.b.objects["customer"]
    response = log_call(staff_client, customer_name=foreign.name, customer_id=str(foreign.pk))
    assert response.status_code == 200
    assert "No customer called" in response.content.decode()
    assert not Interaction.objects.filter(business=world.a.business, customer=foreign).exists()
