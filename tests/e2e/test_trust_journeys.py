"""Trust in the browser: invitations need consent, lockout, two-factor sign-in."""

import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Invitation, Membership

from ..factories import PASSWORD, BusinessFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gamma():
    business = BusinessFactory(name="Gamma Garden Care")
    MembershipFactory(
        business=business,
        role="owner",
        user__username="olivia@example.com",
        user__first_name="Olivia",
        user__last_name="Owens",
    )
    return business


def test_owner_invites_an_existing_user_who_accepts_and_an_unanswered_invitation_grants_nothing(
    page, live_server, sign_in, shot, gamma
):
    MembershipFactory(business=BusinessFactory(name="Pat's Pantry"), role="owner", user__username="pat@example.com")
    quinn = MembershipFactory(
        business=BusinessFactory(name="Quinn Quilts"), role="owner", user__username="quinn@example.com"
    )
    sign_in("olivia@example.com", PASSWORD)
    page.get_by_role("link", name="Team", exact=True).click()
    for email in ("pat@example.com", "quinn@example.com"):
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Role").select_option("staff")
        page.get_by_role("button", name="Send invitation").click()
        expect(page.get_by_role("status")).to_contain_text(f"An invitation was sent to {email}.")
    shot("team-with-pending-invitations")
    assert not Membership.objects.filter(business=gamma).exclude(user__username="olivia@example.com").exists()

    page.context.clear_cookies()
    sign_in("pat@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Pat's Pantry")).to_be_visible()
    invitation = page.get_by_text("Olivia Owens invites you to join Gamma Garden Care as staff.")
    expect(invitation).to_be_visible()
    shot("pat-sees-the-invitation")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_contain_text("You joined Gamma Garden Care as staff.")
    expect(page.get_by_role("heading", name="Gamma Garden Care")).to_be_visible()
    page.get_by_role("button", name="Gamma Garden Care").click()
    expect(page.get_by_role("button", name="Switch to Pat's Pantry")).to_be_visible()
    shot("pat-switcher")
    assert Membership.objects.get(business=gamma, user__username="pat@example.com").role == "staff"

    page.context.clear_cookies()
    sign_in("quinn@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Quinn Quilts")).to_be_visible()
    expect(page.get_by_text("Olivia Owens invites you to join Gamma Garden Care as staff.")).to_be_visible()
    page.get_by_role("button", name="Quinn Quilts").click()
    expect(page.get_by_role("button", name=re.compile("Switch to"))).to_have_count(0)
    shot("quinn-has-not-answered")
    assert not Membership.objects.filter(business=gamma, user=quinn.user).exists()
    assert Invitation.objects.get(business=gamma, email="quinn@example.com").status == "pending"


def test_five_wrong_passwords_pause_sign_in(page, live_server, sign_in, shot, gamma):
    for _ in range(5):
        sign_in("olivia@example.com", "not-the-password")
    expect(page.get_by_role("heading", name="Sign-in paused for this account")).to_be_visible()
    shot("locked-out")
    sign_in("olivia@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Sign-in paused for this account")).to_be_visible()


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def test_person_turns_on_two_factor_and_signs_in_with_a_code(page, live_server, sign_in, shot, gamma):
    sign_in("olivia@example.com", PASSWORD)
    page.goto(f"{live_server.url}/account/security/")
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    qr = page.get_by_role("img", name="QR code to add Keep or Boot to your authenticator app")
    expect(qr).to_be_visible()
    page.wait_for_function("() => document.querySelector('img.qr-code').naturalWidth > 0")  # the image loads
    shot("scan-the-qr-code")
    device = TOTPDevice.objects.get(user__username="olivia@example.com")
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("status")).to_contain_text("Two-factor sign-in is on")
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(10)
    shot("recovery-codes")

    page.context.clear_cookies()
    sign_in("olivia@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    shot("code-step")
    # The app's next code (a code is accepted once), as the phone would show it 30 seconds later.
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=30)):
        code = current_code(device)
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Gamma Garden Care")).to_be_visible()
    shot("signed-in-with-code")


def test_new_person_follows_the_e_mailed_link_chooses_a_password_and_accepts(page, live_server, sign_in, shot, gamma):
    sign_in("olivia@example.com", PASSWORD)
    page.get_by_role("link", name="Team", exact=True).click()
    page.get_by_label("E-mail").fill("nina@example.com")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("An invitation was sent to nina@example.com.")
    link = re.search(r"http://127\.0\.0\.1:8000(/invitations/open/\S+/)", mail.outbox[-1].body).group(1)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_text("Olivia Owens invites you to join Gamma Garden Care as staff.")).to_be_visible()
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("Noor")
    page.locator("#id_password1").fill("a sturdy passphrase for Nina")
    page.locator("#id_password2").fill("a sturdy passphrase for Nina")
    shot("choose-a-password")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="An invitation for you")).to_be_visible()
    assert not Membership.objects.filter(business=gamma, user__username="nina@example.com").exists()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_contain_text("You joined Gamma Garden Care as staff.")
    expect(page.get_by_role("heading", name="Gamma Garden Care")).to_be_visible()
    shot("nina-joined")
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("heading", name="This invitation link no longer works")).to_be_visible()
