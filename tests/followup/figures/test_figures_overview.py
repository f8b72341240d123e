"""figures.overview on a known dataset: each figure written out by hand."""

from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.followup import figures


def _by(rows, key="code"):
    return {getattr(row, key): row.count for row in rows}


def test_overview_counts_the_known_year(known):
    found = figures.overview(known.town, known.year)
    assert found.activities == 3
    assert found.participants_total == 2 + 3 + 4 + 10
    assert found.own_costs_sek == Decimal("1750.50")
    assert found.external_funding_sek == Decimal("6000.00")  # own-funds line left out
    assert {row.name: row.count for row in found.activities_per_committee} == {
        "Nämnd A": 2,
        "Nämnd B": 1,
    }
    assert _by(found.activities_per_country) == {"DE": 1, "FI": 1, "NO": 1, "US": 1}
    # Finland is Nordic and EU; Norway Nordic; Germany EU; the United States the world.
    assert _by(found.activities_per_region) == {"nordic": 2, "eu": 1, "europe": 0, "world": 1}
    assert _by(found.activities_by_kind) == {"project": 1, "study_visit": 1, "conference": 1}
    assert found.partners_involved == 3
    assert found.local_actor_partners == 1
    assert _by(found.partners_by_kind) == {"university": 1, "association": 1, "municipality": 1}
    assert [(g.code, g.count) for g in found.goals_served] == [("1.1", 1)]
    assert _by(found.participants_by_group) == {
        "elected": 2,
        "employees": 3,
        "residents": 4,
        "young": 10,
    }
    assert found.trainings_held == 1
    assert found.training_participants == 8
    audiences = {row.code: row for row in found.trainings_per_audience}
    assert audiences["elected"].count == 3
    assert audiences["elected"].participant_hours == Decimal("7.5")
    assert audiences["employees"].participant_hours == Decimal("12.5")
    assert found.resources == figures.ResourceFigures(
        bodies=1, budget_sek=Decimal("10000.00"), staff_fte=Decimal("0.50")
    )
    assert {row.code: row.value for row in found.funding} == {
        "external_funding": Decimal("6000.00"),
        "own_costs": Decimal("1750.50"),
    }
    shares = {row.year: row for row in found.eu_share_five_years}
    assert sorted(shares) == [2020, 2021, 2022, 2023, 2024]  # 2019 is outside
    assert shares[2024].eu_activities == 1 and shares[2024].all_activities == 3
    assert shares[2024].share == 33.3
    assert shares[2023].share == 100.0
    assert shares[2022].share is None
    assert _by(found.partner_countries) == {"DE": 1, "SE": 1, "NO": 1}
    assert [(m.name, m.participation, m.activities) for m in found.memberships] == [
        ("Provnätverket", 1, 1)
    ]
    assert [(t.name, t.activities, t.dialogue_notes) for t in found.twin_town_contacts] == [
        ("Provby kommune", 1, 1)
    ]


def test_overview_for_one_body(known):
    found = figures.overview(known.town, known.year, body=known.b)
    assert found.body == figures.BodyRef(id=known.b.pk, name="Nämnd B")
    assert found.activities == 1
    assert found.own_costs_sek == Decimal("250.50")
    assert _by(found.activities_per_region) == {"nordic": 0, "eu": 0, "europe": 0, "world": 1}
    assert found.training_participants == 0
    assert found.resources.bodies == 0
    assert [(m.participation, m.activities) for m in found.memberships] == [(1, 1)]
    # Dialogue notes belong to no body: a body's account shows its own activities only.
    assert found.twin_town_contacts == []
    assert {row.year: row.share for row in found.eu_share_five_years}[2023] == 100.0


def test_overview_of_an_empty_year_is_zeros(known):
    found = figures.overview(known.town, 2030)
    assert found.activities == 0
    assert found.own_costs_sek == Decimal("0.00")
    assert found.activities_per_committee == []
    assert all(row.share is None for row in found.eu_share_five_years)


def test_overview_queries_do_not_grow_with_rows(known):
    from samverkan.activities.models import Activity, ActivityCountry

    with CaptureQueriesContext(connection) as before:
        figures.overview(known.town, known.year)
    for number in range(5):
        made = Activity.objects.create(
            municipality=known.town,
            title=f"Fler {number}",
            committee=known.a,
            start_date=known.activities[0].start_date,
        )
        ActivityCountry.objects.create(municipality=known.town, activity=made, country="DK")
        made.partners.add(*known.activities[0].partners.all())
        made.goals.add(known.goal)
    cache.clear()  # written past the actions, which would have said the figures changed
    with CaptureQueriesContext(connection) as after:
        found = figures.overview(known.town, known.year)
    assert found.activities == 8
    assert len(after) == len(before)
    assert len(after) <= 25
