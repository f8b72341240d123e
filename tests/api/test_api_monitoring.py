"""/api/v1/watch-items and their influence actions: roles, tenancy, bad input, conflicts."""

import datetime

import pytest

from samverkan.monitoring.models import InfluenceAction, SubjectArea, WatchItem
from samverkan.registry.models import Contact, Partner


@pytest.fixture
def item(demo):
    area = SubjectArea.objects.create(municipality=demo.motala, name="API-området")
    return WatchItem.objects.create(
        municipality=demo.motala,
        title="API-bevakning",
        eu_reference="COM(2030) 1",
        subject_area=area,
        committee=demo.own_committee,
    )


@pytest.fixture
def other_item(demo):
    return WatchItem.objects.create(
        municipality=demo.motala, title="Socialnämndens", committee=demo.other_committee
    )


def _payload(demo, **changes):
    data = {
        "title": "Ny via API",
        "eu_reference": "COM(2031) 7",
        "kind": "consultation",
        "committee": demo.own_committee.pk,
        "status": "watching",
        "feedback_opens_on": "2031-01-01",
        "feedback_closes_on": "2031-02-01",
    }
    return {**data, **changes}


def test_list_filters_and_detail(call_as, demo, item, other_item):
    api = call_as("reader", via="token")
    listed = api.get("/watch-items", {"committee": demo.own_committee.pk})
    assert listed.status_code == 200
    assert [row["title"] for row in listed.json()["items"]] == ["API-bevakning"]
    assert api.get("/watch-items", {"q": "COM(2030)"}).json()["count"] == 1
    no_owner = api.get("/watch-items", {"no_owner": "true"}).json()["items"]
    assert all(not row["has_owner"] for row in no_owner) and no_owner
    detail = api.get(f"/watch-items/{item.pk}").json()
    assert detail["subject_area_name"] == "API-området" and detail["actions"] == []
    assert api.get("/watch-items", {"status": "bogus"}).status_code == 400
    assert api.get("/watch-items", {"sort": "-next_date"}).status_code == 200


def test_list_queries_do_not_grow(call_as, demo, item, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = call_as("coordinator")
    with CaptureQueriesContext(connection) as few:
        assert api.get("/watch-items").status_code == 200
    for i in range(6):
        WatchItem.objects.create(
            municipality=demo.motala,
            title=f"Fler {i}",
            committee=demo.own_committee,
            responsible_person=demo.users["editor"],
            subject_area=item.subject_area,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get("/watch-items").status_code == 200


def test_tenancy_and_anonymous(call_as, demo, item):
    assert call_as(None).get("/watch-items").status_code == 401
    other = call_as("vadstena-coordinator")
    assert other.get(f"/watch-items/{item.pk}").status_code == 404
    assert "API-bevakning" not in other.get("/watch-items").content.decode()


def test_editor_creates_own_and_is_refused_others(call_as, demo, other_item):
    api = call_as("editor")
    created = api.post("/watch-items", _payload(demo))
    assert created.status_code == 201, created.content
    assert created.json()["committee"] == demo.own_committee.pk
    refused = api.post("/watch-items", _payload(demo, committee=demo.other_committee.pk))
    assert refused.status_code == 403
    assert api.delete(f"/watch-items/{other_item.pk}").status_code == 403
    assert call_as("reader").post("/watch-items", _payload(demo)).status_code == 403


def test_bad_input_is_a_clear_400(call_as, demo):
    api = call_as("coordinator")
    bad_window = api.post("/watch-items", _payload(demo, feedback_opens_on="2031-03-01"))
    assert bad_window.status_code == 400
    assert bad_window.json()["errors"][0]["field"] == "feedback_closes_on"
    assert api.post("/watch-items", _payload(demo, kind="rumour")).status_code == 400
    assert api.post("/watch-items", _payload(demo, next_date="31/12/2031")).status_code == 400
    foreign = api.post("/watch-items", _payload(demo, committee=demo.vadstena_body.pk))
    assert foreign.status_code == 400
    assert not WatchItem.objects.filter(title="Ny via API").exists()


def test_update_conflict_and_delete(call_as, demo, item):
    api = call_as("coordinator")
    sent = _payload(demo, title="Ändrad", version=item.version)
    assert api.put(f"/watch-items/{item.pk}", sent).json()["title"] == "Ändrad"
    stale = api.put(f"/watch-items/{item.pk}", {**sent, "title": "Gammal"})
    assert stale.status_code == 409 and stale.json()["current"]["title"] == "Ändrad"
    assert api.delete(f"/watch-items/{item.pk}").status_code == 204
    assert api.get(f"/watch-items/{item.pk}").status_code == 404


def test_influence_actions_sub_resource(call_as, demo, item):
    office = Partner.objects.get(municipality=demo.motala, name="Östergötlands EU-kontor")
    contact = Contact.objects.create(municipality=demo.motala, partner=office, name="API Person")
    api = call_as("editor", via="token")
    base = f"/watch-items/{item.pk}/influence-actions"
    created = api.post(
        base,
        {"kind": "consultation_answer", "taken_on": "2030-06-01", "contact": contact.pk},
    )
    assert created.status_code == 201, created.content
    action = created.json()
    assert action["channel"] == office.pk and action["contact"] == contact.pk
    contact.refresh_from_db()
    assert contact.last_contact_on == datetime.date(2030, 6, 1)
    assert api.get(base).json()[0]["id"] == action["id"]
    assert len(api.get(f"/watch-items/{item.pk}").json()["actions"]) == 1
    # The reader sees the action but not which person it was.
    reader = call_as("reader").get(f"{base}/{action['id']}").json()
    assert reader["contact"] is None and reader["channel_name"] == office.name
    updated = call_as("editor").put(
        f"{base}/{action['id']}",
        {"kind": "meeting", "taken_on": "2030-07-01", "contact": contact.pk, "version": 1},
    )
    assert updated.status_code == 200 and updated.json()["kind"] == "meeting"
    contact.refresh_from_db()
    assert contact.last_contact_on == datetime.date(2030, 7, 1)
    stale = call_as("editor").put(
        f"{base}/{action['id']}", {"kind": "other", "taken_on": "2030-07-01", "version": 1}
    )
    assert stale.status_code == 409
    bad = call_as("editor").post(base, {"kind": "meeting", "taken_on": "not a date"})
    assert bad.status_code == 400
    assert (
        call_as("reader").post(base, {"kind": "meeting", "taken_on": "2030-01-01"}).status_code
        == 403
    )
    assert call_as("editor").delete(f"{base}/{action['id']}").status_code == 204
    assert not InfluenceAction.objects.filter(pk=action["id"]).exists()
    assert call_as("editor").get(f"{base}/{action['id']}").status_code == 404
