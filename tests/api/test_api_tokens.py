"""Bearer tokens: made and revoked by commands, stored hashed, refused when wrong or revoked."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from samverkan.api.actions import create_token, revoke_token
from samverkan.api.models import ApiToken
from samverkan.organisation.models import Body


def test_token_is_stored_only_as_a_hash(demo):
    token, raw = create_token(demo.users["coordinator"], name="export script")
    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(token.prefix)
    assert len(raw) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in {str(value) for value in stored.values()}
    assert (token.name, token.user, token.revoked_at) == (
        "export script",
        demo.users["coordinator"],
        None,
    )


def test_create_token_command_prints_the_token_once(demo, client, caller):
    out, err = StringIO(), StringIO()
    call_command("create_token", "coordinator", "--name", "nightly", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(name="nightly")
    assert token.user == demo.users["coordinator"]
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix in err.getvalue() and raw not in err.getvalue()
    assert caller(client, token=raw).get("/bodies").status_code == 200


def test_create_token_for_unknown_user_is_a_clear_error(demo):
    with pytest.raises(CommandError, match="nobody"):
        call_command("create_token", "nobody", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("by", ["prefix", "id"])
def test_revoked_token_is_refused(demo, client, caller, by):
    token, raw = create_token(demo.users["coordinator"])
    script = caller(client, token=raw)
    assert script.get("/bodies").status_code == 200
    call_command(
        "revoke_token", token.prefix if by == "prefix" else str(token.pk), stdout=StringIO()
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = script.get("/bodies")
    assert response.status_code == 401
    assert response.json()["message"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_revoke_unknown_token_is_a_clear_error(demo):
    with pytest.raises(CommandError, match="svk_nothing"):
        call_command("revoke_token", "svk_nothing", stdout=StringIO())


def test_revoking_twice_is_harmless(demo):
    token, _raw = create_token(demo.users["reader"])
    assert revoke_token(token) is True
    assert revoke_token(token) is False


@pytest.mark.parametrize(
    "header",
    ["Bearer svk_wrong", "Bearer not-even-ours", "Bearer "],
    ids=["wrong", "foreign-format", "empty"],
)
def test_wrong_token_answers_401_json(demo, client, header):
    response = client.get("/api/v1/bodies", headers={"Authorization": header})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert set(response.json()) == {"message"}


def test_wrong_token_is_refused_even_with_a_signed_in_session(demo, client):
    client.force_login(demo.users["admin"])
    response = client.get("/api/v1/bodies", headers={"Authorization": "Bearer svk_wrong"})
    assert response.status_code == 401


def test_token_of_an_inactive_user_is_refused(demo, client, caller):
    user = demo.users["coordinator"]
    _token, raw = create_token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert caller(client, token=raw).get("/bodies").status_code == 401


@pytest.mark.parametrize("path", ["/bodies", "/goals", "/bodies/1", "/goals/1"])
def test_anonymous_gets_401_on_records(demo, client, caller, path):
    response = caller(client).get(path)
    assert response.status_code == 401
    assert response.json()["message"]


def test_token_works_in_the_users_municipality(demo, client, caller):
    """After the token, request.municipality is set as the middleware sets it for a session."""
    _token, raw = create_token(demo.users["vadstena-coordinator"])
    names = {b["name"] for b in caller(client, token=raw).get("/bodies").json()["items"]}
    assert names == set(
        Body.objects.filter(municipality=demo.vadstena).values_list("name", flat=True)
    )


def test_token_records_last_use_and_the_author_of_changes(demo, client, caller):
    token, raw = create_token(demo.users["coordinator"])
    response = caller(client, token=raw).post("/bodies", {"kind": "committee", "name": "Ny nämnd"})
    assert response.status_code == 201
    token.refresh_from_db()
    assert token.last_used_at is not None
    body = Body.objects.get(pk=response.json()["id"])
    assert body.municipality == demo.motala
    assert body.history.first().history_user == demo.users["coordinator"]


def test_session_writes_need_csrf_but_token_writes_do_not(demo, caller):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(demo.users["coordinator"])
    refused = caller(browser).post("/bodies", {"kind": "committee", "name": "Utan CSRF"})
    assert refused.status_code == 403
    assert refused.json()["message"]
    assert caller(browser).get("/bodies").status_code == 200

    _token, raw = create_token(demo.users["coordinator"])
    script = caller(Client(enforce_csrf_checks=True), token=raw)
    assert script.post("/bodies", {"kind": "committee", "name": "Med token"}).status_code == 201
    assert not Body.objects.filter(name="Utan CSRF").exists()
