"""The activity list's filters and totals (samverkan/activities/queries.py) on a known dataset.

The page, the export and the API all use these functions, so this is where the
figures are pinned down. The dataset lives in years no demo row uses (2031-2033).
"""

import datetime
from decimal import Decimal

import pytest

from samverkan.activities import queries
from samverkan.activities.actions import set_activity_countries
from samverkan.activities.models import Activity, FundingLine
from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Goal


def make_activity(demo, title, start, *, committee=None, countries=(), municipality=None, **extra):
    municipality = municipality or demo.motala
    extra.setdefault("is_public", True)  # the rows are public but one
    activity = Activity.objects.create(
        municipality=municipality,
        title=title,
        committee=committee or demo.own_committee,
        start_date=start,
        **extra,
    )
    if countries:
        set_activity_countries(activity, countries, acting_user=SYSTEM)
    return activity


def fund(activity, source, amount, currency="SEK", rate=None):
    FundingLine.objects.create(
        municipality_id=activity.municipality_id,
        activity=activity,
        source=source,
        amount=Decimal(amount),
        currency=currency,
        exchange_rate=Decimal(rate) if rate else None,
        rate_date=activity.start_date if rate else None,
    )
    activity.refresh_derived()


@pytest.fixture
def dataset(demo):
    """Five Motala activities and one of Vadstena's, in 2031-2033."""
    goal_area = Goal.objects.create(
        municipality=demo.motala, level=Goal.Level.AREA, title="Område", valid_from_year=2030
    )
    goal = Goal.objects.create(
        municipality=demo.motala,
        level=Goal.Level.GOAL,
        parent=goal_area,
        title="Mål",
        valid_from_year=2030,
    )
    rows = {}
    rows["finland"] = make_activity(
        demo,
        "Vänortsbesök i Finland",
        datetime.date(2031, 3, 1),
        countries=["FI"],
        kind=Activity.Kind.STUDY_VISIT,
        status=Activity.Status.COMPLETED,
        participants_elected=2,
        participants_employees=3,
        own_costs=Decimal("1000.50"),
    )
    rows["finland"].goals.add(goal)
    rows["norway"] = make_activity(
        demo,
        "Konferens i Oslo",
        datetime.date(2031, 9, 1),
        countries=["NO"],
        kind=Activity.Kind.CONFERENCE,
        participants_employees=4,
        own_costs=Decimal("2000"),
        is_public=False,
    )
    rows["serbia"] = make_activity(
        demo,
        "Skolutbyte Serbien",
        datetime.date(2032, 5, 1),
        committee=demo.other_committee,
        countries=["RS", "DE"],
        kind=Activity.Kind.STUDENT_EXCHANGE,
        participants_young=10,
        own_costs=Decimal("500"),
    )
    rows["kenya"] = make_activity(
        demo,
        "Projekt Kenya",
        datetime.date(2032, 6, 1),
        committee=demo.other_committee,
        countries=["KE"],
        participants_residents=1,
        own_costs=Decimal("0"),
    )
    rows["nowhere"] = make_activity(
        demo, "Nätverksmöte", datetime.date(2033, 1, 1), own_costs=Decimal("100")
    )
    fund(rows["kenya"], FundingLine.Source.EU_PROGRAMME, "1000", "EUR", "11.5")
    fund(rows["kenya"], FundingLine.Source.OWN, "999")
    fund(rows["serbia"], FundingLine.Source.PARTNER, "250.25")
    rows["vadstena"] = make_activity(
        demo,
        "Vadstenas resa",
        datetime.date(2031, 3, 1),
        committee=demo.vadstena_body,
        countries=["FI"],
        municipality=demo.vadstena,
        own_costs=Decimal("7"),
    )
    rows["goal"] = goal
    rows["goal_area"] = goal_area
    return rows


def motala(demo):
    return Activity.objects.filter(
        municipality=demo.motala,
        start_date__gte=datetime.date(2031, 1, 1),
        start_date__lte=datetime.date(2033, 12, 31),
    )


def titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


def pick(dataset, *names):
    return sorted(dataset[name].title for name in names)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["finland", "norway", "serbia", "kenya", "nowhere"]),
        ({"year": "2031"}, ["finland", "norway"]),
        ({"year": "2032"}, ["serbia", "kenya"]),
        ({"kind": "conference"}, ["norway"]),
        ({"status": "completed"}, ["finland"]),
        ({"country": "de"}, ["serbia"]),
        ({"region": "nordic"}, ["finland", "norway"]),
        ({"region": "eu"}, ["finland", "serbia"]),
        ({"region": "europe"}, ["serbia"]),
        ({"region": "world"}, ["kenya"]),
        ({"eu_priority": "1"}, ["finland", "serbia", "kenya"]),
        ({"eu_priority": "0"}, ["norway", "nowhere"]),
        ({"public": "0"}, ["norway"]),
        ({"public": "1", "year": "2031"}, ["finland"]),
        ({"goal": "none", "year": "2031"}, ["norway"]),
        # Unknown or malformed values are ignored, never an error.
        (
            {"year": "tjugo", "kind": "picnic", "region": "mars", "public": "kanske"},
            ["finland", "norway", "serbia", "kenya", "nowhere"],
        ),
    ],
)
def test_filters_on_a_known_dataset(demo, dataset, params, expected):
    assert titles(queries.filter_activities(motala(demo), params)) == pick(dataset, *expected)


def test_committee_and_goal_filters_take_ids_and_a_goal_area_covers_its_goals(demo, dataset):
    by_committee = queries.filter_activities(motala(demo), {"committee": demo.other_committee.pk})
    assert titles(by_committee) == pick(dataset, "serbia", "kenya")
    for goal in (dataset["goal"], dataset["goal_area"]):
        assert titles(queries.filter_activities(motala(demo), {"goal": goal.pk})) == pick(
            dataset, "finland"
        )


def test_the_eu_region_follows_the_activity_date(demo, dataset):
    # The United Kingdom counts as EU for 2019, not for 2031.
    before = make_activity(demo, "London 2019", datetime.date(2019, 5, 1), countries=["GB"])
    after = make_activity(demo, "London 2031", datetime.date(2031, 5, 1), countries=["GB"])
    eu = queries.filter_activities(
        Activity.objects.filter(pk__in=[before.pk, after.pk]), {"region": "eu"}
    )
    europe = queries.filter_activities(
        Activity.objects.filter(pk__in=[before.pk, after.pk]), {"region": "europe"}
    )
    assert list(eu) == [before]
    assert list(europe) == [after]


def test_totals_for_the_whole_filtered_set(demo, dataset):
    figures = queries.totals(motala(demo))
    assert figures == {
        "count": 5,
        "participants": 2 + 3 + 4 + 10 + 1,
        "own_costs": Decimal("3600.50"),
        # 1000 EUR at 11.5 plus 250.25 SEK from a partner; the own-funds line does not count.
        "external_funding": Decimal("11750.25"),
    }
    filtered = queries.totals(queries.filter_activities(motala(demo), {"year": "2031"}))
    assert filtered == {
        "count": 2,
        "participants": 9,
        "own_costs": Decimal("3000.50"),
        "external_funding": Decimal("0"),
    }


def test_totals_of_an_empty_set_are_zeros(demo):
    assert queries.totals(Activity.objects.none()) == {
        "count": 0,
        "participants": 0,
        "own_costs": Decimal("0"),
        "external_funding": Decimal("0"),
    }


def test_totals_take_one_query_whatever_the_filter(demo, dataset, django_assert_num_queries):
    params = {"region": "eu", "goal": "none", "country": "DE", "q": "Skol", "year": "2032"}
    with django_assert_num_queries(1):
        figures = queries.totals(queries.filter_activities(motala(demo), params))
    assert figures["count"] == 1
    assert figures["external_funding"] == Decimal("250.25")


def test_search_is_wired_in(demo, dataset):
    # The Swedish full-text search: a compound is found by its first part...
    found = queries.filter_activities(motala(demo), {"q": "vänort"})
    assert titles(found) == pick(dataset, "finland")
    # ...and with the other filters and the totals, on the same set.
    both = queries.filter_activities(motala(demo), {"q": "skolutbyte", "region": "europe"})
    assert titles(both) == pick(dataset, "serbia")
    assert queries.totals(both)["external_funding"] == Decimal("250.25")
    assert not queries.filter_activities(motala(demo), {"q": "vänort", "year": "2032"}).exists()


def test_sorting_and_unknown_sort_keys(demo, dataset):
    by_cost = queries.sort_activities(motala(demo), "-own_costs")
    assert [a.title for a in by_cost][:2] == [dataset["norway"].title, dataset["finland"].title]
    by_committee = queries.sort_activities(motala(demo), "committee")
    assert [a.committee.name for a in by_committee] == sorted(
        a.committee.name for a in motala(demo)
    )
    default = queries.sort_activities(motala(demo), "drop table")
    assert [a.start_date for a in default] == sorted(
        (a.start_date for a in motala(demo)), reverse=True
    )
    assert queries.current_sort("drop table") == queries.DEFAULT_SORT
