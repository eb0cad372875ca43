import pytest
from playwright.sync_api import expect

from accounts.models import Invitation, Membership

from ..factories import PASSWORD, BusinessFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def business():
    business = BusinessFactory(name="Gamma Garden Care")
    owner = MembershipFactory(business=business, role="owner", user__username="olivia@example.com")
    return business, owner


def test_owner_signs_in_and_invites_a_staff_member(page, live_server, sign_in, shot, business):
    biz, owner = business
    sign_in("olivia@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Gamma Garden Care")).to_be_visible()
    shot("home")
    page.get_by_role("link", name="Team", exact=True).click()
    expect(page.get_by_role("heading", name="Team of Gamma Garden Care")).to_be_visible()
    shot("team")
    page.get_by_label("E-mail").fill("sam@example.com")
    page.get_by_label("Role").select_option("staff")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("An invitation was sent to sam@example.com.")
    expect(page.get_by_role("heading", name="Pending invitations")).to_be_visible()
    expect(page.get_by_role("cell", name="sam@example.com")).to_be_visible()
    shot("team-after-invite")
    assert not Membership.objects.filter(business=biz, user__username="sam@example.com").exists()
    assert Invitation.objects.get(business=biz, email="sam@example.com").status == "pending"


def test_staff_member_cannot_open_the_team_page(page, live_server, sign_in, shot, business):
    biz, _ = business
    MembershipFactory(business=biz, role="staff", user__username="sam@example.com")
    sign_in("sam@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="Gamma Garden Care")).to_be_visible()
    expect(page.get_by_role("link", name="Team", exact=True)).to_have_count(0)
    shot("staff-home")
    response = page.goto(f"{live_server.url}/team/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="This page is not open to you")).to_be_visible()
    shot("staff-team-403")


def test_wrong_password_shows_an_error(page, live_server, sign_in, shot, business):
    sign_in("olivia@example.com", "not-the-password")
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    assert page.url.endswith("/accounts/login/")
    shot("login-error")


def test_home_fits_a_phone_screen(page, live_server, sign_in, shot, business):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("olivia@example.com", PASSWORD)
    expect(page.get_by_role("button", name="Open the menu")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Open the menu").click()
    expect(page.get_by_role("link", name="Team", exact=True)).to_be_visible()
    shot("phone-menu")
