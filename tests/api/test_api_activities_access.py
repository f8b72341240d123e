"""Who may do what with activities, trainings and resources through the API.

Roles as on the pages: every member reads; administrators and coordinators keep every
record; a committee editor keeps their own committee's records only; another
municipality's records do not exist for the caller; anonymous callers get nothing.
"""

import datetime
from decimal import Decimal

import pytest

from samverkan.activities.actions import set_activity_countries
from samverkan.activities.models import Activity, FundingLine, Milestone, Resource, Training
from samverkan.api.endpoints.activities_schemas import ActivityUpdate
from samverkan.api.endpoints.resources import ResourceUpdate
from samverkan.api.endpoints.trainings import TrainingUpdate
from samverkan.lib.actions import SYSTEM

D = datetime.date
ANONYMOUS = None
VIAS = ["session", "token"]
UPDATES = {"activities": ActivityUpdate, "trainings": TrainingUpdate, "resources": ResourceUpdate}
CHANGED_FIELD = {"activities": "description", "trainings": "description", "resources": "note"}
OWNER_FIELD = {"activities": "committee", "trainings": "committee", "resources": "body"}


def payload_from(resource, record_json, **changes):
    fields = UPDATES[resource].model_fields
    return {**{name: record_json[name] for name in fields}, **changes}


def _targets(demo, committee=None):
    """A fresh record of each resource, belonging to the editor's committee by default."""
    committee = committee or demo.own_committee
    activity = Activity.objects.create(
        municipality=demo.motala,
        title="Nämndens resa",
        committee=committee,
        start_date=D(2031, 4, 1),
        is_public=False,
    )
    set_activity_countries(activity, ["FI"], acting_user=SYSTEM)
    return {
        "activities": activity,
        "trainings": Training.objects.create(
            municipality=demo.motala,
            title="Nämndens kurs",
            committee=committee,
            held_on=D(2031, 4, 1),
            hours=Decimal("2"),
        ),
        "resources": Resource.objects.create(
            municipality=demo.motala, body=committee, year=2031, budget_sek=Decimal("1000")
        ),
    }


def _new(resource, committee):
    return {
        "activities": {"title": "Ny resa", "committee": committee.pk, "start_date": "2031-05-01"},
        "trainings": {
            "title": "Ny kurs",
            "committee": committee.pk,
            "held_on": "2031-05-01",
            "hours": "1.5",
        },
        "resources": {"body": committee.pk, "year": 2032, "budget_sek": "5000"},
    }[resource]


FULL = (200, 200, 201, 200, 204)
READ_ONLY = (200, 200, 403, 403, 403)
SIGNED_OUT = (401, 401, 401, 401, 401)
# Another municipality: Motala's records do not exist for them, and Motala's committee in
# a new record is "not a valid choice".
FOREIGN = (200, 404, 400, 404, 404)

# (list, retrieve, create, update, delete), the same for the three resources.
EXPECTED = {
    "admin": FULL,
    "coordinator": FULL,
    # Their own committee's records: they add, change and delete them.
    "editor": FULL,
    "registrar": READ_ONLY,
    "reader": READ_ONLY,
    "vadstena-coordinator": FOREIGN,
    ANONYMOUS: SIGNED_OUT,
}

CASES = [(resource, username, via) for resource in UPDATES for username in EXPECTED for via in VIAS]


@pytest.mark.parametrize(
    ("resource", "username", "via"),
    CASES,
    ids=[f"{r}-{u or 'anonymous'}-{v}" for r, u, v in CASES],
)
def test_role_matrix(demo, call_as, resource, username, via):
    record = _targets(demo)[resource]
    model = type(record)
    field = CHANGED_FIELD[resource]
    # Read as an administrator through a token, so the client stays signed out.
    read = call_as("admin", via="token").get(f"/{resource}/{record.pk}").json()
    update = payload_from(resource, read, **{field: "Ändrat"})
    count = model.objects.count()

    api = call_as(username, via=via)
    codes = (
        api.get(f"/{resource}").status_code,
        api.get(f"/{resource}/{record.pk}").status_code,
        api.post(f"/{resource}", _new(resource, demo.own_committee)).status_code,
        api.put(f"/{resource}/{record.pk}", update).status_code,
        api.delete(f"/{resource}/{record.pk}").status_code,
    )
    assert codes == EXPECTED[username]
    # What was refused left no trace.
    assert model.objects.count() == count + (codes[2] == 201) - (codes[4] == 204)
    if codes[4] != 204:
        record.refresh_from_db()
        assert (getattr(record, field) == "Ändrat") is (codes[3] == 200)


@pytest.mark.parametrize("resource", list(UPDATES))
def test_editor_keeps_only_their_own_committees_records(demo, call_as, resource):
    other = _targets(demo, committee=demo.other_committee)[resource]
    read = call_as("admin", via="token").get(f"/{resource}/{other.pk}").json()
    api = call_as("editor")
    count = type(other).objects.count()
    assert api.get(f"/{resource}/{other.pk}").status_code == 200  # reading is for all
    assert api.post(f"/{resource}", _new(resource, demo.other_committee)).status_code == 403
    changed = api.put(f"/{resource}/{other.pk}", payload_from(resource, read, version=1))
    assert changed.status_code == 403
    assert api.delete(f"/{resource}/{other.pk}").status_code == 403
    assert type(other).objects.count() == count


@pytest.mark.parametrize("resource", list(UPDATES))
def test_editor_may_not_move_a_record_to_another_committee(demo, call_as, resource):
    record = _targets(demo)[resource]
    field = OWNER_FIELD[resource]
    api = call_as("editor")
    read = api.get(f"/{resource}/{record.pk}").json()
    response = api.put(
        f"/{resource}/{record.pk}",
        payload_from(resource, read, **{field: demo.other_committee.pk}),
    )
    assert response.status_code == 403
    assert set(response.json()) == {"message"}
    record.refresh_from_db()
    assert (getattr(record, f"{field}_id"), record.version) == (demo.own_committee.pk, 1)


def test_editor_adds_funding_and_milestones_to_their_own_activities_only(demo, call_as):
    own = _targets(demo)["activities"]
    other = _targets(demo, committee=demo.other_committee)["activities"]
    api = call_as("editor")
    line = {"source": "own", "amount": "100"}
    milestone = {"title": "Klart"}
    assert api.post(f"/activities/{own.pk}/funding-lines", line).status_code == 201
    assert api.post(f"/activities/{own.pk}/milestones", milestone).status_code == 201
    assert api.post(f"/activities/{other.pk}/funding-lines", line).status_code == 403
    assert api.post(f"/activities/{other.pk}/milestones", milestone).status_code == 403
    reader = call_as("reader")
    assert reader.post(f"/activities/{own.pk}/funding-lines", line).status_code == 403
    assert FundingLine.objects.filter(activity__in=[own, other]).count() == 1
    assert Milestone.objects.filter(activity__in=[own, other]).count() == 1


# Tenancy ------------------------------------------------------------------------------------


@pytest.mark.parametrize("via", VIAS)
def test_vadstenas_token_gets_404_on_motalas_ids(demo, call_as, via):
    targets = _targets(demo)
    reads = {
        resource: call_as("admin", via="token").get(f"/{resource}/{record.pk}").json()
        for resource, record in targets.items()
    }
    api = call_as("vadstena-coordinator", via=via)
    for resource, record in targets.items():
        payload = payload_from(resource, reads[resource], **{CHANGED_FIELD[resource]: "Kapat"})
        for method, args in (("get", ()), ("put", (payload,)), ("delete", ())):
            foreign = getattr(api, method)(f"/{resource}/{record.pk}", *args)
            missing = getattr(api, method)(f"/{resource}/999999", *args)
            assert foreign.status_code == missing.status_code == 404, (resource, method)
            assert foreign.json() == missing.json()
        record.refresh_from_db()
        assert record.version == 1
    activity = targets["activities"]
    for sub in ("funding-lines", "milestones"):
        body = {"source": "own", "amount": "1"} if sub == "funding-lines" else {"title": "X"}
        assert api.post(f"/activities/{activity.pk}/{sub}", body).status_code == 404
    assert not activity.funding_lines.exists() and not activity.milestones.exists()


def test_lists_and_totals_never_count_another_municipalitys_records(demo, call_as):
    _targets(demo)
    api = call_as("vadstena-coordinator", via="token")
    own_activities = Activity.objects.filter(municipality=demo.vadstena)
    listed = api.get("/activities", {"page_size": 100, "year": 2031}).json()
    assert listed["count"] == own_activities.filter(start_date__year=2031).count()
    assert "Nämndens resa" not in str(listed)
    totals = api.get("/activities/totals", {"q": "Nämndens resa"}).json()
    assert totals["count"] == 0
    for resource, model in (("trainings", Training), ("resources", Resource)):
        own = set(model.objects.filter(municipality=demo.vadstena).values_list("pk", flat=True))
        items = api.get(f"/{resource}", {"page_size": 100}).json()["items"]
        assert {item["id"] for item in items} == own


# Anonymous callers and strangers ---------------------------------------------------------------


def test_anonymous_callers_get_nothing(demo, client, caller):
    targets = _targets(demo)
    activity = targets["activities"]
    api = caller(client)
    responses = [
        api.get("/activities"),
        api.get("/activities/totals"),
        api.get(f"/activities/{activity.pk}"),
        api.post(f"/activities/{activity.pk}/funding-lines", {"source": "own", "amount": "1"}),
        api.get("/trainings"),
        api.get(f"/trainings/{targets['trainings'].pk}"),
        api.get("/resources"),
        api.get(f"/resources/{targets['resources'].pk}"),
    ]
    for response in responses:
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert set(response.json()) == {"message"}
        # Not even the title of an internal activity.
        assert "Nämndens" not in response.content.decode()


def test_internal_activities_are_shown_to_members(demo, call_as):
    activity = _targets(demo)["activities"]
    assert activity.is_public is False
    for username in ("reader", "registrar", "editor"):
        data = call_as(username).get(f"/activities/{activity.pk}").json()
        assert (data["title"], data["is_public"]) == ("Nämndens resa", False)


def test_signed_in_user_without_a_role_is_refused(demo, client, caller, django_user_model):
    client.force_login(django_user_model.objects.create_user("stranger"))
    api = caller(client)
    for resource, record in _targets(demo).items():
        assert api.get(f"/{resource}").status_code == 403
        assert api.get(f"/{resource}/{record.pk}").status_code == 404
        assert api.post(f"/{resource}", _new(resource, demo.own_committee)).status_code == 403
    assert api.get("/activities/totals").status_code == 403
