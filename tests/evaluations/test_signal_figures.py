"""Issue 11 from the database: requests outside the contract (last 3 months) and dishonesty (last 12 months)
are counted at the edges of their windows, follow the owner's thresholds and reach the stored standings."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from evaluations import standings
from evaluations.models import Standing
from evaluations.rules import Evidence, Rating
from evaluations.services import evaluate_customer, settings_for

from ..conftest import client_for
from ..factories import BusinessFactory, CustomerFactory, InteractionFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 15)  # last 3 months: 16 Dec 2025 to today; last 12: 16 Mar 2025 to today
CHICAGO = ZoneInfo("America/Chicago")


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=CHICAGO)


@pytest.fixture
def business():
    return BusinessFactory(name="Brightside", time_zone="America/Chicago")


def test_refused_requests_and_work_outside_the_contract_count_inside_the_3_month_window_only(business):
    customer = CustomerFactory(business=business)
    refused = [
        InteractionFactory(customer=customer, occurred_at=at(2025, 12, 16, 0), out_of_scope_request=True),  # 1st day
        InteractionFactory(customer=customer, occurred_at=at(2026, 2, 1), out_of_scope_request=True),
        InteractionFactory(customer=customer, occurred_at=at(2026, 3, 15, 23), out_of_scope_request=True),  # today
    ]
    done = InteractionFactory(customer=customer, occurred_at=at(2026, 1, 5), in_scope=False)
    InteractionFactory(customer=customer, occurred_at=at(2025, 12, 15, 23), out_of_scope_request=True)  # day before
    InteractionFactory(customer=customer, occurred_at=at(2026, 1, 6), angry_when_refused=False)  # an ordinary call
    settings = settings_for(business)
    settings.out_of_scope_requests_watch = 4
    settings.save()
    demands = evaluate_customer(customer, today=TODAY).question("demands")
    assert demands.figure("out_of_scope_requests").value == 4  # three refused, one done
    assert demands.rating is Rating.WATCH  # the owner's watch level
    newest_first = [refused[2], refused[1], done, refused[0]]
    assert list(demands.evidence) == [Evidence("interaction", i.pk) for i in newest_first]
    assert "asked for something outside the contract 4 times" in demands.explanation


def test_nine_requests_are_not_a_warning_by_default_ten_are(business):
    customer = CustomerFactory(business=business)
    for day in range(1, 10):
        InteractionFactory(customer=customer, occurred_at=at(2026, 2, day), out_of_scope_request=True)
    assert evaluate_customer(customer, today=TODAY).question("demands").rating is Rating.OK
    InteractionFactory(customer=customer, occurred_at=at(2026, 2, 10), in_scope=False, duration_minutes=1)
    assert evaluate_customer(customer, today=TODAY).question("demands").rating is Rating.WATCH


def test_dishonesty_counts_inside_the_12_month_window_only(business):
    customer = CustomerFactory(business=business)
    first_day = InteractionFactory(customer=customer, occurred_at=at(2025, 3, 16, 0), dishonest=True)
    InteractionFactory(customer=customer, occurred_at=at(2025, 3, 15, 23), dishonest=True)  # a day too old
    good_nature = evaluate_customer(customer, today=TODAY).question("good_nature")
    assert good_nature.figure("dishonest").value == 1
    assert good_nature.rating is Rating.WATCH
    assert good_nature.evidence == (Evidence("interaction", first_day.pk),)

    InteractionFactory(customer=customer, occurred_at=at(2026, 3, 1), dishonest=True)
    assert evaluate_customer(customer, today=TODAY).question("good_nature").rating is Rating.RED


def test_scope_creep_cost_over_3_and_12_months(business):
    customer = CustomerFactory(business=business)
    # 60 minutes at 60 an hour in the last 3 months, 30 minutes at 40 an hour before it (last 12 months only).
    InteractionFactory(
        customer=customer, occurred_at=at(2026, 1, 5), duration_minutes=60, in_scope=False, hourly_cost=Decimal("60")
    )
    InteractionFactory(
        customer=customer, occurred_at=at(2025, 6, 5), duration_minutes=30, in_scope=False, hourly_cost=Decimal("40")
    )
    InteractionFactory(
        customer=customer, occurred_at=at(2025, 3, 1), duration_minutes=60, in_scope=False, hourly_cost=Decimal("99")
    )  # older than 12 months
    demands = evaluate_customer(customer, today=TODAY).question("demands")
    assert demands.figure("scope_creep_cost").value == Decimal("60.00")
    assert demands.figure("scope_creep_cost_12").value == Decimal("80.00")


def test_the_owners_thresholds_reach_the_stored_standing(business, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 15, 18, tzinfo=datetime.UTC), tick=False)
    owner = MembershipFactory(business=business, role="owner")
    customer = CustomerFactory(business=business)
    InteractionFactory(customer=customer, occurred_at=at(2026, 3, 2), out_of_scope_request=True)
    InteractionFactory(customer=customer, occurred_at=at(2026, 3, 3), out_of_scope_request=True)
    InteractionFactory(customer=customer, occurred_at=at(2026, 3, 4), dishonest=True)
    standings.standings_refresh(business=business, today=TODAY)
    stored = Standing.objects.get(customer=customer)
    assert (stored.demands, stored.good_nature) == ("ok", "watch")

    response = client_for(owner).get(reverse("evaluation_settings"))
    form = {field.name: field.value() for field in response.context["form"]}
    form |= {"out_of_scope_requests_watch": "1", "out_of_scope_requests_red": "2", "dishonest_red": "1"}
    assert client_for(owner).post(reverse("evaluation_settings"), form).status_code == 302
    stored = Standing.objects.get(customer=customer)
    assert (stored.demands, stored.good_nature) == ("red", "red")
    assert standings.standings_verify(business, today=TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"out_of_scope_requests_watch": "5", "out_of_scope_requests_red": "4"},
            "out_of_scope_requests_red",
            "at least",
        ),
        ({"dishonest_watch": "3", "dishonest_red": "2"}, "dishonest_red", "at least"),
        ({"dishonest_watch": "0"}, "dishonest_watch", "greater than or equal to 1"),
        ({"out_of_scope_requests_red": "1001"}, "out_of_scope_requests_red", "less than or equal to 1000"),
    ],
)
def test_the_settings_page_refuses_thresholds_out_of_order_or_bounds(business, changes, field, message):
    owner = MembershipFactory(business=business, role="owner")
    response = client_for(owner).get(reverse("evaluation_settings"))
    form = {f.name: f.value() for f in response.context["form"]} | changes
    response = client_for(owner).post(reverse("evaluation_settings"), form)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert settings_for(business).dishonest_watch == 1 and settings_for(business).out_of_scope_requests_red == 20
