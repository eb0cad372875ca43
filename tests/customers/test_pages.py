"""The customers pages for owners and staff: what each sees, and who may change what."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import SIGNALS, Customer, FollowUp, Interaction

from ..conftest import client_for
from ..factories import (
    AddendumFactory,
    ContractFactory,
    CostEntryFactory,
    CustomerFactory,
    InteractionFactory,
    InvoiceFactory,
    PaymentFactory,
)
from ..robustness.keys import keyed

pytestmark = pytest.mark.django_db


def page(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["owner", "staff"])
def test_every_customer_page_shows_the_records(world, role):
    client = client_for(getattr(world.a, role))
    objects = world.a.objects
    customer, contract, invoice = objects["customer"], objects["contract"], objects["invoice"]
    assert customer.name in page(client, "customer_list")
    detail = page(client, "customer_detail", pk=customer.pk)
    assert contract.title in detail and invoice.number in detail and "Payment" in detail
    assert "Adds weekend support." in detail  # the addendum, in the timeline
    contract_page = page(client, "contract_detail", pk=contract.pk)
    assert "$1,200.00" in contract_page  # 1,000 signed + 200 by the addendum
    invoice_page = page(client, "invoice_detail", pk=invoice.pk)
    assert "Partly paid" in invoice_page or "Overdue" in invoice_page
    assert "$900.00" in invoice_page  # still open after the 100 payment
    for name, kwargs in [
        ("customer_create", {}),
        ("customer_edit", {"pk": customer.pk}),
        ("invoice_create", {"customer_pk": customer.pk}),
        ("invoice_edit", {"pk": invoice.pk}),
        ("payment_create", {"invoice_pk": invoice.pk}),
        ("payment_edit", {"pk": objects["payment"].pk}),
        ("interaction_log", {}),
        ("interaction_edit", {"pk": objects["interaction"].pk}),
    ]:
        assert "<form" in page(client, name, **kwargs), name


def test_owner_pages_for_contracts_addenda_costs_and_ending(world, owner_client):
    objects = world.a.objects
    for name, kwargs in [
        ("contract_create", {"customer_pk": objects["customer"].pk}),
        ("contract_edit", {"pk": objects["contract"].pk}),
        ("addendum_create", {"contract_pk": objects["contract"].pk}),
        ("addendum_edit", {"pk": objects["addendum"].pk}),
        ("costentry_create", {"customer_pk": objects["customer"].pk}),
        ("costentry_edit", {"pk": objects["cost_entry"].pk}),
        ("customer_end", {"pk": objects["customer"].pk}),
    ]:
        assert "<form" in page(owner_client, name, **kwargs), name


def test_staff_never_see_staff_costs_or_cost_entries(world, staff_client, owner_client):
    customer = world.a.objects["customer"]
    InteractionFactory(customer=customer, business=world.a.business, duration_minutes=30, hourly_cost=Decimal("80"))
    owner_view = page(owner_client, "customer_detail", pk=customer.pk)
    staff_view = page(staff_client, "customer_detail", pk=customer.pk)
    assert "staff time" in owner_view and "$40.00" in owner_view
    assert "staff time" not in staff_view and "$40.00" not in staff_view
    assert "Materials" in owner_view and "Materials" not in staff_view
    assert "New contract" not in staff_view and "End this customer" not in staff_view


def test_staff_edit_only_what_they_recorded(world, staff_client, owner_client):
    theirs = world.a.objects["interaction"]
    someone_elses = InteractionFactory(
        customer=theirs.customer, business=world.a.business, created_by=world.a.owner.user
    )
    url = reverse("interaction_edit", args=[someone_elses.pk])
    assert staff_client.get(url).status_code == 403
    data = {
        "customer": theirs.customer.pk,
        "kind": "email",
        "occurred_at": "2025-02-01T10:00",
        "duration_minutes": 12,
        "direction": "outbound",
        "in_scope": "on",
    }
    assert staff_client.post(url, data).status_code == 403
    assert Interaction.objects.get(pk=someone_elses.pk).kind == "call"
    response = staff_client.post(reverse("interaction_edit", args=[theirs.pk]), data)
    assert response.status_code == 302
    assert Interaction.objects.get(pk=theirs.pk).duration_minutes == 12
    # The owner may change everyone's records.
    response = owner_client.post(url, {**data, "handled_by": world.a.staff.user.pk})
    assert response.status_code == 302
    assert Interaction.objects.get(pk=someone_elses.pk).kind == "email"


def test_staff_cannot_edit_a_customer_or_invoice_someone_else_entered(world, staff_client):
    customer = CustomerFactory(business=world.a.business, created_by=world.a.owner.user)
    invoice = InvoiceFactory(customer=customer, business=world.a.business, created_by=world.a.owner.user)
    assert staff_client.get(reverse("customer_edit", args=[customer.pk])).status_code == 403
    assert staff_client.get(reverse("invoice_edit", args=[invoice.pk])).status_code == 403
    detail = page(staff_client, "customer_detail", pk=customer.pk)
    assert "Edit details" not in detail


def test_customer_list_searches_filters_and_sorts(world, owner_client):
    business = world.a.business
    CustomerFactory(business=business, name="Zed Garage", tags=["retail"], email="zed@garage.test")
    CustomerFactory(business=business, name="Acme Dental", tags=["health"], phone="0123 987")
    CustomerFactory(
        business=business, name="Old Mill", status="former", ended_on=datetime.date(2025, 1, 1), end_reason="left"
    )
    url = reverse("customer_list")
    html = owner_client.get(url, {"q": "garage.test"}).content.decode()
    assert "Zed Garage" in html and "Acme Dental" not in html
    html = owner_client.get(url, {"q": "987"}).content.decode()
    assert "Acme Dental" in html and "Zed Garage" not in html
    html = owner_client.get(url, {"tag": "retail"}).content.decode()
    assert "Zed Garage" in html and "Acme Dental" not in html
    html = owner_client.get(url, {"status": "former"}).content.decode()
    assert "Old Mill" in html and "Zed Garage" not in html
    html = owner_client.get(url, {"sort": "-name"}).content.decode()
    assert html.index("Zed Garage") < html.index("Acme Dental")
    assert "Beta" not in html  # another business's customers never show


def test_customer_list_paginates(world, owner_client):
    CustomerFactory.create_batch(30, business=world.a.business)
    first = owner_client.get(reverse("customer_list")).content.decode()
    assert "Page 1 of 2" in first
    second = owner_client.get(reverse("customer_list"), {"page": 2}).content.decode()
    assert "Page 2 of 2" in second


def test_overdue_invoices_are_highlighted_with_days_late(world, staff_client, time_machine):
    time_machine.move_to(datetime.datetime(2025, 4, 1, 12, tzinfo=datetime.UTC))
    customer = world.a.objects["customer"]  # its invoice was due Jan 31, 2025 and 900 is open
    html = page(staff_client, "customer_detail", pk=customer.pk)
    assert "table-danger" in html
    assert "60 days late" in html
    listing = page(staff_client, "customer_list")
    assert "$900.00" in listing


def test_a_follow_up_is_one_tap_and_returns_to_the_page(world, staff_client, time_machine):
    time_machine.move_to(datetime.datetime(2025, 4, 1, 12, tzinfo=datetime.UTC))
    invoice = world.a.objects["invoice"]
    back = reverse("customer_detail", args=[invoice.customer_id])
    response = staff_client.post(
        reverse("followup_create", args=[invoice.pk]), keyed({"next": back, "note": "left a voicemail"})
    )
    assert response.status_code == 302 and response.url == back
    follow_up = FollowUp.objects.get(invoice=invoice)
    assert (follow_up.date, follow_up.note, follow_up.created_by) == (
        datetime.date(2025, 4, 1),
        "left a voicemail",
        world.a.staff.user,
    )


def test_ending_a_customer_keeps_everything(world, owner_client):
    customer = world.a.objects["customer"]
    response = owner_client.post(
        reverse("customer_end", args=[customer.pk]), {"ended_on": "2025-06-30", "end_reason": "let_go"}
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.status, customer.ended_on, customer.end_reason) == ("former", datetime.date(2025, 6, 30), "let_go")
    assert customer.invoices.count() == 1 and customer.interactions.count() == 1
    assert "Former customer since Jun 30, 2025 (let go)" in page(owner_client, "customer_detail", pk=customer.pk)
    owner_client.post(reverse("customer_reopen", args=[customer.pk]))
    customer.refresh_from_db()
    assert (customer.status, customer.ended_on, customer.end_reason) == ("active", None, "")


def test_ending_before_the_customer_started_is_explained(world, owner_client):
    customer = world.a.objects["customer"]  # customer since Jan 1, 2024
    response = owner_client.post(
        reverse("customer_end", args=[customer.pk]), {"ended_on": "2023-12-31", "end_reason": "left"}
    )
    assert response.status_code == 200
    assert "before the customer started" in response.content.decode()
    assert Customer.objects.get(pk=customer.pk).status == "active"


# --- logging a call ------------------------------------------------------------------


def log_call(client, **data):
    defaults = {"duration_preset": "15", "in_scope": "yes", "kind": "call", "direction": "inbound"}
    return client.post(reverse("interaction_log"), keyed({**defaults, **data}))


def test_logging_a_call_stores_the_handlers_cost_and_returns_where_the_user_was(world, staff_client):
    staff = world.a.staff
    staff.hourly_cost = Decimal("42.00")
    staff.save()
    customer = world.a.objects["customer"]
    back = reverse("customer_list") + "?q=abc"
    response = log_call(
        staff_client,
        customer_name=customer.name,
        in_scope="no",
        complained="on",
        asked_discount="on",
        note="Wants a free laptop",
        next=back,
    )
    assert response.status_code == 302 and response.url == back
    interaction = Interaction.objects.exclude(pk=world.a.objects["interaction"].pk).get(customer=customer)
    assert interaction.duration_minutes == 15
    assert interaction.in_scope is False
    assert interaction.hourly_cost == Decimal("42.00")
    assert interaction.handled_by == staff.user == interaction.created_by
    assert interaction.signals == [SIGNALS["asked_discount"], SIGNALS["complained"]]
    followed = staff_client.get(back)
    assert f"Call with {customer.name} logged (15 min, 2 signals noted)." in followed.content.decode()
    # Later rate changes do not rewrite history.
    staff.hourly_cost = Decimal("99.00")
    staff.save()
    interaction.refresh_from_db()
    assert interaction.hourly_cost == Decimal("42.00")


def test_log_call_never_sends_the_user_to_another_site(world, staff_client):
    customer = world.a.objects["customer"]
    response = log_call(staff_client, customer_name=customer.name, next="https://evil.example.com/")
    assert response.status_code == 302
    assert response.url == reverse("customer_list")


def test_log_call_explains_a_missing_duration_or_unknown_customer(world, staff_client):
    response = log_call(staff_client, customer_name="Nobody Ltd", duration_preset="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "No customer called “Nobody Ltd”" in html
    assert "Pick how long it took" in html
    assert Interaction.objects.filter(business=world.a.business).count() == 1


def test_log_call_finds_namesakes_by_number_and_never_another_business(world, staff_client):
    customer = world.a.objects["customer"]
    twin = CustomerFactory(business=world.a.business, name=customer.name)
    response = log_call(staff_client, customer_name=customer.name)
    assert "Several customers are called" in response.content.decode()
    log_call(staff_client, customer_name=f"{twin.name} #{twin.pk}", duration_other="7")
    assert Interaction.objects.get(customer=twin).duration_minutes == 7
    foreign = world.b.objects["customer"]
    response = log_call(staff_client, customer_name=f"x #{foreign.pk}")
    assert response.status_code == 200
    assert not Interaction.objects.filter(customer=foreign, business=world.a.business).exists()


def test_type_ahead_returns_matching_customers_of_this_business_only(world, staff_client):
    CustomerFactory(business=world.a.business, name="Harbor Dental")
    CustomerFactory(business=world.b.business, name="Harbor Bakery")
    response = staff_client.get(reverse("customer_lookup"), {"q": "harbor"})
    names = [row["name"] for row in response.json()["results"]]
    assert names == ["Harbor Dental"]
    assert response.json()["results"][0]["label"].startswith("Harbor Dental #")


def test_log_a_call_button_is_on_every_page(world, staff_client):
    for name in ("home", "customer_list"):
        html = page(staff_client, name)
        assert reverse("interaction_log") + "?next=" in html


# --- invoices and payments through the pages ---------------------------------------------


def test_invoice_due_date_comes_from_the_contract_terms(world, staff_client):
    customer = world.a.objects["customer"]
    contract = world.a.objects["contract"]
    contract.payment_terms_days = 14
    contract.save()
    response = staff_client.post(
        reverse("invoice_create", args=[customer.pk]),
        keyed({"number": "A-77", "contract": contract.pk, "issue_date": "2025-05-01", "amount": "250.00"}),
    )
    assert response.status_code == 302
    invoice = customer.invoices.get(number="A-77")
    assert invoice.due_date == datetime.date(2025, 5, 15)
    assert invoice.created_by == world.a.staff.user


def test_a_duplicate_invoice_number_is_a_form_error_not_a_crash(world, staff_client):
    customer = world.a.objects["customer"]
    existing = world.a.objects["invoice"]
    response = staff_client.post(
        reverse("invoice_create", args=[customer.pk]),
        {"number": existing.number.lower(), "issue_date": "2025-05-01", "amount": "250.00"},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert customer.invoices.count() == 1


def test_recording_partial_then_final_payment(world, staff_client, time_machine):
    time_machine.move_to(datetime.datetime(2025, 5, 1, 12, tzinfo=datetime.UTC))
    invoice = world.a.objects["invoice"]  # 1,000 due Jan 31; 100 paid
    url = reverse("payment_create", args=[invoice.pk])
    response = staff_client.post(url, keyed({"date": "2025-02-15", "amount": "400.00", "method": "card"}), follow=True)
    assert "500.00 is still open" in response.content.decode()
    response = staff_client.post(url, keyed({"date": "2025-04-21", "amount": "500.00", "method": "cash"}), follow=True)
    assert "paid in full, 80 days late" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.paid_in_full_on == datetime.date(2025, 4, 21)
    assert invoice.status_on(datetime.date(2025, 5, 1)) == "paid"


def test_payment_form_refuses_early_future_and_excess_amounts(world, staff_client, time_machine):
    time_machine.move_to(datetime.datetime(2025, 5, 1, 12, tzinfo=datetime.UTC))
    invoice = world.a.objects["invoice"]
    url = reverse("payment_create", args=[invoice.pk])
    html = staff_client.post(url, {"date": "2024-12-31", "amount": "901", "method": "cash"}).content.decode()
    assert "before the invoice was issued" in html
    assert "more than the open balance of 900.00" in html
    html = staff_client.post(url, {"date": "2025-05-02", "amount": "10", "method": "cash"}).content.decode()
    assert "in the future" in html
    assert invoice.payments.count() == 1


def test_owner_adds_a_contract_and_an_addendum_and_sees_the_amended_fee(world, owner_client):
    customer = CustomerFactory(business=world.a.business)
    response = owner_client.post(
        reverse("contract_create", args=[customer.pk]),
        keyed(
            {
                "title": "Website care",
                "services_included": "Hosting and updates",
                "fee": "300.00",
                "billing_period": "monthly",
                "start_date": "2025-01-01",
                "notice_period_days": "30",
                "payment_terms_days": "30",
                "status": "active",
            }
        ),
    )
    assert response.status_code == 302
    contract = customer.contracts.get()
    assert contract.created_by == world.a.owner.user
    response = owner_client.post(
        reverse("addendum_create", args=[contract.pk]),
        keyed(
            {
                "effective_date": "2025-02-01",
                "description": "Adds a blog",
                "fee_change": "75.50",
                "scope_change": "Blog",
            }
        ),
    )
    assert response.status_code == 302
    html = page(owner_client, "contract_detail", pk=contract.pk)
    assert "$375.50" in html and "+75.50 by 1 addendum" in html


def test_a_second_active_contract_is_explained(world, owner_client):
    customer = world.a.objects["customer"]
    response = owner_client.post(
        reverse("contract_create", args=[customer.pk]),
        {
            "title": "Another",
            "services_included": "More",
            "fee": "10",
            "billing_period": "monthly",
            "start_date": "2025-01-01",
            "notice_period_days": "30",
            "payment_terms_days": "30",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "already has an active contract" in response.content.decode()
    assert customer.contracts.count() == 1


# --- a fixed number of queries whatever the amount of data ----------------------------------


def fill(business, customers: int, records: int, by):
    """``customers`` customers with a contract, an invoice and a call; the last one has ``records`` of each kind."""
    for _ in range(customers):
        customer = CustomerFactory(business=business, tags=["retail"])
        ContractFactory(customer=customer, business=business)
        InvoiceFactory(customer=customer, business=business, issue_date=datetime.date(2024, 1, 1))
        InteractionFactory(customer=customer, business=business, handled_by=by)
    contract = ContractFactory(customer__business=business, business=business)
    target = contract.customer
    for index in range(records):
        day = datetime.date(2025, 1, 1) + datetime.timedelta(days=index)
        noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
        InteractionFactory(customer=target, business=business, handled_by=by, created_by=by, occurred_at=noon)
        invoice = InvoiceFactory(customer=target, business=business, issue_date=day, created_by=by)
        PaymentFactory(invoice=invoice, business=business, date=day, created_by=by)
        FollowUp.objects.create(business=business, invoice=invoice, date=day)
        CostEntryFactory(customer=target, business=business, date=day)
        AddendumFactory(contract=contract, business=business, effective_date=day, fee_change=Decimal("1"))
    return target


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["owner", "staff"])
def test_list_and_customer_pages_use_the_same_queries_for_3_or_30(world, role):
    member_a, member_b = getattr(world.a, role), getattr(world.b, role)
    small = fill(world.a.business, 3, 3, member_a.user)
    big = fill(world.b.business, 30, 30, member_b.user)
    counts = {}
    for label, member, customer in (("small", member_a, small), ("big", member_b, big)):
        client = client_for(member)
        counts[label] = (
            count_queries(client, reverse("customer_list")),
            count_queries(client, reverse("customer_detail", args=[customer.pk])),
            count_queries(client, reverse("customer_list") + "?tag=retail&sort=-overdue_balance&q=Customer"),
        )
    assert counts["small"] == counts["big"]
    # 16 for the page; 5 that set and reset the row-level-security settings (accounts/tenancy.py);
    # and for owners the History section: its events, then the people and customers it names
    # (audit.selectors). No session write: it is saved when it changes (the list, opened first,
    # noted the chosen business) or every few minutes for the idle timeout (accounts.session_renewal).
    history_queries = 3 if role == "owner" else 0
    assert counts["big"][1] <= 21 + history_queries
    assert counts["big"][2] < counts["big"][0], "the second list page writes no session"
