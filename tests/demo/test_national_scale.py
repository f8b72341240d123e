"""The national-scale demo, small: three municipalities and one year, as the command writes it.

The same generator writes 290 municipalities and ten years for the benchmarks
(bench/national.py); here it must scale by its arguments, keep every record in its own
municipality, keep the derived columns and the search index right, break none of the
pack's decision rules, be the same from the same seed, and leave pages that answer.
"""

import datetime
import random
import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.activities.models import Activity
from samverkan.applications.models import Application
from samverkan.demo import national
from samverkan.funding.models import Call
from samverkan.organisation.models import Body, Goal, Municipality, RoleAssignment
from samverkan.registry import authority
from samverkan.registry.models import Contact, Decision, NetworkMembership, TwinTown

YEAR = datetime.date.today().year
MUNICIPALITIES = 3


@pytest.fixture
def small(db):
    call_command("demo_data", scale="national", municipalities=MUNICIPALITIES, years=1)
    # The first municipalities of the list by code: not the session's demo ones.
    places = list(Municipality.objects.order_by("code")[:MUNICIPALITIES])
    assert all(RoleAssignment.objects.filter(municipality=place).count() == 2 for place in places)
    return places


def signed_in(place) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(
        get_user_model().objects.get(username=national.coordinator_username(place.code))
    )
    return client


def test_counts_scale_with_municipalities_and_years(small):
    scoped = {"municipality__in": small}
    assert (
        Activity.objects.filter(**scoped).count() == MUNICIPALITIES * national.ACTIVITIES_PER_YEAR
    )
    twin_towns = TwinTown.objects.filter(**scoped).count()
    memberships = NetworkMembership.objects.filter(**scoped).count()
    assert (
        MUNICIPALITIES * national.TWIN_TOWNS[0]
        <= twin_towns
        <= MUNICIPALITIES * national.TWIN_TOWNS[1]
    )
    assert (
        MUNICIPALITIES * national.MEMBERSHIPS[0]
        <= memberships
        <= MUNICIPALITIES * national.MEMBERSHIPS[1]
    )
    # One decision per twin town and membership, and the year's others.
    assert Decision.objects.filter(**scoped).count() == (
        twin_towns + memberships + MUNICIPALITIES * national.DECISIONS_PER_YEAR
    )
    assert Call.objects.filter(**scoped).count() == MUNICIPALITIES * national.CALLS
    assert Contact.objects.filter(**scoped).count() == MUNICIPALITIES * national.CONTACTS
    assert Application.objects.filter(**scoped).count() == (
        MUNICIPALITIES * national.APPLICATIONS_PER_YEAR
    )
    # Run again: the municipalities that have their data are left as they are.
    call_command("demo_data", scale="national", municipalities=MUNICIPALITIES, years=1)
    assert (
        Activity.objects.filter(**scoped).count() == MUNICIPALITIES * national.ACTIVITIES_PER_YEAR
    )


def test_every_record_refers_only_to_its_own_municipality(small):
    for place in small:
        activities = Activity.objects.filter(municipality=place)
        assert not activities.exclude(committee__municipality=place).exists()
        assert (
            not activities.filter(goals__isnull=False).exclude(goals__municipality=place).exists()
        )
        assert (
            not activities.filter(partners__isnull=False)
            .exclude(partners__municipality=place)
            .exists()
        )
        assert (
            not activities.filter(countries__isnull=False)
            .exclude(countries__municipality=place)
            .exists()
        )
        assert (
            not Decision.objects.filter(municipality=place)
            .exclude(body__municipality=place)
            .exists()
        )
        assert (
            not TwinTown.objects.filter(municipality=place)
            .exclude(decision__municipality=place)
            .exists()
        )
        assert (
            not Contact.objects.filter(municipality=place)
            .exclude(partner__municipality=place)
            .exists()
        )


def test_the_records_keep_the_rules_and_the_derived_columns(small):
    for place in small:
        # Every decision by the body the pack authorises, numbered as the pack writes them.
        assert authority.violations(place.pk) == []
        assert place.policy_sections or Body.objects.filter(municipality=place).exists()
    sample = Activity.objects.filter(municipality=small[0]).prefetch_related(
        "countries", "funding_lines"
    )[:200]
    for activity in sample:
        assert activity.eu_priority == activity.compute_eu_priority()
        assert activity.external_funding_sek == activity.compute_external_funding()
    call = Call.objects.filter(municipality=small[0]).first()
    assert call.search_text == call.make_search_text()


def test_the_same_seed_writes_the_same_data(db):
    def titles():
        with transaction.atomic():
            national.generate(municipalities=1, years=1, seed=7)
            place = Municipality.objects.order_by("code").first()
            written = list(
                Activity.objects.filter(municipality=place)
                .order_by("external_id")
                .values_list("title", "start_date", "own_costs")
            )
            transaction.set_rollback(True)
        return written

    first = titles()
    assert first and first == titles()


def test_each_municipality_sees_only_its_own(small):
    own, other = small[0], small[1]
    client = signed_in(own)
    response = client.get(reverse("activity-list"))
    assert response.status_code == 200
    shown = re.search(r'data-total="count">([^<]*)<', response.content.decode()).group(1)
    assert int(re.sub(r"\D", "", shown)) == national.ACTIVITIES_PER_YEAR
    foreign = Activity.objects.filter(municipality=other).first()
    assert client.get(reverse("activity-detail", args=[foreign.pk])).status_code == 404
    api = client.get("/api/v1/activities").json()
    assert api["count"] == national.ACTIVITIES_PER_YEAR


KEY_PAGES = [
    ("home", []),
    ("activity-list", []),
    ("twintown-list", []),
    ("membership-list", []),
    ("decision-list", []),
    ("call-list", []),
    ("application-list", []),
    ("compliance-dashboard", [YEAR]),
    ("account-report", [YEAR]),
]
LISTS = ["activity-list", "twintown-list", "membership-list", "decision-list", "call-list"]


def test_key_pages_answer_and_their_query_counts_do_not_grow_with_rows(small):
    place = small[0]
    client = signed_in(place)
    activity = Activity.objects.filter(municipality=place).first()
    for name, args in [*KEY_PAGES, ("activity-detail", [activity.pk])]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    for url in ["/api/v1/activities", "/api/v1/decisions", "/api/v1/calls"]:
        assert client.get(url).status_code == 200, url
    for url in [f"/m/{place.code}/", f"/m/{place.code}/activities/"]:
        assert Client().get(url).status_code == 200, url

    def query_counts():
        counts = {}
        for name in LISTS:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(name)).status_code == 200
            counts[name] = len(captured)
        return counts

    before = query_counts()
    # Another year of activities and decisions for the same municipality: more rows.
    bodies = Body.objects.filter(municipality=place).order_by("pk")
    extra = {
        "all": list(bodies),
        "committees": [body for body in bodies if body.kind == Body.Kind.COMMITTEE],
    }
    decisions = national._Decisions(place, {**extra, "council": bodies[0], "board": bodies[1]})
    for number in range(60):
        decisions.add(bodies[2], "other", datetime.date(YEAR - 1, 1, 1 + number % 28), "Fler")
    decisions.write()
    partners = {"twins": [], "others": list(place_partners(place))}
    national._activities(
        place,
        random.Random(1),
        extra,
        list(Goal.objects.filter(municipality=place, level=Goal.Level.GOAL)),
        partners,
        [],
        YEAR - 1,
        YEAR - 1,
    )
    assert Activity.objects.filter(municipality=place).count() == 2 * national.ACTIVITIES_PER_YEAR
    assert query_counts() == before


def place_partners(place):
    from samverkan.registry.models import Partner

    return Partner.objects.filter(municipality=place).exclude(kind__in=["municipality", "network"])
