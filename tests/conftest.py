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
    """With CI=true a skipped test fails the run: nothing hides.

    Under pytest-xdist the workers report each test to this process, whose count is the
    run's. This process also drops the run's PostgreSQL template database (testdb.py).
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        _drop_template(session)
    if os.environ.get("CI", "").lower() != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI=true: {len(skipped)} skipped test(s) count as failures.", red=True)
        session.exitstatus = 1


def _uses_db(item):
    return item.get_closest_marker("django_db") is not None or "django_db_setup" in getattr(
        item, "fixturenames", ()
    )


def _uses_sqlite_demo(item):
    return "sqlite_demo" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests without a database first, then pytest-django's order (transactions rolled
    back, then those that commit and flush), and the servers on a prepared demo last.

    Meanwhile the run's databases are built in the background (_prepare_test_database),
    so no worker waits idle for them."""
    first = [item for item in items if not _uses_db(item) and not _uses_sqlite_demo(item)]
    last = [item for item in items if not _uses_db(item) and _uses_sqlite_demo(item)]
    items[:] = first + [item for item in items if _uses_db(item)] + last


@pytest.fixture(scope="session", autouse=True)
def _prepare_test_database(request, tmp_path_factory):
    """Start building the run's test database (testdb.py) at once, in a thread of this
    process; django_db_setup waits for it (a file lock) when the first test needs it."""
    database = any(_uses_db(item) for item in request.session.items)
    sqlite_demo = any(_uses_sqlite_demo(item) for item in request.session.items)
    if not (database or sqlite_demo):
        return
    import threading

    import testdb

    # Made here, before the thread: pytest creates the base folder on first use, and two
    # threads doing so at once fail with FileExistsError (every test of the worker errors).
    tmp_path_factory.getbasetemp()
    threading.Thread(
        target=testdb.prepare, args=(tmp_path_factory, database, sqlite_demo), daemon=True
    ).start()


@pytest.fixture(scope="session")
def sqlite_demo(tmp_path_factory):
    """The data folder of the run's demo database on SQLite (`samverkan migrate` and
    `samverkan demo_data`, once per run: serverutil); copy it, never change it."""
    from serverutil import sqlite_demo_folder

    return sqlite_demo_folder(tmp_path_factory)


def _drop_template(session):
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None or factory._basetemp is None:
        return  # no test asked for a temporary folder: no database was prepared
    from django.db import connection

    if connection.vendor == "postgresql":
        import testdb

        testdb.postgresql_drop_template(factory.getbasetemp())


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


@pytest.fixture(scope="session", autouse=True)
def _worker_data_dir(tmp_path_factory):
    """Each test process (each pytest-xdist worker) has a data folder of its own.

    Uploads, import files, job files and locks live in the data folder and are named by
    database ids, which every worker's test database repeats; a shared folder would let
    one worker's test see (or lock) another's files.
    """
    from django.test.utils import override_settings

    data_dir = tmp_path_factory.mktemp("data")
    (data_dir / "media").mkdir()
    previous = os.environ.get("SAMVERKAN_DATA_DIR")
    os.environ["SAMVERKAN_DATA_DIR"] = str(data_dir)  # for the commands tests start
    try:
        with override_settings(DATA_DIR=data_dir, MEDIA_ROOT=data_dir / "media"):
            yield data_dir
    finally:
        if previous is None:
            os.environ.pop("SAMVERKAN_DATA_DIR", None)
        else:
            os.environ["SAMVERKAN_DATA_DIR"] = previous


@pytest.fixture(scope="session")
def django_db_setup(
    django_test_environment,
    django_db_blocker,
    django_db_modify_db_settings,  # pytest-django's: the worker's suffix, test_<name>_gw0
    _worker_data_dir,
    tmp_path_factory,
):
    """The test database: the demo as `samverkan migrate` and `samverkan demo_data` make it,
    built once per run and copied for each test process; each test runs in a transaction
    rolled back after it.

    Migrating takes a minute (Django re-renders the models' state for each of ~90
    migrations), so one worker builds the database (a SQLite file, or a PostgreSQL
    template database) and every worker copies it: into its in-memory SQLite database
    with SQLite's backup, or as a new PostgreSQL database from the template.
    (Tests with a live server flush the database: pytest-django runs them last, and they
    make their own demo data.)
    """
    import testdb
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            data = testdb.sqlite_copy(tmp_path_factory)
        else:
            data = testdb.postgresql_copy(tmp_path_factory)
        testdb.copy_media(data, _worker_data_dir / "media")
    yield
    if connection.vendor != "sqlite":
        with django_db_blocker.unblock():
            testdb.postgresql_drop_copy()


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
