"""Calling the API as one of the cast, through a session or a real bearer token."""

import pytest

from samverkan.api.actions import create_token

BASE = "/api/v1"


class Caller:
    """The test client aimed at /api/v1, with JSON bodies and an optional bearer token."""

    def __init__(self, client, token=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, params=None):
        return self.client.get(BASE + path, params or {}, headers=self.headers)

    def post(self, path, data):
        return self.client.post(
            BASE + path, data, content_type="application/json", headers=self.headers
        )

    def put(self, path, data):
        return self.client.put(
            BASE + path, data, content_type="application/json", headers=self.headers
        )

    def delete(self, path):
        return self.client.delete(BASE + path, headers=self.headers)


@pytest.fixture
def caller():
    """caller(client, token=None): the client aimed at the API, with the token if given."""
    return Caller


@pytest.fixture
def call_as(client, demo):
    """call_as("coordinator") signs in through the session; via="token" uses a new token.

    call_as(None) is anonymous.
    """

    def make(username, via="session"):
        if username is None:
            return Caller(client)
        user = demo.users[username]
        if via == "token":
            _token, raw = create_token(user, name="tests")
            return Caller(client, token=raw)
        client.force_login(user)
        return Caller(client)

    return make


@pytest.fixture
def body_payload():
    """body_payload(body, **changes): a body as PUT expects it, with the version read."""
    return _body_payload


@pytest.fixture
def goal_payload():
    """goal_payload(goal, **changes): a goal as PUT expects it, with the version read."""
    return _goal_payload


def _body_payload(body, **changes):
    data = {
        "kind": body.kind,
        "name": body.name,
        "abbreviation": body.abbreviation,
        "administration": body.administration,
        "description": body.description,
        "version": body.version,
    }
    return {**data, **changes}


def _goal_payload(goal, **changes):
    data = {
        "parent": goal.parent_id,
        "level": goal.level,
        "code": goal.code,
        "title": goal.title,
        "description": goal.description,
        "valid_from_year": goal.valid_from_year,
        "valid_to_year": goal.valid_to_year,
        "version": goal.version,
    }
    return {**data, **changes}
