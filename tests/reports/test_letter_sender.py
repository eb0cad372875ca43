"""The letter carries the sender's address and contact details from the business settings."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Business
from customers.models import Contract, Customer
from reports.letters import boot_letter

CUSTOMER = Customer(name="Needy Corp", contact_person="Pat Doe", customer_since=datetime.date(2021, 4, 1))
CONTRACT = Contract(title="Support", start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2026, 12, 31))
TODAY = datetime.date(2026, 11, 2)


def first_paragraph(business: Business) -> str:
    return boot_letter(business=business, customer=CUSTOMER, contract=CONTRACT, today=TODAY).split("\n\n")[0]


def test_the_letter_opens_with_the_senders_address_and_contacts():
    business = Business(
        name="Knox Software",
        address="12 Harbour Road\n\n  Portsmouth PO1 2AB  ",
        phone="+44 23 9200 0000",
        email="hello@knox.example",
        website="https://knox.example",
    )
    assert first_paragraph(business).split("\n") == [
        "Knox Software",
        "12 Harbour Road",
        "Portsmouth PO1 2AB",
        "+44 23 9200 0000",
        "hello@knox.example",
        "https://knox.example",
    ]


def test_a_business_without_contact_details_signs_with_its_name_only():
    assert first_paragraph(Business(name="Knox Software")) == "Knox Software"


@pytest.mark.django_db
def test_owners_set_the_senders_details_in_the_business_settings(owner_client, world):
    business = world.a.business
    data = {
        "name": business.name,
        "currency": business.currency,
        "time_zone": business.time_zone,
        "default_hourly_cost": "50.00",
        "address": "1 Main Street\nSpringfield",
        "phone": "555-0100",
        "email": "office@alpha.example",
        "website": "",
    }
    response = owner_client.post(reverse("business_settings"), data)
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.letterhead == ["Alpha Plumbing", "1 Main Street", "Springfield", "555-0100", "office@alpha.example"]
    page = owner_client.get(reverse("business_settings")).content.decode()
    assert "Postal address" in page and "E-mail for customers" in page


@pytest.mark.django_db
def test_a_bad_e_mail_is_refused_and_changes_nothing(owner_client, world):
    business = world.a.business
    data = {"name": "Renamed", "currency": "USD", "time_zone": "UTC", "default_hourly_cost": "50.00", "email": "nope"}
    response = owner_client.post(reverse("business_settings"), data)
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    business.refresh_from_db()
    assert business.name == "Alpha Plumbing" and business.email == ""
