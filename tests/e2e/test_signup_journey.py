"""A new owner's first minutes in a real browser: sign up, confirm the e-mail, first steps, first customer."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from accounts.models import Business, Membership, SignupConfirmation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "tulip-harbour-gravel-93"


def test_owner_signs_up_confirms_and_works_through_the_first_steps(page, live_server, shot):
    cache.clear()  # the sign-up throttle counts per address; start from none
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Create an account for your business").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    page.get_by_label("Your first name").fill("Priya")
    page.get_by_label("E-mail").fill("priya@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("Business name").fill("Priya's Plants")
    page.get_by_label("Currency").select_option("GBP")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_label("Default cost of one staff hour").fill("32.50")
    shot("sign-up-form")
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("heading", name="Priya's Plants")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("We e-mailed a link to priya@example.com")
    expect(page.get_by_role("alert")).to_contain_text("Please confirm your e-mail address")
    checklist = page.get_by_role("region", name="First steps")
    expect(checklist).to_be_visible()
    expect(checklist.get_by_test_id("first-steps-progress")).to_have_text("0 of 5 done")
    shot("home-unconfirmed")
    business = Business.objects.get(name="Priya's Plants")
    assert (business.currency, business.time_zone) == ("GBP", "Europe/London")
    assert Membership.objects.get(business=business).role == "owner"

    # The confirmation e-mail went to the locmem outbox shared with the live server.
    assert [message.to for message in mail.outbox] == [["priya@example.com"]]
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text("priya@example.com is confirmed")
    expect(page.get_by_text("Please confirm your e-mail address")).to_have_count(0)
    assert SignupConfirmation.objects.get(user__email="priya@example.com").confirmed_at is not None

    # First steps: add a customer by hand, and the list ticks it off.
    checklist = page.get_by_role("region", name="First steps")
    expect(checklist.get_by_role("link", name="Import customers")).to_be_visible()
    checklist.get_by_role("link", name="Add one by hand").click()
    expect(page.get_by_role("heading", name="New customer")).to_be_visible()
    page.get_by_label("Name").first.fill("Rosewood Florist")
    page.get_by_label("Customer since").fill("2025-06-01")
    page.get_by_role("button", name="Add customer").click()
    expect(page.get_by_role("heading", name="Rosewood Florist")).to_be_visible()
    shot("first-customer")

    page.get_by_role("link", name="Home").first.click()
    checklist = page.get_by_role("region", name="First steps")
    expect(checklist.get_by_test_id("first-steps-progress")).to_have_text("1 of 5 done")
    expect(checklist.locator('[data-step="customers"]')).to_contain_text("Done")
    expect(checklist.get_by_role("button", name="All set: hide the first steps")).to_have_count(0)
    shot("home-after-first-customer")
