"""The platform admin works under the app's strict Content Security Policy.

The autouse ``csp_errors`` fixture fails a test when Chromium reports a refused
script, style or image, so each page below is loaded, used a little, and checked.
"""

import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD, BusinessFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_pages_load_without_policy_violations(page, live_server, shot, csp_errors):
    UserFactory(username="root@example.com", is_staff=True, is_superuser=True)
    business = BusinessFactory(name="Delta Dental")
    member = MembershipFactory(business=business, role="owner")
    page.goto(f"{live_server.url}/admin/")
    assert "/accounts/login/" in page.url, "the admin signs in through the app (lockout, two-factor)"
    page.get_by_label("Username").fill("root@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    response = page.goto(f"{live_server.url}/admin/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    shot("admin-index")
    for path in [
        "/admin/accounts/business/",
        f"/admin/accounts/business/{business.pk}/change/",
        "/admin/accounts/membership/add/",
        f"/admin/auth/user/{member.user_id}/change/",
        "/admin/auth/user/add/",
        "/admin/accounts/invitation/",
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        shot(path.strip("/").replace("/", "-"))
    # The business form's inline "Add another" row and the autocomplete widget run admin scripts.
    page.goto(f"{live_server.url}/admin/accounts/business/{business.pk}/change/")
    page.get_by_text("Add another Membership").click()
    expect(page.locator(".dynamic-memberships")).to_have_count(2)  # the member and the new row
    page.goto(f"{live_server.url}/admin/accounts/membership/add/")
    page.locator(".select2-selection").first.click()
    page.wait_for_load_state("networkidle")
    shot("autocomplete")
    assert [e for e in csp_errors if "Content Security Policy" in e] == []
