"""Browser journeys for the home page, the charts and printing.

Every page here is served with a strict script policy (``script-src 'self'``):
an inline script or an ``on...=`` handler would be refused and show up as a
console error, which fails the test.
"""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from playwright.sync_api import expect

from accounts.models import Membership
from reports.charts import Point, ReferenceLine, Series, bar_chart, line_chart, scatter_chart

from ..factories import (
    PASSWORD,
    BusinessFactory,
    ContractFactory,
    CustomerFactory,
    InteractionFactory,
    MembershipFactory,
)
from ..reports.factories import invoice_days_past_due, pay

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STRICT_SCRIPTS = "script-src 'self'; object-src 'none'; base-uri 'none'"


def big_log_call_button(page):
    """The home page's main action (the navigation and the links list have their own)."""
    return page.get_by_role("main").get_by_role("link", name="Log a call", exact=True).first


@pytest.fixture
def garden():
    """A business with a staff member who logged calls, a customer late with payment, a renewal coming."""
    business = BusinessFactory(name="Gamma Garden Care", time_zone="Europe/London", currency="GBP")
    owner = MembershipFactory(business=business, role="owner", user__username="olivia@example.com")
    staff = MembershipFactory(business=business, role="staff", user__username="sam@example.com", user__first_name="Sam")
    today = datetime.datetime.now(zoneinfo.ZoneInfo(business.time_zone)).date()
    late = CustomerFactory(business=business, name="Harbor Dental", contact_person="Dana Reed", phone="555-0101")
    invoice_days_past_due(late, today=today, days=95, amount="1250.00")
    pay(invoice_days_past_due(late, today=today, days=12, amount="480.00"), "80.00", on=today)
    slow = CustomerFactory(business=business, name="Maple Bistro")
    invoice_days_past_due(slow, today=today, days=20, amount="300.00")
    InteractionFactory(customer=late, handled_by=staff.user, duration_minutes=25, in_scope=False, complained=True)
    InteractionFactory(
        customer=slow, handled_by=staff.user, duration_minutes=5, note="Asked for a copy of the invoice."
    )
    InteractionFactory(customer=slow, handled_by=owner.user, note="Owner's own call")
    ContractFactory(customer=slow, title="Lawn care", end_date=today + datetime.timedelta(days=45), auto_renew=True)
    return business, owner, staff


def test_staff_member_sees_invoices_to_chase_and_their_recent_logs(
    page, live_server, sign_in, shot, csp_errors, garden
):
    sign_in("sam@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Gamma Garden Care")).to_be_visible()

    chase = page.get_by_role("region", name="Invoices to chase")
    expect(chase).to_contain_text("2 customers owe £1,950.00 past the due date")
    expect(chase.get_by_role("listitem").first).to_contain_text("Harbor Dental")
    expect(chase).to_contain_text("95 days late")
    expect(chase).to_contain_text("£400.00")  # the rest of a partly paid invoice
    expect(chase.get_by_role("link", name="555-0101")).to_have_attribute("href", "tel:555-0101")

    logs = page.get_by_role("region", name="Your recent logs")
    expect(logs).to_contain_text("Call, 25 min")
    expect(logs).to_contain_text("Outside the contract")
    expect(logs).to_contain_text("Complained")
    expect(logs).to_contain_text("Asked for a copy of the invoice.")
    expect(logs).not_to_contain_text("Owner's own call")

    renewals = page.get_by_role("region", name="Renewals in the next 90 days")
    expect(renewals).to_contain_text("Lawn care: renews automatically on")
    expect(renewals).to_contain_text("in 45 days")

    main = page.get_by_role("main")
    for word in ("Profit", "Revenue", "Boot", "Renegotiate", "Verdict"):
        expect(main).not_to_contain_text(word)
    shot("staff-home")

    big_log_call_button(page).click()
    expect(page).to_have_url(f"{live_server.url}/log/?next=/")
    shot("log-a-call-from-home")
    assert csp_errors == []


def test_staff_home_fits_a_phone_screen(page, live_server, sign_in, shot, csp_errors, garden):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("sam@example.com", PASSWORD)
    log_call = big_log_call_button(page)
    expect(log_call).to_be_visible()
    assert log_call.bounding_box()["width"] > 300, "the main action spans the phone's width"
    expect(page.get_by_role("region", name="Invoices to chase")).to_contain_text("Harbor Dental")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("staff-home-phone")
    assert csp_errors == []


def test_home_prints_without_navigation_or_buttons(page, live_server, sign_in, shot, csp_errors, garden):
    page.set_viewport_size({"width": 720, "height": 1000})  # about the width of A4 or Letter, less margins
    sign_in("olivia@example.com", PASSWORD)
    expect(page.get_by_role("region", name="Invoices to chase")).to_be_visible()
    # Found while on screen, so the checks below see them hidden, not missing.
    navigation = page.get_by_role("navigation", name="Main")
    log_call = page.locator("main a.btn", has_text="Log a call")
    expect(navigation).to_be_visible()
    expect(log_call).to_have_count(3)  # the big one, and one per customer to chase
    expect(log_call.first).to_be_visible()
    page.emulate_media(media="print")
    expect(navigation).to_be_hidden()
    for index in range(3):
        expect(log_call.nth(index)).to_be_hidden()
    expect(page.get_by_role("region", name="Invoices to chase")).to_contain_text("95 days late")
    shadow = page.locator(".card").first.evaluate("card => getComputedStyle(card).boxShadow")
    assert shadow == "none"
    shot("owner-home-print")
    assert csp_errors == []


def test_removing_a_team_member_asks_first(page, live_server, sign_in, csp_errors, garden):
    business, _, staff = garden
    sign_in("olivia@example.com", PASSWORD)
    page.goto(f"{live_server.url}/team/")
    remove = page.get_by_role("row", name=staff.display_name).get_by_role("button", name="Remove")
    asked: list[str] = []

    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    remove.click()
    expect(page.get_by_role("cell", name=staff.display_name)).to_be_visible()
    assert Membership.objects.filter(pk=staff.pk).exists(), "dismissing the question keeps them"

    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    remove.click()
    expect(page.get_by_role("status")).to_contain_text("was removed from Gamma Garden Care")
    assert not Membership.objects.filter(pk=staff.pk).exists()
    assert asked == [f"Remove {staff.display_name} from Gamma Garden Care?"] * 2
    assert csp_errors == []


# --- charts ------------------------------------------------------------------

HARNESS = Template(
    """{% load static %}<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="{% static 'vendor/bootstrap/css/bootstrap.min.css' %}">
<link rel="stylesheet" href="{% static 'css/app.css' %}">
<link rel="stylesheet" href="{% static 'css/print.css' %}" media="print">
<title>Charts</title></head><body><main class="container py-4"><div class="row g-3">
{% for chart in charts %}<div class="col-lg-6"><div class="card shadow-sm"><div class="card-body">
{% include "partials/chart.html" %}</div></div></div>{% endfor %}
</div></main>{% include "partials/chart_scripts.html" %}</body></html>"""
)


def every_chart_we_need() -> list[dict]:
    """The five charts of the owner's pages, with made-up figures."""
    customers = ["Needy Corp", "Good Co", "Big Client", "Steady Ltd", "Small Shop"]
    return [
        line_chart(
            chart_id="whale",
            title="Whale curve",
            summary="The best 40% of customers make 130% of the profit; the rest give some of it back.",
            labels=["20%", "40%", "60%", "80%", "100%"],
            series=[Series("Cumulative profit", [9000, 13000, 12500, 11000, 10000])],
            unit="money",
            currency_symbol="$",
            x_title="Share of customers, best first",
            y_title="Cumulative profit",
        ),
        scatter_chart(
            chart_id="revenue-cost",
            title="Revenue against cost to serve",
            summary="Needy Corp sits above the break-even line: it costs more than it brings.",
            points=[
                Point("Needy Corp", 12000, 24000, warn=True),
                Point("Good Co", 30000, 9000),
                Point("Big Client", 52000, 31000),
                Point("Steady Ltd", 18000, 7000),
            ],
            series_label="Customer",
            warn_label="Customer losing money",
            unit="money",
            currency_symbol="$",
            x_title="Revenue",
            y_title="Cost to serve",
            reference=ReferenceLine("Break-even (cost = revenue)", diagonal=True),
        ),
        bar_chart(
            chart_id="concentration",
            title="Share of revenue",
            summary="Big Client brings 42% of revenue: more than the 25% that makes a business fragile.",
            labels=customers,
            series=[Series("Share of revenue", [10, 22, 42, 16, 10])],
            unit="percent",
            reference=ReferenceLine("25% of revenue", 25),
        ),
        bar_chart(
            chart_id="profit-by-month",
            title="Profit by month",
            summary="Profit every month but March.",
            labels=["Jan", "Feb", "Mar", "Apr"],
            series=[Series("Profit", [1200, 800, -300, 950], colour_by_sign=True)],
            unit="money",
            currency_symbol="$",
        ),
        line_chart(
            chart_id="days-late",
            title="Days late per invoice",
            summary="Later every time: at this pace the next invoice will be 90 days late.",
            labels=["INV-101", "INV-102", "INV-103", "INV-104"],
            series=[Series("Days late", [10, 35, 58, 80])],
            unit="days",
            x_title="Invoice",
            y_title="Days late",
            reference=ReferenceLine("90 days late", 90),
        ),
    ]


DRAWN = """() => Array.from(document.querySelectorAll('.chart-block canvas')).map((canvas) => {
  const chart = Chart.getChart(canvas);
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) inked++; }
  return {id: canvas.id, type: chart.config.type, datasets: chart.data.datasets.map((d) => d.label),
          width: canvas.clientWidth, height: canvas.clientHeight, inked: inked};
})"""


def test_charts_draw_from_json_under_a_strict_policy_and_print(page, live_server, shot):
    html = HARNESS.render(Context({"charts": every_chart_we_need()}))
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(
        f"{live_server.url}/charts/",
        lambda route: route.fulfill(
            body=html, content_type="text/html", headers={"Content-Security-Policy": STRICT_SCRIPTS}
        ),
    )
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/charts/")
    for chart in page.locator(".chart-block").all():  # charts draw as they come into view
        chart.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelectorAll('.chart-drawn').length === 5")

    drawn = {chart["id"]: chart for chart in page.evaluate(DRAWN)}
    assert {(c["type"], tuple(c["datasets"])) for c in drawn.values()} == {
        ("line", ("Cumulative profit",)),
        ("scatter", ("Customer", "Customer losing money", "Break-even (cost = revenue)")),
        ("bar", ("Share of revenue", "25% of revenue")),
        ("bar", ("Profit",)),
        ("line", ("Days late", "90 days late")),
    }
    for chart in drawn.values():
        assert chart["width"] > 300 and chart["height"] > 200, chart
        assert chart["inked"] > 5000, f"{chart['id']} looks blank"
    expect(page.get_by_role("img", name="Whale curve")).to_be_visible()
    expect(page.get_by_text("The figures as a table")).to_have_count(5)
    shot("charts")

    page.get_by_text("The figures as a table").nth(1).click()
    expect(page.get_by_role("row", name="Needy Corp $12,000.00 $24,000.00")).to_be_visible()

    page.set_viewport_size({"width": 720, "height": 1000})  # about the width of A4 or Letter, less margins
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    printed = page.evaluate(DRAWN)
    assert all(chart["width"] <= 700 and chart["inked"] > 5000 for chart in printed), printed
    shot("charts-print")
    assert errors == []


def test_without_chart_library_the_summary_and_table_remain(page, live_server, shot):
    html = HARNESS.render(Context({"charts": every_chart_we_need()[:1]}))
    page.route("**/chart.umd.min.js", lambda route: route.abort())
    page.route(f"{live_server.url}/charts/", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(f"{live_server.url}/charts/")
    expect(page.locator("canvas")).to_be_hidden()
    expect(page.get_by_text("The best 40% of customers make 130% of the profit")).to_be_visible()
    page.get_by_text("The figures as a table").click()
    expect(page.get_by_role("row", name="40% $13,000.00")).to_be_visible()
    shot("chart-without-javascript-library")
