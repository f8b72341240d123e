"""The cast × every endpoint, through sessions and tokens; and tenancy through the API."""

import pytest

from samverkan.organisation.models import Body, Goal

ANONYMOUS = None

# Bodies: (list, retrieve, create, update own committee, update other committee, delete)
BODY_EXPECTED = {
    "admin": (200, 200, 201, 200, 200, 204),
    "coordinator": (200, 200, 201, 200, 200, 204),
    "editor": (200, 200, 403, 200, 403, 403),
    "registrar": (200, 200, 403, 403, 403, 403),
    "reader": (200, 200, 403, 403, 403, 403),
    # Another municipality: Motala's records do not exist for them; new ones are Vadstena's.
    "vadstena-coordinator": (200, 404, 201, 404, 404, 404),
    ANONYMOUS: (401, 401, 401, 401, 401, 401),
}

# Goals: (list, retrieve, create, update, delete); goals belong to no committee.
GOAL_EXPECTED = {
    "admin": (200, 200, 201, 200, 204),
    "coordinator": (200, 200, 201, 200, 204),
    "editor": (200, 200, 403, 403, 403),
    "registrar": (200, 200, 403, 403, 403),
    "reader": (200, 200, 403, 403, 403),
    "vadstena-coordinator": (200, 404, 201, 404, 404),
    ANONYMOUS: (401, 401, 401, 401, 401),
}

VIAS = ["session", "token"]


@pytest.mark.parametrize("via", VIAS)
@pytest.mark.parametrize("username", list(BODY_EXPECTED), ids=lambda u: u or "anonymous")
def test_role_matrix_on_bodies(demo, call_as, body_payload, unused_committee, username, via):
    api = call_as(username, via=via)
    own, other = demo.own_committee, demo.other_committee
    count = Body.objects.count()
    codes = (
        api.get("/bodies").status_code,
        api.get(f"/bodies/{own.pk}").status_code,
        api.post("/bodies", {"kind": "committee", "name": "Tekniska nämnden"}).status_code,
        api.put(
            f"/bodies/{own.pk}", body_payload(own, description="Skolor och förskolor.")
        ).status_code,
        api.put(f"/bodies/{other.pk}", body_payload(other, description="Omsorg.")).status_code,
        api.delete(f"/bodies/{unused_committee.pk}").status_code,
    )
    assert codes == BODY_EXPECTED[username]
    # What was refused left no trace.
    created = codes[2] == 201
    deleted = codes[5] == 204
    assert Body.objects.count() == count + created - deleted
    own.refresh_from_db()
    assert (own.description == "Skolor och förskolor.") is (codes[3] == 200)
    if not deleted:
        other.refresh_from_db()
        assert (other.description == "Omsorg.") is (codes[4] == 200)


@pytest.mark.parametrize("via", VIAS)
@pytest.mark.parametrize("username", list(GOAL_EXPECTED), ids=lambda u: u or "anonymous")
def test_role_matrix_on_goals(demo, call_as, goal_payload, username, via):
    api = call_as(username, via=via)
    goal = demo.motala_goal
    count = Goal.objects.count()
    codes = (
        api.get("/goals").status_code,
        api.get(f"/goals/{goal.pk}").status_code,
        api.post(
            "/goals", {"level": "vision", "title": "Ny vision", "valid_from_year": 2027}
        ).status_code,
        api.put(f"/goals/{goal.pk}", goal_payload(goal, title="Ändrat mål")).status_code,
        api.delete(f"/goals/{goal.pk}").status_code,
    )
    assert codes == GOAL_EXPECTED[username]
    assert Goal.objects.count() == count + (codes[2] == 201) - (codes[4] == 204)
    if codes[4] != 204:
        goal.refresh_from_db()
        assert (goal.title == "Ändrat mål") is (codes[3] == 200)


def test_refusals_are_json_with_a_message(demo, call_as):
    response = call_as("reader").post("/bodies", {"kind": "committee", "name": "X"})
    assert response.status_code == 403
    assert set(response.json()) == {"message"}


def test_editor_may_not_rename_their_committee(demo, call_as, body_payload):
    body = demo.own_committee
    response = call_as("editor", via="token").put(
        f"/bodies/{body.pk}", body_payload(body, name="Omdöpt", description="Nytt")
    )
    assert response.status_code == 403
    assert response.json()["message"]
    body.refresh_from_db()
    assert (body.name, body.description) == ("Bildningsnämnden", "Demodata.")


def test_editor_updates_only_administration_and_description(demo, call_as, body_payload):
    body = demo.own_committee
    response = call_as("editor").put(
        f"/bodies/{body.pk}",
        body_payload(body, administration="Utbildningsförvaltningen", description="Skolor."),
    )
    assert response.status_code == 200
    assert response.json()["version"] == body.version + 1
    body.refresh_from_db()
    assert (body.administration, body.description) == ("Utbildningsförvaltningen", "Skolor.")


def test_signed_in_user_without_a_role_is_refused(demo, client, caller, django_user_model):
    client.force_login(django_user_model.objects.create_user("stranger"))
    assert caller(client).get("/bodies").status_code == 403
    assert caller(client).get(f"/bodies/{demo.own_committee.pk}").status_code == 404


# Tenancy ---------------------------------------------------------------------------


@pytest.mark.parametrize("via", VIAS)
def test_foreign_records_answer_404_like_missing_ones(demo, call_as, body_payload, via):
    api = call_as("vadstena-coordinator", via=via)
    body, goal = demo.own_committee, demo.motala_goal
    for path, foreign_id, payload in [
        ("/bodies", body.pk, body_payload(body, name="Kapad")),
        ("/goals", goal.pk, None),
    ]:
        missing_id = 999_999
        for method in ("get", "put", "delete"):
            if method == "put" and payload is None:
                payload = {
                    "level": "goal",
                    "title": "Kapat",
                    "valid_from_year": 2024,
                    "parent": goal.parent_id,
                    "version": goal.version,
                }
            args = (payload,) if method == "put" else ()
            foreign = getattr(api, method)(f"{path}/{foreign_id}", *args)
            missing = getattr(api, method)(f"{path}/{missing_id}", *args)
            assert foreign.status_code == missing.status_code == 404, (path, method)
            # Nothing tells a foreign record from a missing one.
            assert foreign.json() == missing.json()
    body.refresh_from_db()
    goal.refresh_from_db()
    assert (body.name, body.version) == ("Bildningsnämnden", 1)
    assert goal.title != "Kapat"


def test_lists_never_show_another_municipalitys_records(demo, call_as):
    api = call_as("vadstena-coordinator", via="token")
    motala_bodies = set(Body.objects.filter(municipality=demo.motala).values_list("pk", flat=True))
    motala_goals = set(Goal.objects.filter(municipality=demo.motala).values_list("pk", flat=True))
    bodies = api.get("/bodies", {"page_size": 100}).json()
    goals = api.get("/goals", {"page_size": 100}).json()
    assert bodies["count"] == Body.objects.filter(municipality=demo.vadstena).count()
    assert goals["count"] == Goal.objects.filter(municipality=demo.vadstena).count()
    assert not {b["id"] for b in bodies["items"]} & motala_bodies
    assert not {g["id"] for g in goals["items"]} & motala_goals
    # Not even by searching for a name that only Motala has.
    assert api.get("/bodies", {"q": "Social"}).json()["count"] == 0


def test_goal_parent_from_another_municipality_is_refused(demo, call_as):
    vadstena_area = Goal.objects.get(municipality=demo.vadstena, level=Goal.Level.AREA)
    response = call_as("coordinator").post(
        "/goals",
        {"level": "goal", "title": "Lånat", "valid_from_year": 2025, "parent": vadstena_area.pk},
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"parent"}
    assert not Goal.objects.filter(title="Lånat").exists()
