"""Shared fixtures: the demo municipalities and a fixed cast of users, one per role.

Cast (Motala unless said): admin, coordinator, editor (committee editor of
Bildningsnämnden), registrar, reader, vadstena-coordinator (another municipality),
and anonymous.
"""

import os
from types import SimpleNamespace

import pytest

os.environ.setdefault("SAMVERKAN_DEMO_PASSWORD", "demo-Passw0rd-for-tests")
DEMO_PASSWORD = os.environ["SAMVERKAN_DEMO_PASSWORD"]


def pytest_sessionfinish(session, exitstatus):
    """With CI=true a skipped test fails the run: nothing hides."""
    if os.environ.get("CI", "").lower() != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI=true: {len(skipped)} skipped test(s) count as failures.", red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _empty_cache():
    # What one test cached (a municipality's sections, a rate limit) must not reach the next,
    # whose database the rollback has put back.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs a quarter second a user; tests need no protection from brute force.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # the session's demo users
    ]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo is made once per session; each test runs in a transaction rolled back after it.

    (Tests with a live server flush the database: pytest-django runs them last, and they
    make their own demo data.)
    """
    from samverkan.demo import create_full_demo

    with django_db_blocker.unblock():
        create_full_demo()


@pytest.fixture
def demo(db):
    """Motala and Vadstena as `samverkan demo_data` makes them, with the cast of users."""
    from django.contrib.auth import get_user_model

    from samverkan.organisation.models import Body, Goal, Municipality

    users = {u.username: u for u in get_user_model().objects.all()}
    motala = Municipality.objects.get(code="0583")
    vadstena = Municipality.objects.get(code="0584")
    return SimpleNamespace(
        motala=motala,
        vadstena=vadstena,
        users=users,
        password=DEMO_PASSWORD,
        own_committee=Body.objects.get(municipality=motala, name="Bildningsnämnden"),
        other_committee=Body.objects.get(municipality=motala, name="Socialnämnden"),
        council=Body.objects.get(municipality=motala, kind=Body.Kind.COUNCIL),
        board=Body.objects.get(municipality=motala, kind=Body.Kind.EXECUTIVE_BOARD),
        vadstena_body=Body.objects.filter(municipality=vadstena).first(),
        motala_goal=Goal.objects.filter(municipality=motala, level=Goal.Level.GOAL).first(),
        vadstena_goal=Goal.objects.filter(municipality=vadstena).first(),
    )


@pytest.fixture
def unused_committee(demo):
    """A committee of Motala that no record refers to, for tests that delete a committee.

    The demo's committees all have activities, trainings or resources, which protect them
    from deletion (the pages and the API answer "still in use").
    """
    from samverkan.organisation.models import Body

    return Body.objects.create(
        municipality=demo.motala,
        kind=Body.Kind.COMMITTEE,
        name="Tillfälliga nämnden",
        abbreviation="TN",
        administration="Kommunledningsförvaltningen",
    )


# Calling the API ------------------------------------------------------------------------

API_BASE = "/api/v1"


class Caller:
    """The test client aimed at /api/v1, with JSON bodies and an optional bearer token."""

    def __init__(self, client, token=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, params=None):
        return self.client.get(API_BASE + path, params or {}, headers=self.headers)

    def post(self, path, data):
        return self.client.post(
            API_BASE + path, data, content_type="application/json", headers=self.headers
        )

    def put(self, path, data):
        return self.client.put(
            API_BASE + path, data, content_type="application/json", headers=self.headers
        )

    def delete(self, path):
        return self.client.delete(API_BASE + path, headers=self.headers)


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
            from samverkan.api.actions import create_token

            _token, raw = create_token(user, name="tests")
            return Caller(client, token=raw)
        client.force_login(user)
        return Caller(client)

    return make
