"""SQLite is set up for a real server: 16 concurrent writers through gunicorn, zero failures.

The test copies the run's prepared demo database (SQLite, whatever DATABASE_URL says)
into a temporary data folder of its own, starts `samverkan serve` as production runs it
(4 workers of 4 threads), and has 16 coordinators sign in and create goals at the same time,
through the same forms, CSRF tokens and cookies a browser uses.
"""

import os
import re
import sqlite3
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from serverutil import copy_data_folder, running_server, server_env, tail

WRITERS = 16
GOALS_PER_WRITER = 10
REQUEST_SECONDS = 30
RUN_SECONDS = 180
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def data_dir(tmp_path, sqlite_demo):
    """A copy of the demo database the run prepared once (`samverkan migrate` and
    `samverkan demo_data` in a data folder of its own: tests/conftest.py)."""
    return copy_data_folder(sqlite_demo, tmp_path / "data")


@pytest.fixture
def prepared_database(data_dir):
    return data_dir / "samverkan.sqlite3"


@pytest.fixture
def server(prepared_database, data_dir, tmp_path):
    """`samverkan serve` on a free loopback port, always the embedded SQLite database
    (whatever DATABASE_URL says); always stopped after the test."""
    log_path = tmp_path / "server.log"
    with running_server(server_env(data_dir), tmp_path, log_path, workers=4, threads=4) as url:
        yield url


class Client:
    """A browser-like client: a cookie jar, CSRF tokens from the forms, redirects followed."""

    def __init__(self, url):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path):
        with self.opener.open(self.url + path, timeout=REQUEST_SECONDS) as response:
            return response.status, response.url, response.read().decode()

    def csrf_token(self, path):
        status, _url, html = self.get(path)
        assert status == 200, f"GET {path}: {status}"
        return CSRF_INPUT.search(html).group(1)

    def post(self, path, fields):
        data = urllib.parse.urlencode(
            {**fields, "csrfmiddlewaretoken": self.csrf_token(path)}
        ).encode()
        with self.opener.open(self.url + path, data=data, timeout=REQUEST_SECONDS) as response:
            return response.status, urllib.parse.urlsplit(response.url).path


def write_goals(url, writer, area_id, password, start, failures, created):
    """Sign in as the coordinator and create goals; every failed request is one failure."""
    client = Client(url)
    try:
        status, landed = client.post(
            "/login/", {"username": "coordinator", "password": password, "next": ""}
        )
    except (OSError, AttributeError) as error:
        status, landed = error, None
    if (status, landed) != (200, "/"):
        failures.append(f"writer {writer}, login: {status!r} {landed}")
        start.abort()
        return
    try:
        start.wait()  # all signed in: now write at the same time
    except threading.BrokenBarrierError:
        failures.append(f"writer {writer}: another writer could not sign in")
        return
    for number in range(GOALS_PER_WRITER):
        code = f"W{writer}.{number}"
        fields = {
            "level": "goal",
            "parent": str(area_id),
            "code": code,
            "title": f"Concurrent goal {code}",
            "description": "",
            "valid_from_year": "2026",
            "valid_to_year": "",
            "opened_version": "",
        }
        try:
            status, landed = client.post("/goals/new/", fields)
        except (OSError, AttributeError) as error:  # HTTPError is an OSError
            failures.append(f"writer {writer}, goal {code}: {error!r}")
            continue
        if status == 200 and re.fullmatch(r"/goals/\d+/", landed):
            created.append(code)
        else:
            failures.append(f"writer {writer}, goal {code}: ended at {status} {landed}")


def test_sixteen_concurrent_writers_through_the_production_server(
    server, prepared_database, tmp_path
):
    database = sqlite3.connect(prepared_database, timeout=30)
    try:
        (area_id,) = database.execute(
            "SELECT goal.id FROM organisation_goal goal"
            " JOIN organisation_municipality municipality"
            " ON municipality.id = goal.municipality_id"
            " WHERE municipality.code = '0583' AND goal.level = 'area' ORDER BY goal.code LIMIT 1"
        ).fetchone()
        (before,) = database.execute("SELECT count(*) FROM organisation_goal").fetchone()
    finally:
        database.close()

    failures, created = [], []
    password = os.environ["SAMVERKAN_DEMO_PASSWORD"]
    start = threading.Barrier(WRITERS, timeout=RUN_SECONDS)
    threads = [
        threading.Thread(
            target=write_goals,
            args=(server, writer, area_id, password, start, failures, created),
            daemon=True,
        )
        for writer in range(WRITERS)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1, RUN_SECONDS - (time.monotonic() - started)))
    assert not any(thread.is_alive() for thread in threads), "writers still running after 3 min"

    log = tail(tmp_path / "server.log", 2000)
    assert failures == [], f"{len(failures)} failed requests: {failures[:5]}\n{log}"
    assert len(created) == WRITERS * GOALS_PER_WRITER

    database = sqlite3.connect(prepared_database, timeout=30)
    try:
        (after,) = database.execute("SELECT count(*) FROM organisation_goal").fetchone()
        codes = {code for (code,) in database.execute("SELECT code FROM organisation_goal")}
        (journal_mode,) = database.execute("PRAGMA journal_mode").fetchone()
    finally:
        database.close()
    assert after - before == WRITERS * GOALS_PER_WRITER == 160
    assert set(created) <= codes
    assert journal_mode == "wal"
