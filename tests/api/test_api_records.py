"""Bodies, goals and municipalities through the API: reading, writing, conflicts, bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.history.models import DeletedRecord
from samverkan.organisation.models import Body, County, Goal, Municipality

# Reading ----------------------------------------------------------------------------


def test_list_bodies_is_paginated_and_filtered(demo, call_as):
    api = call_as("reader")
    everything = api.get("/bodies").json()
    assert everything["count"] == Body.objects.filter(municipality=demo.motala).count() == 7
    first = api.get("/bodies", {"page_size": 3}).json()
    second = api.get("/bodies", {"page_size": 3, "page": 2}).json()
    assert len(first["items"]) == len(second["items"]) == 3
    assert not {b["id"] for b in first["items"]} & {b["id"] for b in second["items"]}
    committees = api.get("/bodies", {"kind": "committee"}).json()
    assert committees["count"] == 5
    assert {b["kind"] for b in committees["items"]} == {"committee"}
    assert [b["name"] for b in api.get("/bodies", {"q": "social"}).json()["items"]] == [
        "Socialnämnden"
    ]


def test_retrieve_body(demo, call_as):
    body = demo.own_committee
    assert call_as("reader", via="token").get(f"/bodies/{body.pk}").json() == {
        "id": body.pk,
        "kind": "committee",
        "name": "Bildningsnämnden",
        "abbreviation": "BIN",
        "delegated_by": None,
        "administration": "Bildningsförvaltningen",
        "description": "Demodata.",
        "version": 1,
    }


def test_list_goals_filters_by_level_and_year(demo, call_as):
    api = call_as("reader")
    goals = Goal.objects.filter(municipality=demo.motala)
    assert api.get("/goals").json()["count"] == goals.count()
    areas = api.get("/goals", {"level": "area"}).json()
    assert areas["count"] == goals.filter(level="area").count() == 4
    Goal.objects.filter(pk=demo.motala_goal.pk).update(valid_from_year=2028, valid_to_year=None)
    in_2025 = {g["id"] for g in api.get("/goals", {"year": 2025}).json()["items"]}
    in_2040 = {g["id"] for g in api.get("/goals", {"year": 2040, "page_size": 100}).json()["items"]}
    assert demo.motala_goal.pk not in in_2025
    assert in_2040 == {demo.motala_goal.pk}


def test_retrieve_goal_gives_its_parent_as_an_id(demo, call_as):
    goal = demo.motala_goal
    data = call_as("reader").get(f"/goals/{goal.pk}").json()
    assert data["parent"] == goal.parent_id
    assert (data["level"], data["valid_from_year"], data["valid_to_year"]) == ("goal", 2023, 2030)


def test_municipalities_are_public(demo, client, caller):
    api = caller(client)
    everything = api.get("/municipalities").json()
    assert everything["count"] == Municipality.objects.count() == 290
    in_ostergotland = api.get("/municipalities", {"county": "05", "page_size": 100}).json()
    assert {"Motala", "Vadstena"} <= {m["name"] for m in in_ostergotland["items"]}
    assert {m["county"]["code"] for m in in_ostergotland["items"]} == {"05"}
    assert [m["code"] for m in api.get("/municipalities", {"q": "motal"}).json()["items"]] == [
        "0583"
    ]
    motala = api.get("/municipalities/0583").json()
    assert motala == {
        "code": "0583",
        "name": "Motala",
        "county": {"code": "05", "name": motala["county"]["name"]},
    }
    missing = api.get("/municipalities/9999")
    assert missing.status_code == 404
    assert set(missing.json()) == {"message"}


# Query counts do not grow with the rows ---------------------------------------------


def _count_queries(api, path):
    # The first request after a change fills the role's cached committees: count the next.
    api.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)
    assert response.status_code == 200
    return len(queries)


def test_body_list_queries_do_not_grow(demo, call_as):
    api = call_as("coordinator")
    before = _count_queries(api, "/bodies")
    for n in range(5):
        Body.objects.create(municipality=demo.motala, kind="committee", name=f"Nämnd {n}")
    assert _count_queries(api, "/bodies") == before


def test_goal_list_queries_do_not_grow(demo, call_as):
    api = call_as("coordinator")
    before = _count_queries(api, "/goals")
    for n in range(5):
        Goal.objects.create(
            municipality=demo.motala,
            parent=demo.motala_goal.parent,
            level="goal",
            code=f"9.{n}",
            title=f"Mål {n}",
            valid_from_year=2025,
        )
    assert _count_queries(api, "/goals") == before


def test_municipality_list_queries_do_not_grow(demo, client, caller):
    api = caller(client)
    before = _count_queries(api, "/municipalities?page_size=400")
    county = County.objects.create(code="99", name="Testlän")
    for n in range(5):
        Municipality.objects.create(code=f"99{n:02}", name=f"Testkommun {n}", county=county)
    assert _count_queries(api, "/municipalities?page_size=400") == before


# Writing ------------------------------------------------------------------------------


def test_create_body(demo, call_as):
    response = call_as("coordinator").post(
        "/bodies", {"kind": "committee", "name": "Tekniska nämnden", "abbreviation": "TN"}
    )
    assert response.status_code == 201
    data = response.json()
    body = Body.objects.get(pk=data["id"])
    assert (body.municipality, body.name, body.abbreviation) == (
        demo.motala,
        "Tekniska nämnden",
        "TN",
    )
    assert data["version"] == 1


def test_update_body_bumps_the_version(demo, call_as, body_payload):
    body = demo.council
    response = call_as("admin").put(
        f"/bodies/{body.pk}", body_payload(body, abbreviation="KFM", description="Fullmäktige.")
    )
    assert response.status_code == 200
    assert (response.json()["abbreviation"], response.json()["version"]) == ("KFM", 2)
    body.refresh_from_db()
    assert (body.abbreviation, body.version) == ("KFM", 2)
    assert body.history.first().history_user == demo.users["admin"]


def test_stale_update_answers_409_with_the_current_record(demo, call_as, body_payload, client):
    body = demo.own_committee
    read_by_both = body_payload(body)  # both editors opened version 1
    first = call_as("coordinator").put(
        f"/bodies/{body.pk}", {**read_by_both, "description": "Först."}
    )
    assert first.status_code == 200
    client.logout()
    second = call_as("admin", via="token").put(
        f"/bodies/{body.pk}", {**read_by_both, "description": "Sist."}
    )
    assert second.status_code == 409
    conflict = second.json()
    assert set(conflict) == {"message", "current"}
    assert conflict["current"]["version"] == 2
    assert conflict["current"]["description"] == "Först."
    assert "1" in conflict["message"] and "2" in conflict["message"]
    body.refresh_from_db()
    assert (body.description, body.version) == ("Först.", 2)


def test_stale_goal_update_answers_409(demo, call_as, goal_payload):
    goal = demo.motala_goal
    api = call_as("coordinator")
    stale = goal_payload(goal)
    assert api.put(f"/goals/{goal.pk}", {**stale, "title": "Först"}).status_code == 200
    response = api.put(f"/goals/{goal.pk}", {**stale, "title": "Sist"})
    assert response.status_code == 409
    assert response.json()["current"]["title"] == "Först"
    assert response.json()["current"]["version"] == 2


def test_create_goal_in_the_tree(demo, call_as):
    vision = Goal.objects.get(municipality=demo.motala, level="vision")
    response = call_as("coordinator").post(
        "/goals",
        {
            "parent": vision.pk,
            "level": "area",
            "code": "5",
            "title": "Internationell samverkan",
            "valid_from_year": 2025,
            "valid_to_year": 2030,
        },
    )
    assert response.status_code == 201
    goal = Goal.objects.get(pk=response.json()["id"])
    assert (goal.parent, goal.municipality, goal.level) == (vision, demo.motala, "area")
    assert response.json()["parent"] == vision.pk


def test_delete_body_goes_to_the_trash(demo, call_as, unused_committee):
    body = unused_committee
    api = call_as("coordinator", via="token")
    response = api.delete(f"/bodies/{body.pk}")
    assert response.status_code == 204
    assert response.content == b""
    entry = DeletedRecord.objects.get(model_label="organisation.body", object_id=str(body.pk))
    assert (entry.municipality, entry.deleted_by) == (demo.motala, demo.users["coordinator"])
    assert entry.restored_at is None
    assert not Body.objects.filter(pk=body.pk).exists()
    assert api.get(f"/bodies/{body.pk}").status_code == 404


def test_delete_goal_goes_to_the_trash_with_its_children(demo, call_as):
    area = demo.motala_goal.parent
    children = set(area.children.values_list("pk", flat=True))
    assert call_as("admin").delete(f"/goals/{area.pk}").status_code == 204
    entry = DeletedRecord.objects.get(model_label="organisation.goal", object_id=str(area.pk))
    assert {row["pk"] for row in entry.rows} >= children | {area.pk}
    assert not Goal.objects.filter(pk__in=children).exists()


# Bad input: 400 with a message and the fields -----------------------------------------


def _fields(response):
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["message"]
    assert all(error["message"] for error in data["errors"])
    return sorted({error["field"] for error in data["errors"]})


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({}, ["kind", "name"]),
        ({"kind": "senate", "name": "Senaten"}, ["kind"]),
        ({"kind": "committee", "name": ""}, ["name"]),
        ({"kind": "committee", "name": "N" * 201}, ["name"]),
        ({"kind": "committee", "name": "Socialnämnden"}, ["name"]),
        ({"kind": "committee", "name": 12}, ["name"]),
    ],
    ids=["empty", "unknown-kind", "blank-name", "long-name", "taken-name", "wrong-type"],
)
def test_bad_body_input_answers_400(demo, call_as, payload, fields):
    count = Body.objects.count()
    assert _fields(call_as("coordinator").post("/bodies", payload)) == fields
    assert Body.objects.count() == count


def test_renaming_to_a_taken_name_answers_400(demo, call_as, body_payload):
    body = demo.own_committee
    response = call_as("coordinator").put(
        f"/bodies/{body.pk}", body_payload(body, name="Socialnämnden")
    )
    assert _fields(response) == ["name"]
    body.refresh_from_db()
    assert (body.name, body.version) == ("Bildningsnämnden", 1)


def test_update_without_version_answers_400(demo, call_as, body_payload):
    body = demo.own_committee
    payload = body_payload(body, description="Utan version")
    del payload["version"]
    assert _fields(call_as("coordinator").put(f"/bodies/{body.pk}", payload)) == ["version"]


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"level": "area", "parent": None}, ["parent"]),
        ({"level": "vision"}, ["parent"]),
        ({"level": "area"}, ["parent"]),
        ({"valid_from_year": 2030, "valid_to_year": 2025}, ["valid_to_year"]),
        ({"parent": 999_999}, ["parent"]),
        ({"title": ""}, ["title"]),
        ({"valid_from_year": "next year"}, ["valid_from_year"]),
    ],
    ids=[
        "area-without-vision",
        "vision-with-parent",
        "area-under-area",
        "years-backwards",
        "missing-parent",
        "no-title",
        "year-not-a-number",
    ],
)
def test_bad_goal_input_answers_400(demo, call_as, changes, fields):
    area = demo.motala_goal.parent
    payload = {"parent": area.pk, "level": "goal", "title": "Nytt mål", "valid_from_year": 2025}
    count = Goal.objects.count()
    assert _fields(call_as("coordinator").post("/goals", {**payload, **changes})) == fields
    assert Goal.objects.count() == count


def test_malformed_json_answers_400(demo, client):
    client.force_login(demo.users["coordinator"])
    response = client.post("/api/v1/bodies", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.parametrize(
    "path", ["/bodies?kind=senate", "/goals?year=soon", "/bodies?page=0", "/bodies/abc"]
)
def test_bad_query_or_path_answers_400_or_404_json(demo, call_as, path):
    response = call_as("reader").get(path)
    assert response.status_code in {400, 404}
    assert response.json()["message"]
    if path != "/bodies/abc":
        assert response.status_code == 400
        assert response.json()["errors"]


def test_unknown_api_url_answers_json_404(demo, client):
    response = client.get("/api/v1/no-such-things")
    assert response.status_code == 404
    assert set(response.json()) == {"message"}


def test_an_unexpected_error_is_json_too(demo, call_as, monkeypatch):
    from samverkan.api.endpoints import organisation

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(organisation.tenancy, "scoped", broken)
    response = call_as("reader").get("/bodies")
    assert response.status_code == 500
    assert set(response.json()) == {"message"}
    assert "a bug" not in response.json()["message"]
