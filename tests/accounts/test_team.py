from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, Membership

from ..conftest import client_for
from ..factories import MembershipFactory, UserFactory
from ..robustness.keys import keyed

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_owner_invites_a_new_person_who_gets_an_e_mail_and_no_membership_yet(
    world, owner_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("team"),
            keyed({"email": "New.Person@Example.com", "role": "staff", "hourly_cost": "45"}),
            follow=True,
        )
    assert "An invitation was sent to new.person@example.com." in response.content.decode()
    invitation = Invitation.objects.get(business=world.a.business, email="new.person@example.com")
    assert (invitation.email, invitation.role, invitation.hourly_cost) == (
        "new.person@example.com",
        "staff",
        Decimal("45.00"),
    )
    assert invitation.invited_by == world.a.owner.user
    assert not Membership.objects.filter(user__email="new.person@example.com").exists()
    assert not User.objects.filter(email__iexact="new.person@example.com").exists(), "no account until they choose"
    assert len(mail.outbox) == 1
    assert "Alpha Plumbing" in mail.outbox[0].subject
    assert "http://127.0.0.1:8000/invitations/open/" in mail.outbox[0].body
    assert invitation.token_hash not in mail.outbox[0].body, "only the hash is stored, only the token is mailed"


def test_inviting_an_existing_user_as_owner_grants_nothing_and_reveals_nothing(
    world, owner_client, django_capture_on_commit_callbacks
):
    victim = world.b.owner.user
    victim.first_name, victim.last_name = "Vera", "Victim"
    victim.save()
    with django_capture_on_commit_callbacks(execute=True):
        known = owner_client.post(reverse("team"), keyed({"email": victim.email, "role": "owner"}), follow=True)
        unknown = owner_client.post(
            reverse("team"), keyed({"email": "nobody-here@example.com", "role": "owner"}), follow=True
        )
    assert not Membership.objects.filter(business=world.a.business, user=victim).exists()
    page = known.content.decode()
    assert f"An invitation was sent to {victim.email}." in page
    assert "Vera" not in page and "Victim" not in page, "a non-member's name is never shown"
    # The same answer for a known and an unknown address, apart from the address itself.
    assert _message(known) == _message(unknown).replace("nobody-here@example.com", victim.email)
    assert mail.outbox[0].subject == mail.outbox[1].subject
    assert mail.outbox[0].body.split("/invitations/open/")[0] == mail.outbox[1].body.split("/invitations/open/")[0]


def _message(response) -> str:
    return next(str(m) for m in response.context["messages"])


def test_adding_someone_twice_is_refused_with_a_message(world, owner_client):
    response = owner_client.post(reverse("team"), keyed({"email": world.a.staff.user.email, "role": "staff"}))
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    assert Membership.objects.filter(business=world.a.business).count() == 2


def test_negative_hourly_cost_is_refused(world, owner_client):
    response = owner_client.post(
        reverse("team"), keyed({"email": "x@example.com", "role": "staff", "hourly_cost": "-1"})
    )
    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()
    assert not Invitation.objects.filter(email="x@example.com").exists()
    assert mail.outbox == []


def test_owner_changes_role_and_cost(world, owner_client):
    staff = world.a.staff
    owner_client.post(reverse("member_edit", args=[staff.pk]), {"role": "owner", "hourly_cost": "55.50"})
    staff.refresh_from_db()
    assert staff.role == "owner"
    assert staff.effective_hourly_cost == Decimal("55.50")


def test_member_without_own_cost_uses_business_default(world):
    assert world.a.staff.hourly_cost is None
    assert world.a.staff.effective_hourly_cost == world.a.business.default_hourly_cost


def test_last_owner_cannot_be_demoted(world, owner_client):
    owner = world.a.owner
    response = owner_client.post(reverse("member_edit", args=[owner.pk]), {"role": "staff", "hourly_cost": ""})
    assert "at least one owner" in response.content.decode()
    owner.refresh_from_db()
    assert owner.role == "owner"


def test_last_owner_cannot_be_removed(world, owner_client):
    response = owner_client.post(reverse("member_remove", args=[world.a.owner.pk]), follow=True)
    assert "at least one owner" in response.content.decode()
    assert Membership.objects.filter(pk=world.a.owner.pk).exists()


def test_owner_can_be_removed_when_another_owner_remains(world, owner_client):
    second = MembershipFactory(business=world.a.business, role="owner")
    owner_client.post(reverse("member_remove", args=[second.pk]))
    assert not Membership.objects.filter(pk=second.pk).exists()
    assert second.user.__class__.objects.filter(pk=second.user_id).exists(), "the account itself stays"


def test_owner_removes_staff(world, owner_client):
    response = owner_client.post(reverse("member_remove", args=[world.a.staff.pk]), follow=True)
    assert "was removed" in response.content.decode()
    assert not Membership.objects.filter(pk=world.a.staff.pk).exists()


def test_user_switches_between_their_businesses(world):
    MembershipFactory(business=world.b.business, user=world.a.staff.user, role="owner")
    client = client_for(world.a.staff)
    assert world.a.business.name in client.get(reverse("home")).content.decode()
    client.post(reverse("switch_business"), {"business": world.b.business.pk})
    page = client.get(reverse("home")).content.decode()
    assert f'<h1 class="h3 mb-0">{world.b.business.name}</h1>' in page
    assert client.get(reverse("team")).status_code == 200, "owner in business b"


def test_switching_to_a_business_you_are_not_in_is_refused(world, staff_client):
    response = staff_client.post(reverse("switch_business"), {"business": world.b.business.pk}, follow=True)
    assert "not a member" in response.content.decode()
    assert world.a.business.name in response.content.decode()


def test_business_settings_reject_unknown_time_zone(world, owner_client):
    response = owner_client.post(
        reverse("business_settings"),
        {"name": "Alpha", "currency": "EUR", "time_zone": "Mars/Olympus", "default_hourly_cost": "40"},
    )
    assert "Select a valid choice" in response.content.decode()
    world.a.business.refresh_from_db()
    assert world.a.business.name == "Alpha Plumbing"


def test_business_settings_saved(world, owner_client):
    owner_client.post(
        reverse("business_settings"),
        {"name": "Alpha Ltd", "currency": "EUR", "time_zone": "Europe/Dublin", "default_hourly_cost": "40"},
    )
    world.a.business.refresh_from_db()
    assert (world.a.business.name, world.a.business.time_zone) == ("Alpha Ltd", "Europe/Dublin")


def test_home_lists_members_of_current_business_only(world, staff_client):
    page = staff_client.get(reverse("home")).content.decode()
    assert world.a.owner.display_name in page
    assert world.b.owner.display_name not in page


def test_staff_do_not_see_owner_links(world, staff_client):
    page = staff_client.get(reverse("home")).content.decode()
    assert reverse("team") not in page
    assert reverse("business_settings") not in page


def test_sign_in_with_wrong_password_shows_error(client, world):
    UserFactory(username="someone@example.com")
    response = client.post(reverse("login"), {"username": "someone@example.com", "password": "wrong"})
    assert "Please enter a correct username and password" in response.content.decode()
