"""The owner's Monday in a real browser, on the demo business: dashboard, a customer's report, a decision, print."""

import re
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from customers.demo import characters
from customers.demo.generator import demo_data_create
from customers.models import Customer
from evaluations.models import Decision

from ..factories import PASSWORD, BusinessFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOSS_MAKER = characters.COSTS_DOUBLE_WHAT_THEY_PAY


@pytest.fixture
def demo():
    business = BusinessFactory(name="Brightside IT Services", time_zone="America/Chicago")
    MembershipFactory(business=business, role="owner", user__username="owner@example.com", user__first_name="Olivia")
    MembershipFactory(business=business, role="staff", user__username="staff@example.com", user__first_name="Sam")
    demo_data_create(business=business, today=timezone.localdate(timezone=zoneinfo.ZoneInfo(business.time_zone)))
    return business


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_owner_finds_the_loss_maker_reads_its_report_decides_and_prints(page, live_server, sign_in, shot, demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in("owner@example.com", PASSWORD)
    page.get_by_role("link", name="Who is worth keeping?").click()
    expect(page.get_by_role("heading", name="Who is worth keeping?")).to_be_visible()
    watchlist = page.get_by_role("region", name="Boot watchlist")
    entry = watchlist.get_by_role("listitem").filter(has_text=LOSS_MAKER)
    expect(entry).to_contain_text(re.compile(r"Boot|Renegotiate"))
    expect(entry).to_contain_text("Loses money")
    for chart in page.locator(".chart-block").all():  # charts draw as they come into view
        chart.scroll_into_view_if_needed()
    expect(page.locator(".chart-drawn")).to_have_count(4)  # every chart drawn, nothing refused by the CSP
    assert fits(page)
    shot("dashboard")

    page.get_by_role("link", name="Last 3 months").click()
    expect(page.get_by_role("link", name="Last 3 months")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("Last 3 months:", exact=False).first).to_be_visible()
    page.get_by_label("Verdict").select_option("boot")  # a listener submits the filter at once
    expect(page).to_have_url(re.compile(r"verdict=boot"))
    shot("dashboard-3-months-boot")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/dashboard/")
    assert fits(page), "the dashboard is wider than a phone"
    folder = shot("dashboard-phone").parent
    for section in ("headline-heading", "watchlist-heading", "customers", "charts-heading", "aging"):
        page.locator(f"#{section}").locator("xpath=ancestor-or-self::section[1]").screenshot(
            path=str(folder / f"phone-{section}.png")
        )

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("region", name="Boot watchlist").get_by_role("link", name=LOSS_MAKER).click()
    expect(page.get_by_role("heading", name=re.compile(r"Verdict: (Boot|Renegotiate)"))).to_be_visible()
    for number in range(1, 5):
        expect(page.locator(f"#q{number}")).to_be_visible()
    demands = page.locator("[data-question='demands']")
    expect(demands).to_contain_text("Time outside the contract")
    expect(demands).to_contain_text("Support hours used")
    # Each rating names its records, and links to the filtered lists of them (or of every call, for totals).
    expect(demands.locator(".evidence a, .evidence-lists a").first).to_be_visible()
    for chart in page.locator(".chart-block").all():
        chart.scroll_into_view_if_needed()
    expect(page.locator(".chart-drawn")).to_have_count(2)
    shot("report")

    page.get_by_role("radio", name="Renegotiate").check()
    page.get_by_label("Note").fill("Raise the fee to cover the hours, or part ways at renewal.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status")).to_contain_text(f"Your decision about {LOSS_MAKER} was recorded")
    expect(page.get_by_text("Raise the fee to cover the hours")).to_be_visible()
    customer = Customer.objects.get(business=demo, name=LOSS_MAKER)
    assert Decision.objects.get(customer=customer).decision == "renegotiate"

    expect(page.get_by_role("button", name="Print this report")).to_be_visible()  # shown by report.js
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Record decision")).to_be_hidden()
    expect(page.get_by_role("heading", name="The four questions")).to_be_visible()
    expect(page.locator(".chart-canvas canvas").first).to_be_visible()
    shot("report-print")
    page.pdf(path=str(shot("report-print-screen").with_suffix(".pdf")), format="A4")
    page.emulate_media(media="screen")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert fits(page), "the report is wider than a phone"
    shot("report-phone")


def test_owner_edits_and_prints_the_letter_for_a_boot_verdict(page, live_server, sign_in, shot, demo):
    from evaluations.services import evaluate_business

    boot = next(c for c in evaluate_business(demo).customers if c.verdict.verdict == "boot" and c.contract)
    sign_in("owner@example.com", PASSWORD)
    page.goto(f"{live_server.url}/customers/{boot.id}/report/")
    letter = page.get_by_role("textbox", name="Letter")
    expect(letter).to_have_value(re.compile(r"Dear .+"))
    last_notice = boot.contract.last_notice_date
    if last_notice and last_notice >= timezone.localdate(timezone=zoneinfo.ZoneInfo(demo.time_zone)):
        expect(letter).to_have_value(re.compile(f"{last_notice:%b} {last_notice.day}, {last_notice.year}"))
    letter.fill(letter.input_value().replace("Kind regards,", "With our best wishes,"))
    page.get_by_role("button", name="Print the letter").click()
    expect(page.get_by_text("With our best wishes,")).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    shot("letter-print")
