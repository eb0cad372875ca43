"""The first-steps checklist: computed from the business's data, skipped and put away by owners."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Membership, OnboardingState
from evaluations.models import EvaluationSettings
from reports.onboarding import onboarding_checklist

from ..conftest import client_for
from ..factories import BusinessFactory, CustomerFactory, InteractionFactory, InvoiceFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer():
    """A business just signed up: an owner, nothing else."""
    business = BusinessFactory(name="Fresh Start Ltd")
    return MembershipFactory(business=business, role=Membership.Role.OWNER)


def states(business) -> dict[str, str]:
    checklist = onboarding_checklist(business=business)
    return {s.key: "done" if s.done else "skipped" if s.skipped else "pending" for s in checklist.steps}


def test_an_empty_business_has_every_step_pending(newcomer):
    assert set(states(newcomer.business).values()) == {"pending"}


def test_each_step_ticks_itself_off_from_real_data(newcomer):
    business = newcomer.business
    newcomer.hourly_cost = Decimal("45.00")
    newcomer.save()
    customer = CustomerFactory(business=business)
    assert states(business) == {
        "costs": "done",
        "customers": "done",
        "invoices": "pending",
        "time": "pending",
        "thresholds": "pending",
    }
    InvoiceFactory(customer=customer)
    InteractionFactory(customer=customer)
    EvaluationSettings.objects.create(business=business)
    assert set(states(business).values()) == {"done"}


def test_another_business_data_does_not_tick_steps(newcomer, world):
    assert set(states(newcomer.business).values()) == {"pending"}


def test_home_shows_the_checklist_with_links_to_the_right_pages(newcomer):
    html = client_for(newcomer).get(reverse("home")).content.decode()
    assert "First steps" in html
    assert "0 of 5 done" in html
    assert reverse("team") in html
    assert reverse("evaluation_settings") in html
    # The import pages come from another part of the app; until they exist, the manual pages.
    assert reverse("customer_create") in html
    assert reverse("interaction_log") in html


def test_staff_do_not_see_the_checklist(newcomer):
    staff = MembershipFactory(business=newcomer.business, role=Membership.Role.STAFF)
    assert "First steps" not in client_for(staff).get(reverse("home")).content.decode()


def test_checklist_cannot_be_put_away_while_steps_are_pending(newcomer):
    client = client_for(newcomer)
    response = client.post(reverse("onboarding_dismiss"), follow=True)
    assert "Finish or skip these first" in response.content.decode()
    assert not OnboardingState.objects.filter(business=newcomer.business, dismissed_at__isnull=False).exists()
    assert "First steps" in response.content.decode()


def test_skipped_steps_are_stored_and_then_the_list_can_be_put_away(newcomer):
    client = client_for(newcomer)
    CustomerFactory(business=newcomer.business)
    for step in ("costs", "invoices", "time", "thresholds"):
        client.post(reverse("onboarding_skip"), {"step": step})
    assert OnboardingState.objects.get(business=newcomer.business).skipped == [
        "costs",
        "invoices",
        "time",
        "thresholds",
    ]
    home = client.get(reverse("home")).content.decode()
    assert "All set: hide the first steps" in home
    response = client.post(reverse("onboarding_dismiss"), follow=True)
    assert "The first steps are put away" in response.content.decode()
    assert "First steps" not in response.content.decode()


def test_skipping_an_unknown_step_is_refused(newcomer):
    response = client_for(newcomer).post(reverse("onboarding_skip"), {"step": "nonsense"}, follow=True)
    assert "There is no first step called" in response.content.decode()
    assert not OnboardingState.objects.filter(business=newcomer.business).exists()


@pytest.mark.parametrize("name", ["onboarding_skip", "onboarding_dismiss"])
def test_onboarding_actions_refuse_get_with_405(newcomer, name):
    assert client_for(newcomer).get(reverse(name)).status_code == 405


def test_checklist_reads_a_fixed_number_of_queries(newcomer, django_assert_num_queries):
    with django_assert_num_queries(2):
        onboarding_checklist(business=newcomer.business)
