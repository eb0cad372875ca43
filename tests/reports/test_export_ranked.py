"""The dashboard's ranked customers download: the page's order, verdicts and figures, owners only."""

import pytest
from django.urls import reverse

from ..exports.conftest import csv_rows, xlsx_rows
from .test_dashboard import good_customer, loss_maker, shop  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
URL = reverse("export_ranked")


def as_dicts(rows) -> list[dict]:
    header, *data = rows
    return [dict(zip(header, row, strict=True)) for row in data]


def test_ranked_customers_csv_follows_the_dashboard(shop):  # noqa: F811
    business, owner, _ = shop
    loss_maker(business)
    good_customer(business, "Good Co", amount="500.00")
    rows = as_dicts(csv_rows(owner.get(URL)))
    page = owner.get(reverse("dashboard")).context["board"].rows
    assert [row["customer"] for row in rows] == [row.name for row in page] == ["Needy Corp", "Good Co"]
    needy, good = rows
    assert (needy["rank"], needy["verdict"]) == ("1", "Boot")
    assert needy["Does the customer make demands beyond what is reasonable?"] == "Red flag"
    assert needy["main reason"]
    assert good["revenue"] == str(page[1].money.revenue)
    assert needy["profit"] == str(page[0].money.profit)
    assert needy["profit"].startswith("-")  # a number from the figures, not user text: left as it is


def test_ranked_export_keeps_the_verdict_filter_and_sort(shop):  # noqa: F811
    business, owner, _ = shop
    loss_maker(business)
    good_customer(business, "Good Co")
    good_customer(business, "Better Co", amount="900.00")
    rows = as_dicts(csv_rows(owner.get(URL, {"verdict": "keep", "sort": "revenue"})))
    assert [row["customer"] for row in rows] == ["Better Co", "Good Co"]


def test_ranked_export_as_xlsx(shop):  # noqa: F811
    business, owner, _ = shop
    loss_maker(business)
    rows = as_dicts(xlsx_rows(owner.get(URL, {"format": "xlsx"})))
    assert rows[0]["customer"] == "Needy Corp"
    assert rows[0]["verdict"] == "Boot"
    assert isinstance(rows[0]["profit"], float | int)


def test_staff_cannot_export_verdicts(shop):  # noqa: F811
    _, _, staff = shop
    assert staff.get(URL).status_code == 403


def test_unknown_format_is_refused(shop):  # noqa: F811
    _, owner, _ = shop
    assert owner.get(URL, {"format": "pdf"}).status_code == 400
