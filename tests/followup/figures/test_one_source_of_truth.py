"""One source of truth: the same figure in the activity list's totals, the API, the compliance
dashboard and figures.overview (which the compiled report and the yearly accounts use).

The known dataset (conftest.py) has, in 2024: 3 activities, 19 participants, own costs
1 750.50 SEK, external funding 6 000 SEK, 1 EU-priority activity, 2 goal-less activities,
8 training participants. Each channel must give exactly these.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samverkan.followup import compliance, figures
from samverkan.organisation.models import Role, RoleAssignment

EXPECTED = {
    "count": 3,
    "participants": 19,
    "own_costs": Decimal("1750.50"),
    "external_funding": Decimal("6000.00"),
}


@pytest.fixture
def reader(client, known):
    user = get_user_model().objects.create_user("provkommun-läsare")
    RoleAssignment.objects.create(user=user, municipality=known.town, role=Role.READER)
    client.force_login(user)
    return client


def _api(client, path, params=None):
    response = client.get(f"/api/v1{path}", params or {})
    assert response.status_code == 200, response.content
    return response.json()


def test_every_channel_gives_the_same_figures(reader, known):
    year = known.year
    # 1. figures.overview (the compiled report and the accounts read it).
    overview = figures.overview(known.town, year)
    assert {
        "count": overview.activities,
        "participants": overview.participants_total,
        "own_costs": overview.own_costs_sek,
        "external_funding": overview.external_funding_sek,
    } == EXPECTED

    # 2. The activity list's totals for the year (page context).
    page = reader.get(reverse("activity-list"), {"year": year})
    totals = page.context["totals"]
    assert {name: totals[name] for name in EXPECTED} == EXPECTED

    # 3. The API: the list's totals and the report figures.
    totals = _api(reader, "/activities/totals", {"year": year})
    assert {key: str(value) for key, value in EXPECTED.items()} == {
        key: str(value) for key, value in totals.items()
    }
    report = _api(reader, f"/reports/{year}")
    assert report["activities"] == EXPECTED["count"]
    assert report["participants_total"] == EXPECTED["participants"]
    assert Decimal(report["own_costs_sek"]) == EXPECTED["own_costs"]
    assert Decimal(report["external_funding_sek"]) == EXPECTED["external_funding"]
    assert report["training_participants"] == overview.training_participants == 8

    # 4. The compliance dashboard (page and API) reads the same activities.
    dashboard = reader.get(reverse("compliance-dashboard", args=[year]))
    rows = {row.key: row for row in dashboard.context["rows"]}
    eu_list = reader.get(reverse("activity-list"), {"year": year, "eu_priority": "1"})
    eu_count = eu_list.context["totals"]["count"]
    this_year = overview.eu_share_five_years[-1]
    assert eu_count == this_year.eu_activities == 1
    assert rows["activities_eu_share"].value == this_year.share == 33.3
    assert len(list(rows["activities_eu_share"].records)) == eu_count
    goalless = reader.get(reverse("activity-list"), {"year": year, "goal": "none"})
    assert goalless.context["totals"]["count"] == 2
    assert rows["activities_goal_linked_share"].value == figures.share(1, 3)
    assert rows["training_participants"].value == overview.training_participants
    api_rows = {row["key"]: row for row in _api(reader, f"/compliance/{year}")["indicators"]}
    assert api_rows["activities_eu_share"]["value"] == 33.3
    assert api_rows["training_participants"]["value"] == 8
    # The dashboard's link shows exactly the records its number counts.
    assert rows["activities_eu_share"].url == f"/activities/?year={year}&eu_priority=1"

    # 5. One body's figures: the list filtered on the committee, the API and overview.
    body = figures.overview(known.town, year, body=known.a)
    listed = reader.get(reverse("activity-list"), {"year": year, "committee": known.a.pk})
    assert listed.context["totals"]["count"] == body.activities == 2
    assert listed.context["totals"]["own_costs"] == body.own_costs_sek == Decimal("1500.00")
    assert _api(reader, f"/reports/{year}", {"body": known.a.pk})["activities"] == 2
    compliance_rows = compliance.dashboard(known.town, year)
    assert len(compliance_rows) == 16
