"""Invitations: nobody joins a business without accepting, signed in as the invited e-mail."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.access import SESSION_KEY
from accounts.models import Invitation, Membership

from ..conftest import client_for
from ..factories import PASSWORD, BusinessFactory, InvitationFactory, MembershipFactory, UserFactory
from ..robustness.keys import keyed

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "a sturdy passphrase for Nina"


def link_in_last_mail() -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/invitations/open/\S+/)", mail.outbox[-1].body).group(1)


def invite(world, email: str, role: str = "staff", **fields) -> str:
    """Invite through the service (e-mail sent after commit) and return the link's path."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.invitation_create(
            business=world.a.business, invited_by=world.a.owner.user, email=email, role=role, **fields
        )
    return link_in_last_mail()


def test_e_mail_is_sent_only_after_the_invitation_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        services.invitation_create(business=world.a.business, invited_by=world.a.owner.user, email="x@example.com")
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert mail.outbox[0].to == ["x@example.com"]
    assert "Alpha Plumbing" in mail.outbox[0].body


def test_new_person_chooses_a_password_then_accepts(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            business=world.a.business,
            invited_by=world.a.owner.user,
            email="nina@example.com",
            role="staff",
            hourly_cost=Decimal("42.50"),
        )
    link = link_in_last_mail()
    client = Client()
    page = client.get(link).content.decode()
    assert "invites you to join <strong>Alpha Plumbing</strong> as staff" in page
    assert "Choose a password" in page
    response = client.post(
        link, {"first_name": "Nina", "last_name": "Noor", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.url == link
    nina = User.objects.get(email="nina@example.com")
    assert nina.check_password(NEW_PASSWORD) and nina.get_full_name() == "Nina Noor"
    assert not Membership.objects.filter(user=nina).exists(), "choosing a password is not accepting"
    answer = client.get(link).content.decode()
    assert "Accept" in answer and "Decline" in answer
    invitation = Invitation.objects.get(email="nina@example.com")
    client.post(reverse("invitation_accept", args=[invitation.pk]))
    membership = Membership.objects.get(user=nina)
    assert (membership.business, membership.role, membership.hourly_cost) == (
        world.a.business,
        "staff",
        Decimal("42.50"),
    )
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == ("accepted", nina)
    assert client.get(link).status_code == 404, "the link works once"
    assert "Alpha Plumbing" in client.get(reverse("home")).content.decode()


def test_new_person_password_follows_the_validators(world):
    invitation = InvitationFactory(business=world.a.business, email="nina@example.com")
    link = reverse("invitation_open", args=[invitation.token])
    response = Client().post(link, {"first_name": "Nina", "password1": "short", "password2": "short"})
    assert "at least 12 characters" in response.content.decode() or "too short" in response.content.decode()
    assert not User.objects.filter(email="nina@example.com").exists()


def test_existing_user_is_asked_to_sign_in_then_sees_who_invites_them(world):
    person = UserFactory(username="pat@example.com")
    link = invite(world, "Pat@Example.com", role="owner")
    anonymous = Client().get(link).content.decode()
    assert "Sign in to answer" in anonymous
    assert reverse("login") + "?next=" in anonymous
    page = Client().get(link)
    assert person.first_name not in page.content.decode()
    signed_in = Client()
    signed_in.force_login(person)
    page = signed_in.get(link).content.decode()
    owner = world.a.owner.user.get_full_name()
    assert f"<strong>{owner}</strong> invites you to join <strong>Alpha Plumbing</strong> as owner." in page
    assert not Membership.objects.filter(user=person).exists()


def test_existing_user_sees_pending_invitations_after_sign_in_and_declines(world):
    MembershipFactory(business=world.b.business, user__username="pat@example.com")
    pat = User.objects.get(username="pat@example.com")
    invite(world, "pat@example.com")
    client = Client()
    client.force_login(pat)
    assert "invites you to join <strong>Alpha Plumbing</strong>" in client.get(reverse("home")).content.decode()
    assert "invites you to join <strong>Alpha Plumbing</strong>" in client.get(reverse("invitations")).content.decode()
    invitation = Invitation.objects.get(email="pat@example.com")
    response = client.post(reverse("invitation_decline", args=[invitation.pk]), follow=True)
    assert "You declined the invitation to Alpha Plumbing." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert not Membership.objects.filter(business=world.a.business, user=pat).exists()
    assert "Alpha Plumbing" not in client.get(reverse("home")).content.decode()


def test_person_without_business_sees_their_invitation(world):
    lonely = UserFactory(username="lonely@example.com")
    invite(world, "lonely@example.com")
    response = client_for_user(lonely).get(reverse("home"))
    assert response.status_code == 403
    assert "invites you to join <strong>Alpha Plumbing</strong>" in response.content.decode()


def client_for_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_accepting_lands_the_person_in_the_new_business(world):
    pat = MembershipFactory(business=world.b.business, user__username="pat@example.com").user
    invite(world, "pat@example.com")
    client = client_for_user(pat)
    invitation = Invitation.objects.get(email="pat@example.com")
    response = client.post(reverse("invitation_accept", args=[invitation.pk]), follow=True)
    assert "You joined Alpha Plumbing as staff." in response.content.decode()
    assert client.session[SESSION_KEY] == world.a.business.pk
    assert f"Switch to {world.b.business.name}" in response.content.decode()


def test_someone_else_cannot_answer_an_invitation(world):
    invitation = InvitationFactory(business=world.a.business, email="pat@example.com")
    intruder = client_for(world.b.owner)
    assert intruder.post(reverse("invitation_accept", args=[invitation.pk])).status_code == 404
    assert intruder.post(reverse("invitation_decline", args=[invitation.pk])).status_code == 404
    assert intruder.get(reverse("invitation_open", args=[invitation.token])).status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert not Membership.objects.filter(business=world.a.business, user=world.b.owner.user).exists()


def test_service_refuses_acceptance_by_another_address(world):
    invitation = InvitationFactory(business=world.a.business, email="pat@example.com")
    with pytest.raises(services.ValidationError, match="another e-mail"):
        services.invitation_accept(invitation=invitation, user=world.b.owner.user)
    assert Membership.objects.filter(business=world.a.business).count() == 2


def test_anonymous_cannot_answer_without_signing_in(world, client):
    invitation = InvitationFactory(business=world.a.business, email="pat@example.com")
    response = client.post(reverse("invitation_accept", args=[invitation.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("invitations")).url.startswith(reverse("login"))


def test_answer_pages_refuse_get(world):
    invitation = InvitationFactory(business=world.a.business, email=world.a.staff.user.email)
    client = client_for(world.a.staff)
    assert client.get(reverse("invitation_accept", args=[invitation.pk])).status_code == 405
    assert client.get(reverse("invitation_decline", args=[invitation.pk])).status_code == 405
    owner = client_for(world.a.owner)
    assert owner.get(reverse("invitation_revoke", args=[invitation.pk])).status_code == 405
    assert owner.get(reverse("invitation_resend", args=[invitation.pk])).status_code == 405


def test_expired_invitation_grants_nothing(world):
    pat = UserFactory(username="pat@example.com")
    link = invite(world, "pat@example.com")
    invitation = Invitation.objects.get(email="pat@example.com")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        client = client_for_user(pat)
        assert client.get(link).status_code == 404
        client.post(reverse("invitation_accept", args=[invitation.pk]))
        assert "invites you" not in client.get(reverse("invitations")).content.decode()
    assert not Membership.objects.filter(user=pat).exists()


def test_owner_revokes_and_the_link_stops_working(world, owner_client):
    link = invite(world, "pat@example.com")
    invitation = Invitation.objects.get(email="pat@example.com")
    assert "pat@example.com" in owner_client.get(reverse("team")).content.decode()
    response = owner_client.post(reverse("invitation_revoke", args=[invitation.pk]), follow=True)
    assert "was revoked" in response.content.decode()
    assert Client().get(link).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert "pat@example.com" not in owner_client.get(reverse("team")).content.decode()


def test_owner_resends_with_a_new_link_and_the_old_one_stops_working(
    world, owner_client, django_capture_on_commit_callbacks
):
    old_link = invite(world, "pat@example.com")
    invitation = Invitation.objects.get(email="pat@example.com")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=20)):
        owner_client.force_login(world.a.owner.user)
        with django_capture_on_commit_callbacks(execute=True):
            response = owner_client.post(reverse("invitation_resend", args=[invitation.pk]), follow=True)
        assert "was sent again" in response.content.decode()
        new_link = link_in_last_mail()
        assert new_link != old_link
        assert Client().get(old_link).status_code == 404
        assert Client().get(new_link).status_code == 200, "a resent invitation has a fresh expiry"


def test_inviting_twice_or_a_member_is_refused(world, owner_client):
    invite(world, "pat@example.com")
    again = owner_client.post(reverse("team"), keyed({"email": "PAT@example.com", "role": "staff"}))
    assert "already been invited" in again.content.decode()
    member = owner_client.post(reverse("team"), keyed({"email": world.a.staff.user.email, "role": "staff"}))
    assert "already a member" in member.content.decode()
    assert Invitation.objects.filter(business=world.a.business, email="pat@example.com").count() == 1


def test_database_refuses_two_pending_invitations_for_one_address(world):
    InvitationFactory(business=world.a.business, email="pat@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(business=world.a.business, email="pat@example.com")


def test_database_refuses_an_accepted_invitation_without_its_person(world):
    invitation = InvitationFactory(business=world.a.business)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(status="accepted", answered_at=timezone.now())


def test_team_page_lists_pending_invitations_in_a_fixed_number_of_queries(
    world, owner_client, django_assert_max_num_queries
):
    for n in range(5):
        InvitationFactory(business=world.a.business, email=f"p{n}@example.com")
    InvitationFactory(business=world.b.business, email="other-business@example.com")
    with django_assert_max_num_queries(14):  # +2 since history: pghistory naming who acts
        page = owner_client.get(reverse("team")).content.decode()
    assert "p0@example.com" in page and "p4@example.com" in page
    assert "other-business@example.com" not in page


# --- where a person lands after sign-in ------------------------------------


def test_person_lands_in_the_business_they_used_last_not_the_first_by_name(world):
    pat = MembershipFactory(business=world.b.business, user__username="pat@example.com").user
    lookalike = BusinessFactory(name="AAA Beta Bakery")
    MembershipFactory(business=lookalike, user=pat, role="owner")
    first = client_for_user(pat)
    first.post(reverse("switch_business"), {"business": world.b.business.pk})
    later = client_for_user(pat)
    page = later.get(reverse("home")).content.decode()
    assert f'<h1 class="h3 mb-0">{world.b.business.name}</h1>' in page


def test_memberships_never_chosen_fall_back_to_the_earliest_joined(world):
    pat = MembershipFactory(business=world.b.business, user__username="pat@example.com").user
    trap = BusinessFactory(name="AAA Beta Bakery")
    MembershipFactory(business=trap, user=pat, role="owner")  # made later, never chosen
    page = client_for_user(pat).get(reverse("home")).content.decode()
    assert f'<h1 class="h3 mb-0">{world.b.business.name}</h1>' in page


def test_accepted_invitation_is_where_the_person_lands_next_time(world):
    pat = MembershipFactory(business=world.b.business, user__username="pat@example.com").user
    invite(world, "pat@example.com")
    services.invitation_accept(invitation=Invitation.objects.get(email="pat@example.com"), user=pat)
    page = client_for_user(pat).get(reverse("home")).content.decode()
    assert '<h1 class="h3 mb-0">Alpha Plumbing</h1>' in page


def test_existing_user_with_password_cannot_reset_it_through_an_invitation(world):
    UserFactory(username="pat@example.com")
    invitation = InvitationFactory(business=world.a.business, email="pat@example.com")
    link = reverse("invitation_open", args=[invitation.token])
    Client().post(
        link, {"first_name": "X", "password1": "hijack the account now", "password2": "hijack the account now"}
    )
    assert User.objects.get(username="pat@example.com").check_password(PASSWORD)


def test_person_added_before_invitations_existed_chooses_a_password_through_the_link(world):
    legacy = UserFactory(username="priya@example.com", first_name="Priya")
    legacy.set_unusable_password()
    legacy.save()
    invitation = InvitationFactory(business=world.a.business, email="priya@example.com")
    link = reverse("invitation_open", args=[invitation.token])
    client = Client()
    assert "Choose a password" in client.get(link).content.decode()
    client.post(
        link, {"first_name": "Priya", "last_name": "Patel", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    legacy.refresh_from_db()
    assert legacy.check_password(NEW_PASSWORD)
    assert User.objects.filter(username="priya@example.com").count() == 1
    assert not Membership.objects.filter(user=legacy, business=world.a.business).exists()
