"""The anonymous read API: documented, rate-limited per address, and 304 for a repeat."""

import pytest

pytestmark = pytest.mark.django_db

API = "/api/v1/public"


def test_the_openapi_document_lists_the_public_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/public/municipalities",
        "/api/v1/public/{code}",
        "/api/v1/public/{code}/activities",
        "/api/v1/public/{code}/activities/{activity_id}",
        "/api/v1/public/{code}/twin-towns",
        "/api/v1/public/{code}/memberships",
        "/api/v1/public/{code}/agreements",
        "/api/v1/public/{code}/policies",
        "/api/v1/public/{code}/countries",
        "/api/v1/public/{code}/reports",
        "/api/v1/public/{code}/compliance",
    ):
        assert set(paths[path]) == {"get"}, path
        operation = paths[path]["get"]
        assert not operation.get("security"), f"{path} needs no sign-in"
        assert {"200", "304", "429"} <= set(operation["responses"]), path


def test_anonymous_callers_read_what_the_municipality_publishes(client, demo):
    municipalities = client.get(f"{API}/municipalities").json()
    assert [m["code"] for m in municipalities] == ["0583", "0584"]
    motala = client.get(f"{API}/0583").json()
    assert "activities" in motala["registers"] and "policies" not in motala["registers"]
    assert client.get(f"{API}/0583/twin-towns").status_code == 200
    assert client.get(f"{API}/0583/policies").status_code == 404


def test_a_repeated_call_answers_304(client, demo):
    first = client.get(f"{API}/0583/activities")
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get(f"{API}/0583/activities", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""
    assert client.get(f"{API}/0583/activities", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # A change anywhere in the register gives a new answer.
    from samverkan.activities import actions
    from samverkan.activities.models import Activity
    from samverkan.lib.actions import SYSTEM

    activity = Activity.objects.filter(municipality=demo.motala, is_public=True).first()
    actions.update_activity(
        activity, {"title": "Nytt namn på aktiviteten"}, expected_version=None, acting_user=SYSTEM
    )
    changed = client.get(f"{API}/0583/activities", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_too_many_calls_from_one_address_answer_429_with_retry_after(client, demo, settings):
    settings.SAMVERKAN_PUBLIC_API_RATE = "3/min"
    for _ in range(3):
        assert client.get(f"{API}/0583/twin-towns").status_code == 200
    refused = client.get(f"{API}/0583/twin-towns")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["message"]
    # Another address is counted apart.
    assert client.get(f"{API}/0583/twin-towns", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_signed_in_callers_see_the_same_public_answer(client, demo):
    anonymous = client.get(f"{API}/0583/activities").json()
    client.force_login(demo.users["coordinator"])
    assert client.get(f"{API}/0583/activities").json() == anonymous
