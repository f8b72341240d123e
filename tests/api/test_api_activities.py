"""Activities, trainings and resources through the API: reading, filters and totals that agree
with the list page and the export, writing through the pages' forms, conflicts, the trash
and query counts.

The activities live in 2031-2033, years no demo row uses.
"""

import csv
import dataclasses
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from samverkan.activities import queries
from samverkan.activities.actions import set_activity_countries
from samverkan.activities.models import Activity, FundingLine, Milestone, Resource, Training
from samverkan.api.endpoints.activities_schemas import ActivityUpdate
from samverkan.api.endpoints.resources import ResourceUpdate
from samverkan.api.endpoints.trainings import TrainingUpdate
from samverkan.api.openapi import openapi_text
from samverkan.history.models import DeletedRecord
from samverkan.lib.actions import SYSTEM
from samverkan.registry.models import NetworkMembership, Partner, TwinTown

D = datetime.date
UPDATES = {"activities": ActivityUpdate, "trainings": TrainingUpdate, "resources": ResourceUpdate}
ID_NAMES = {"activities": "activity_id", "trainings": "training_id", "resources": "resource_id"}


def payload_from(resource, record_json, **changes):
    """What a client PUTs back: the record as read, limited to the input fields."""
    fields = UPDATES[resource].model_fields
    return {**{name: record_json[name] for name in fields}, **changes}


def make_activity(demo, title, start, *, countries=(), **fields):
    fields.setdefault("committee", demo.own_committee)
    fields.setdefault("municipality", demo.motala)
    fields.setdefault("is_public", True)  # the dataset's activities are public but one
    activity = Activity.objects.create(title=title, start_date=start, **fields)
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
    """Motala activities in 2031-2032 (one internal) and one of Vadstena's."""
    rows = {
        "finland": make_activity(
            demo,
            "Vänortsbesök i Finland",
            D(2031, 3, 1),
            countries=["FI"],
            kind=Activity.Kind.STUDY_VISIT,
            status=Activity.Status.COMPLETED,
            participants_elected=2,
            participants_employees=3,
            own_costs=Decimal("1000.50"),
        ),
        "norway": make_activity(
            demo,
            "Konferens i Oslo",
            D(2031, 9, 1),
            countries=["NO"],
            kind=Activity.Kind.CONFERENCE,
            participants_employees=4,
            own_costs=Decimal("2000"),
            is_public=False,
        ),
        "social": make_activity(
            demo,
            "Socialt utbyte i Polen",
            D(2031, 5, 1),
            committee=demo.other_committee,
            countries=["PL"],
            participants_residents=10,
            own_costs=Decimal("500.25"),
        ),
        "later": make_activity(
            demo, "Projekt i Tyskland", D(2032, 2, 1), countries=["DE"], own_costs=Decimal("7")
        ),
        "vadstena": make_activity(
            demo,
            "Vadstenas resa",
            D(2031, 4, 1),
            committee=demo.vadstena_body,
            municipality=demo.vadstena,
            countries=["FI"],
            own_costs=Decimal("99999"),
        ),
    }
    fund(rows["finland"], FundingLine.Source.EU_PROGRAMME, "1000", "EUR", "11.2345")
    fund(rows["finland"], FundingLine.Source.OWN, "300")
    fund(rows["norway"], FundingLine.Source.NATIONAL_PROGRAMME, "2500.10")
    rows["finland"].goals.add(demo.motala_goal)
    return rows


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


# Reading ----------------------------------------------------------------------------------


def test_list_gives_labels_beside_ids_and_the_derived_figures(demo, dataset, call_as):
    api = call_as("reader", via="token")
    hyvinge = Partner.objects.get(municipality=demo.motala, name="Hyvinge")
    dataset["finland"].partners.add(hyvinge)
    twin = TwinTown.objects.filter(municipality=demo.motala).select_related("partner").first()
    dataset["finland"].twin_towns.add(twin)
    membership = NetworkMembership.objects.filter(municipality=demo.motala).first()
    dataset["finland"].memberships.add(membership)
    items = api.get("/activities", {"year": 2031, "kind": "study_visit"}).json()["items"]
    assert [item["id"] for item in items] == [dataset["finland"].pk]
    data = items[0]
    assert (data["committee"], data["committee_name"]) == (
        demo.own_committee.pk,
        "Bildningsnämnden",
    )
    assert (data["kind"], data["status"]) == ("study_visit", "completed")
    assert data["kind_label"] and data["status_label"]
    assert (data["countries"], data["country_names"]) == (["FI"], ["Finland"])
    assert (data["partners"], data["partner_names"]) == ([hyvinge.pk], ["Hyvinge"])
    assert (data["twin_towns"], data["twin_town_names"]) == ([twin.pk], [str(twin)])
    assert (data["memberships"], data["membership_names"]) == ([membership.pk], [str(membership)])
    goal = demo.motala_goal
    assert (data["goals"], data["goal_codes"], data["missing_goal"]) == (
        [goal.pk],
        [goal.code],
        False,
    )
    assert (data["participants_total"], data["own_costs"]) == (5, "1000.50")
    # External funding: the EU line in SEK at its rate, not the municipality's own 300.
    assert data["external_funding"] == "11234.50"
    assert (data["eu_priority"], data["is_public"], data["version"]) == (True, True, 1)
    assert "funding_lines" not in data  # the detail's
    norway = api.get(f"/activities/{dataset['norway'].pk}").json()
    assert (norway["eu_priority"], norway["is_public"], norway["missing_goal"]) == (
        False,
        False,
        True,
    )


def test_detail_nests_funding_lines_milestones_and_the_progress_roll_up(demo, call_as):
    project = make_activity(demo, "Stort projekt", D(2031, 1, 1), progress=10)
    first = make_activity(demo, "Del 1", D(2031, 2, 1), parent=project, weight=Decimal("3"))
    second = make_activity(demo, "Del 2", D(2031, 3, 1), parent=project, progress=20)
    # A part of a part: the roll-up goes down every level.
    make_activity(demo, "Del 1a", D(2031, 2, 2), parent=first, progress=80)
    Milestone.objects.create(
        municipality=demo.motala, activity=project, title="Start", due_on=D(2031, 1, 15)
    )
    fund(project, FundingLine.Source.PARTNER, "50")
    data = call_as("reader").get(f"/activities/{project.pk}").json()
    assert data["progress"] == 10
    # (3 × 80 + 1 × 20) / 4 = 65
    assert data["rolled_up_progress"] == project.rolled_up_progress() == 65
    assert [(p["title"], p["weight"], p["rolled_up_progress"]) for p in data["parts"]] == [
        ("Del 2", "1.00", 20),
        ("Del 1", "3.00", 80),
    ]
    assert [m["title"] for m in data["milestones"]] == ["Start"]
    assert [(f["source"], f["amount_sek"], f["is_external"]) for f in data["funding_lines"]] == [
        ("partner", "50.00", True)
    ]
    part = call_as("reader").get(f"/activities/{second.pk}").json()
    assert (part["parent"], part["parent_title"]) == (project.pk, "Stort projekt")


# Filters and totals agree with the page and the export --------------------------------------

FILTERS = [
    {"year": "2031"},
    {"year": "2031", "eu_priority": "1"},
    {"year": "2031", "committee": "{own}", "public": "0"},
    {"region": "nordic", "kind": "conference"},
    {"country": "PL"},
    {"goal": "none", "year": "2031"},
]


def _export_totals(client, params):
    """The export's rows for the filter, summed; None until the export exists."""
    try:
        url = reverse("activity-export")
        from samverkan.activities.spreadsheets import exporter
    except (NoReverseMatch, ImportError):
        return None
    response = client.get(url, {**params, "format": "csv"}, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=exporter.CSV_DELIMITER))[1:]
    keys = [column.key for column in exporter.EXPORTED]

    def column(key):
        return [row[keys.index(key)] for row in rows]

    def money(key):
        return sum((Decimal(value.replace(",", ".")) for value in column(key)), Decimal("0"))

    groups = ("elected", "employees", "residents", "young")
    return {
        "count": len(rows),
        "participants": sum(int(v) for g in groups for v in column(f"participants_{g}")),
        "own_costs": money("own_costs"),
        "external_funding": money("external_funding"),
    }


@pytest.mark.parametrize("filters", FILTERS, ids=[json.dumps(f) for f in FILTERS])
def test_totals_agree_with_the_page_the_export_and_queries(demo, dataset, client, filters):
    params = {k: v.format(own=demo.own_committee.pk) for k, v in filters.items()}
    client.force_login(demo.users["coordinator"])
    expected = queries.totals(
        queries.filter_activities(Activity.objects.filter(municipality=demo.motala), params)
    )
    page = client.get(reverse("activity-list"), params)
    assert page.status_code == 200
    assert dataclasses.asdict(page.context["totals"]) == expected
    api_totals = client.get("/api/v1/activities/totals", params).json()
    assert api_totals == {
        "count": expected["count"],
        "participants": expected["participants"],
        "own_costs": f"{expected['own_costs']:.2f}",
        "external_funding": f"{expected['external_funding']:.2f}",
    }
    listed = client.get("/api/v1/activities", {**params, "page_size": 100}).json()
    assert listed["count"] == expected["count"]
    items = listed["items"]
    assert sum(item["participants_total"] for item in items) == expected["participants"]
    assert sum(Decimal(item["own_costs"]) for item in items) == expected["own_costs"]
    assert sum(Decimal(i["external_funding"]) for i in items) == expected["external_funding"]
    exported = _export_totals(client, params)
    if exported is not None:
        assert exported == {k: expected[k] for k in exported}


def test_the_filters_pick_the_known_rows(demo, dataset, call_as):
    api = call_as("editor")
    assert _ids(api.get("/activities", {"year": 2031})) == {
        dataset[k].pk for k in ("finland", "norway", "social")
    }
    assert _ids(api.get("/activities", {"eu_priority": "true", "year": 2031})) == {
        dataset["finland"].pk,
        dataset["social"].pk,
    }
    assert _ids(api.get("/activities", {"country": "fi", "year": 2031})) == {dataset["finland"].pk}
    assert _ids(api.get("/activities", {"public": False, "year": 2031})) == {dataset["norway"].pk}
    assert _ids(api.get("/activities", {"goal": demo.motala_goal.pk})) >= {dataset["finland"].pk}
    titles = [
        a["title"] for a in api.get("/activities", {"year": 2031, "sort": "title"}).json()["items"]
    ]
    assert titles == sorted(titles)
    costs = api.get("/activities", {"year": 2031, "sort": "-own_costs"}).json()["items"]
    assert [a["own_costs"] for a in costs] == ["2000.00", "1000.50", "500.25"]


def test_malformed_filters_answer_400_naming_the_parameter(demo, call_as):
    api = call_as("reader")
    response = api.get("/activities", {"year": "förra", "region": "asia", "sort": "cost"})
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"year", "region", "sort"}
    assert api.get("/activities/totals", {"goal": "some"}).status_code == 400


# Writing ------------------------------------------------------------------------------------


def test_create_an_activity_through_the_form(demo, call_as):
    api = call_as("editor", via="token")
    hyvinge = Partner.objects.get(municipality=demo.motala, name="Hyvinge")
    response = api.post(
        "/activities",
        {
            "title": "Skolutbyte med Hyvinge",
            "committee": demo.own_committee.pk,
            "kind": "student_exchange",
            "start_date": "2031-10-01",
            "end_date": "2031-10-05",
            "countries": ["fi", " se "],
            "partners": [hyvinge.pk],
            "goals": [demo.motala_goal.pk],
            "agenda_2030_goals": [4, 17],
            "participants_young": 12,
            "own_costs": "12500.5",
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["countries"], data["partner_names"], data["agenda_2030_goals"]) == (
        ["FI", "SE"],
        ["Hyvinge"],
        [4, 17],
    )
    # Finland was in the EU on the start date: derived, not typed.
    assert (data["eu_priority"], data["own_costs"], data["version"]) == (True, "12500.50", 1)
    activity = Activity.objects.get(pk=data["id"])
    assert (activity.municipality, activity.participants_young) == (demo.motala, 12)
    assert sorted(c.country.code for c in activity.countries.all()) == ["FI", "SE"]
    assert activity.history.filter(history_type="+").count() == 1


def test_update_replaces_countries_and_recomputes_the_eu_priority(demo, call_as):
    activity = make_activity(demo, "Resa", D(2031, 6, 1), countries=["DE"])
    assert activity.eu_priority is True
    api = call_as("coordinator")
    read = api.get(f"/activities/{activity.pk}").json()
    changed = api.put(
        f"/activities/{activity.pk}", payload_from("activities", read, countries=["NO", "US"])
    )
    assert changed.status_code == 200, changed.content
    data = changed.json()
    assert (data["countries"], data["eu_priority"], data["version"]) == (["NO", "US"], False, 2)
    activity.refresh_from_db()
    assert (activity.eu_priority, activity.version) == (False, 2)


def test_funding_lines_change_the_eu_priority(demo, call_as):
    activity = make_activity(demo, "Lokalt projekt", D(2031, 6, 1), countries=["NO"])
    assert activity.eu_priority is False
    api = call_as("editor")
    response = api.post(
        f"/activities/{activity.pk}/funding-lines",
        {
            "source": "eu_programme",
            "programme": "Interreg Östersjön",
            "amount": "2000",
            "currency": "EUR",
            "exchange_rate": "11.5",
            "rate_date": "2031-05-02",
        },
    )
    assert response.status_code == 201, response.content
    assert (response.json()["amount_sek"], response.json()["amount"]) == ("23000.00", "2000.00")
    activity.refresh_from_db()
    assert activity.eu_priority is True
    data = api.get(f"/activities/{activity.pk}").json()
    assert (data["eu_priority"], data["external_funding"]) == (True, "23000.00")
    assert [f["programme"] for f in data["funding_lines"]] == ["Interreg Östersjön"]
    milestone = api.post(
        f"/activities/{activity.pk}/milestones",
        {"title": "Ansökan inskickad", "due_on": "2031-07-01"},
    )
    assert milestone.status_code == 201, milestone.content
    assert [m["title"] for m in api.get(f"/activities/{activity.pk}").json()["milestones"]] == [
        "Ansökan inskickad"
    ]


def test_trainings_and_resources_are_written_and_filtered(demo, call_as):
    api = call_as("coordinator")
    training = api.post(
        "/trainings",
        {
            "title": "EU-kunskap för förtroendevalda",
            "committee": demo.own_committee.pk,
            "held_on": "2031-02-03",
            "hours": "3.5",
            "participants_elected": 8,
            "participants_employees": 2,
            "named_participants": [demo.users["editor"].pk],
            "topics": ["eu_knowledge", "languages"],
        },
    )
    assert training.status_code == 201, training.content
    data = training.json()
    assert (data["participants_total"], data["participant_hours"]) == (10, "35.0")
    assert data["named_participants"] == [demo.users["editor"].pk]
    assert len(data["topic_labels"]) == 2
    assert _ids(api.get("/trainings", {"topic": "languages", "year": 2031})) == {data["id"]}
    assert _ids(api.get("/trainings", {"year": 2031, "audience": "elected"})) == {data["id"]}
    assert _ids(api.get("/trainings", {"topic": "intercultural", "year": 2031})) == set()
    changed = api.put(f"/trainings/{data['id']}", payload_from("trainings", data, hours="4"))
    assert (changed.status_code, changed.json()["participant_hours"]) == (200, "40.0")

    resource = api.post(
        "/resources",
        {"body": demo.board.pk, "year": 2031, "budget_sek": "250000", "staff_fte": "0.5"},
    )
    assert resource.status_code == 201, resource.content
    assert (resource.json()["body_name"], resource.json()["budget_sek"]) == (
        "Kommunstyrelsen",
        "250000.00",
    )
    assert _ids(api.get("/resources", {"year": 2031})) == {resource.json()["id"]}
    assert _ids(api.get("/resources", {"body": demo.board.pk, "year": 2030})) == set()


# Conflicts and the trash --------------------------------------------------------------------


def _one_of_each(demo):
    return {
        "activities": (make_activity(demo, "Att ändra", D(2031, 1, 1)), "description"),
        "trainings": (
            Training.objects.create(
                municipality=demo.motala,
                title="Kurs",
                committee=demo.own_committee,
                held_on=D(2031, 1, 1),
                hours=Decimal("2"),
            ),
            "description",
        ),
        "resources": (
            Resource.objects.create(municipality=demo.motala, body=demo.own_committee, year=2031),
            "note",
        ),
    }


@pytest.mark.parametrize("resource", list(UPDATES))
def test_stale_update_answers_409_with_the_current_record(demo, call_as, resource):
    record, field = _one_of_each(demo)[resource]
    api = call_as("coordinator")
    read = api.get(f"/{resource}/{record.pk}").json()
    first = api.put(f"/{resource}/{record.pk}", payload_from(resource, read, **{field: "Först"}))
    assert first.status_code == 200, first.content
    second = api.put(f"/{resource}/{record.pk}", payload_from(resource, read, **{field: "Sist"}))
    assert second.status_code == 409
    conflict = second.json()
    assert set(conflict) == {"message", "current"}
    assert (conflict["current"][field], conflict["current"]["version"]) == ("Först", 2)
    record.refresh_from_db()
    assert (getattr(record, field), record.version) == ("Först", 2)


@pytest.mark.parametrize("resource", list(UPDATES))
def test_delete_moves_the_record_to_the_trash(demo, call_as, resource):
    record, _field = _one_of_each(demo)[resource]
    if resource == "activities":
        fund(record, FundingLine.Source.OWN, "10")
        set_activity_countries(record, ["FI"], acting_user=SYSTEM)
    api = call_as("coordinator", via="token")
    response = api.delete(f"/{resource}/{record.pk}")
    assert response.status_code == 204, response.content
    entry = DeletedRecord.objects.get(
        model_label=record._meta.label_lower, object_id=str(record.pk)
    )
    assert (entry.municipality, entry.deleted_by) == (demo.motala, demo.users["coordinator"])
    if resource == "activities":
        # The funding line and the country go to the trash with it, to come back with it.
        labels = {row["model"] for row in entry.rows}
        assert {"activities.fundingline", "activities.activitycountry"} <= labels
    assert not type(record).objects.filter(pk=record.pk).exists()
    assert api.get(f"/{resource}/{record.pk}").status_code == 404


def test_a_project_with_parts_is_not_deleted(demo, call_as):
    project = make_activity(demo, "Projekt", D(2031, 1, 1))
    make_activity(demo, "Del", D(2031, 1, 2), parent=project)
    response = call_as("coordinator").delete(f"/activities/{project.pk}")
    assert response.status_code == 409
    assert set(response.json()) == {"message"}
    assert Activity.objects.filter(pk=project.pk).exists()


# Query counts do not grow with the rows -----------------------------------------------------


def _add_rows(demo, resource, n, offset=0):
    """n more rows of `resource`, each with everything its output shows."""
    if resource == "trainings":
        for i in range(offset, offset + n):
            Training.objects.create(
                municipality=demo.motala,
                title=f"Kurs {i}",
                committee=demo.own_committee,
                held_on=D(2031, 1, 1 + i),
                hours=Decimal("1"),
            ).named_participants.add(demo.users["editor"])
        return
    if resource == "resources":
        for i in range(offset, offset + n):
            Resource.objects.create(
                municipality=demo.motala, body=demo.own_committee, year=2040 + i
            )
        return
    hyvinge = Partner.objects.get(municipality=demo.motala, name="Hyvinge")
    twin = TwinTown.objects.filter(municipality=demo.motala).first()
    membership = NetworkMembership.objects.filter(municipality=demo.motala).first()
    for i in range(offset, offset + n):
        project = make_activity(demo, f"Projekt {i}", D(2031, 1, 1 + i), countries=["FI", "NO"])
        project.partners.add(hyvinge)
        project.twin_towns.add(twin)
        project.memberships.add(membership)
        project.goals.add(demo.motala_goal)
        fund(project, FundingLine.Source.EU_PROGRAMME, "100")
        # Parts two levels down: the roll-up reads them without a query per part.
        part = make_activity(demo, f"Del {i}", D(2031, 1, 1 + i), parent=project, progress=50)
        make_activity(demo, f"Delprojekt {i}", D(2031, 1, 1 + i), parent=part, progress=10)


def _count_queries(api, path):
    params = {"page_size": 100, "year": 2031} if "activ" in path else {}
    # The first request after a change fills the role's cached committees: count the next.
    api.get(path, params)
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path, params)
    assert response.status_code == 200, response.content
    return len(captured), response.json()["count"]


@pytest.mark.parametrize("resource", ["activities", "trainings", "resources"])
def test_list_queries_do_not_grow_with_rows(demo, call_as, resource):
    api = call_as("coordinator")
    _add_rows(demo, resource, 1)
    before, count_before = _count_queries(api, f"/{resource}")
    _add_rows(demo, resource, 3, offset=1)
    after, count_after = _count_queries(api, f"/{resource}")
    assert count_after > count_before
    assert after == before


def test_totals_take_a_fixed_number_of_queries(demo, call_as, django_assert_max_num_queries):
    api = call_as("coordinator", via="token")
    _add_rows(demo, "activities", 5)
    # The token (read, last use noted), the role and its committees, then the two
    # aggregates of queries.totals().
    with django_assert_max_num_queries(6):
        response = api.get("/activities/totals", {"year": 2031, "region": "eu"})
    assert response.json()["count"] == 5  # the projects; their parts have no countries


# The OpenAPI document -------------------------------------------------------------------------


def test_openapi_document_lists_the_three_resources():
    paths = json.loads(openapi_text())["paths"]
    for resource in UPDATES:
        assert set(paths[f"/api/v1/{resource}"]) == {"get", "post"}
        item = paths[f"/api/v1/{resource}/{{{ID_NAMES[resource]}}}"]
        assert set(item) == {"get", "put", "delete"}
        assert item["put"]["responses"].keys() >= {"200", "400", "401", "403", "404", "409"}
        assert paths[f"/api/v1/{resource}"]["get"]["tags"] == [resource]
    assert set(paths["/api/v1/activities/totals"]) == {"get"}
    assert "post" in paths["/api/v1/activities/{activity_id}/funding-lines"]
    assert "post" in paths["/api/v1/activities/{activity_id}/milestones"]
    operation_ids = {op["operationId"] for item in paths.values() for op in item.values()}
    assert {"list_activities", "get_activity_totals", "add_activity_funding_line"} <= (
        operation_ids
    )
    assert not any("422" in op["responses"] for item in paths.values() for op in item.values())
