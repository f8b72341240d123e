"""/api/v1/programmes and /api/v1/calls: same rules as the pages, JSON errors, never a 500."""

import pytest

from samverkan.funding.models import Call, CallMark, Programme

NEW = {
    "code": "test-fund",
    "name": "Test fund",
    "owner": "Test owner",
    "level": "regional",
    "period_start_year": 2024,
    "period_end_year": 2027,
    "subject_areas": ["culture", "youth"],
    "url": "https://example.org/fund",
    "portal_codes": ["test"],
}


def test_programmes_list_filters_and_detail(call_as, demo):
    api = call_as("reader")
    answer = api.get("/programmes", {"page": 1})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 25
    nordic = api.get("/programmes", {"level": "nordic"}).json()["items"]
    assert {p["code"] for p in nordic} == {"nordplus", "nordic-council-of-ministers"}
    energy = api.get("/programmes", {"area": "energy"}).json()["items"]
    assert {p["code"] for p in energy} == {"life", "swedish-energy-agency"}
    erasmus = Programme.objects.get(municipality=demo.motala, code="erasmus-plus")
    one = api.get(f"/programmes/{erasmus.pk}").json()
    assert one["portal_codes"] == ["ERASMUS"] and one["level"] == "eu"
    assert api.get("/programmes", {"level": "galactic"}).status_code == 400


def test_programme_create_update_delete_for_coordinators_only(call_as, demo):
    assert call_as(None).get("/programmes").status_code == 401
    assert call_as("reader").post("/programmes", NEW).status_code == 403
    api = call_as("coordinator", via="token")
    created = api.post("/programmes", NEW)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["subject_areas"] == ["culture", "youth"] and body["portal_codes"] == ["TEST"]
    again = api.post("/programmes", NEW)
    assert again.status_code == 400
    assert again.json()["errors"][0]["field"] == "code"
    bad = api.post("/programmes", {**NEW, "code": "x2", "period_end_year": 2000})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "period_end_year"
    changed = api.put(f"/programmes/{body['id']}", {**NEW, "name": "Renamed", "version": 1})
    assert changed.status_code == 200 and changed.json()["name"] == "Renamed"
    stale = api.put(f"/programmes/{body['id']}", {**NEW, "name": "Stale", "version": 1})
    assert stale.status_code == 409 and stale.json()["current"]["name"] == "Renamed"
    assert api.delete(f"/programmes/{body['id']}").status_code == 204
    assert not Programme.objects.filter(pk=body["id"]).exists()
    other = call_as("vadstena-coordinator")
    erasmus = Programme.objects.get(municipality=demo.motala, code="erasmus-plus")
    assert other.get(f"/programmes/{erasmus.pk}").status_code == 404
    assert other.delete(f"/programmes/{erasmus.pk}").status_code == 404


def test_calls_list_detail_and_filters(call_as, demo):
    api = call_as("reader")
    body = api.get("/calls").json()
    # Each call once: the sample's 31 records hold 27 calls (one has four references).
    assert body["count"] == 27
    assert len({c["identifier"] for c in body["items"]}) == len(body["items"])
    # Open calls first, by relevance within the open and the closed ones.
    statuses = [c["status"] for c in body["items"]]
    assert statuses == sorted(statuses, key=lambda status: status == "closed")
    closed = [c["relevance"] for c in body["items"] if c["status"] == "closed"]
    assert closed == sorted(closed, reverse=True)
    first = next(c for c in body["items"] if c["why"])
    assert first["status"] in {"open", "closed", "forthcoming", "unknown"}
    followed = api.get("/calls", {"mark": "followed"}).json()
    assert followed["count"] == 2 and all(c["followed"] for c in followed["items"])
    call = Call.objects.get(municipality=demo.motala, reference="15381COMPETITIVE_CALLen")
    one = api.get(f"/calls/{call.pk}").json()
    assert one["identifier"] == "CREA-CULT-2025-COOP-UA-2"
    assert one["deadlines"] == ["2026-10-06T13:00:00Z"]
    assert one["programme_name"] == "Creative Europe"
    assert api.get("/calls", {"window": 5}).status_code == 400
    assert call_as("vadstena-coordinator").get(f"/calls/{call.pk}").status_code == 404


@pytest.mark.parametrize(
    "username,status", [("coordinator", 200), ("admin", 200), ("reader", 403), ("editor", 403)]
)
def test_call_mark_permissions(call_as, demo, username, status):
    call = Call.objects.filter(municipality=demo.motala, mark__isnull=True).first()
    answer = call_as(username).post(f"/calls/{call.pk}/mark", {"action": "follow"})
    assert answer.status_code == status
    assert CallMark.objects.filter(call=call).exists() == (status == 200)
    if status == 200:
        assert answer.json()["followed"] is True
        dismissed = call_as(username).post(f"/calls/{call.pk}/mark", {"action": "dismiss"})
        assert dismissed.json()["dismissed"] is True
        assert call.pk not in {c["id"] for c in call_as(username).get("/calls").json()["items"]}
        bad = call_as(username).post(f"/calls/{call.pk}/mark", {"action": "love"})
        assert bad.status_code == 400 and "message" in bad.json()
