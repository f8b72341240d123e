"""A read-only or full data folder: reads go on, changes answer 503 with a message.

The server test prepares a migrated demo database, makes its data folder read-only
(chmod) and starts `samverkan serve` on it. Run as root, chmod stops no writes, so the
test then also sets SAMVERKAN_READ_ONLY=true, which the settings honour exactly as they
honour a folder they cannot write: SQLite is opened read-only (mode=ro), and every
write is really refused by SQLite. The unit tests simulate a full disk by refusing
the write itself (OperationalError "database or disk is full", OSError ENOSPC).
"""

import errno
import hashlib
import os
import re
import sqlite3
import stat
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation
from django.utils.html import escape
from serverutil import copy_data_folder, running_server, server_env, tail

from samverkan.applications.models import Application, ApplicationAttachment
from samverkan.lib import readonly
from samverkan.lib.uploads import AtomicFileSystemStorage
from samverkan.organisation.models import Goal
from samverkan.registry.demo import minimal_pdf

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def expected_message(language="sv"):
    with translation.override(language):
        return readonly.message()


# The real server on a read-only data folder ---------------------------------------------


class Browser:
    def __init__(self, url):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path):
        with self.opener.open(self.url + path, timeout=30) as response:
            return response.status, urllib.parse.urlsplit(response.url).path, response.read()

    def post(self, path, fields):
        _status, _path, html = self.get(path)
        token = CSRF_INPUT.search(html.decode()).group(1)
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        try:
            with self.opener.open(self.url + path, data=data, timeout=30) as response:
                return response.status, urllib.parse.urlsplit(response.url).path, response
        except urllib.error.HTTPError as error:
            return error.code, path, error


@pytest.fixture
def read_only_server(tmp_path, sqlite_demo):
    # A copy of the demo database the run prepared once (`samverkan migrate` and
    # `samverkan demo_data` in a data folder of its own: tests/conftest.py).
    data_dir = copy_data_folder(sqlite_demo, tmp_path / "data")
    env = server_env(data_dir)
    database = data_dir / "samverkan.sqlite3"
    modes = {path: path.stat().st_mode for path in [data_dir, *data_dir.rglob("*")]}
    for path in modes:
        path.chmod(stat.S_IMODE(modes[path]) & ~0o222)
    if os.geteuid() == 0:
        env["SAMVERKAN_READ_ONLY"] = "true"  # root writes through chmod: say it instead
    log_path = tmp_path / "server.log"
    try:
        with running_server(env, tmp_path, log_path, workers=1, threads=2) as url:
            yield url, database, log_path
    finally:
        for path, mode in sorted(modes.items(), key=lambda item: len(item[0].parts)):
            path.chmod(stat.S_IMODE(mode))


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_server_starts_on_a_read_only_folder_answers_reads_and_refuses_changes(
    read_only_server,
):
    url, database, log_path = read_only_server
    before = _digest(database)
    assert "is read-only: Samverkan answers reads and refuses changes" in tail(log_path)

    anonymous = Browser(url)
    assert anonymous.get("/login/")[0] == 200
    assert anonymous.get("/m/")[0] == 200

    # Signing in works (the session is a signed cookie), and so do the pages.
    coordinator = Browser(url)
    password = os.environ["SAMVERKAN_DEMO_PASSWORD"]
    status, landed, _response = coordinator.post(
        "/login/", {"username": "coordinator", "password": password, "next": ""}
    )
    assert (status, landed) == (200, "/")
    for path in ("/", "/goals/", "/applications/"):
        status, landed, _html = coordinator.get(path)
        assert (status, landed) == (200, path)

    connection = sqlite3.connect(f"file:{database}?mode=ro&immutable=1", uri=True)
    try:
        (area_id,) = connection.execute(
            "SELECT id FROM organisation_goal WHERE level = 'area' ORDER BY id LIMIT 1"
        ).fetchone()
        (goals,) = connection.execute("SELECT count(*) FROM organisation_goal").fetchone()
    finally:
        connection.close()
    status, _path, response = coordinator.post(
        "/goals/new/",
        {
            "level": "goal",
            "parent": str(area_id),
            "code": "RO.1",
            "title": "Skrivskyddat mål",
            "description": "",
            "valid_from_year": "2026",
            "valid_to_year": "",
            "opened_version": "",
        },
    )
    assert status == 503
    assert response.headers["Retry-After"].isdigit()
    assert escape(expected_message()) in response.read().decode()

    assert coordinator.get("/goals/")[0] == 200  # reading goes on after a refused change
    assert "attempt to write a readonly database" in tail(log_path)  # SQLite refused it
    assert _digest(database) == before
    connection = sqlite3.connect(f"file:{database}?mode=ro&immutable=1", uri=True)
    try:
        assert connection.execute("SELECT count(*) FROM organisation_goal").fetchone() == (goals,)
    finally:
        connection.close()


# A full disk while running ---------------------------------------------------------------


def _goal_fields(demo):
    area = Goal.objects.filter(municipality=demo.motala, level="area").order_by("id").first()
    return {
        "level": "goal",
        "parent": str(area.pk),
        "code": "FULL.1",
        "title": "Mål på en full disk",
        "description": "",
        "valid_from_year": "2026",
        "valid_to_year": "",
        "opened_version": "",
    }


def test_a_full_disk_answers_503_on_a_page_and_reads_go_on(client, demo):
    client.force_login(demo.users["coordinator"])
    fields = _goal_fields(demo)
    goals, history = Goal.objects.count(), Goal.history.count()
    client.get("/goals/")  # the session's first write happens before the disk is full
    with connection.execute_wrapper(_refuse_writes):
        refused = client.post("/goals/new/", fields)
        assert client.get("/goals/").status_code == 200
    assert refused.status_code == 503
    assert refused["Retry-After"].isdigit()
    assert escape(expected_message()) in refused.content.decode()
    assert (Goal.objects.count(), Goal.history.count()) == (goals, history)


def _refuse_writes(execute, sql, params, many, context):
    statement = sql.lstrip().upper()
    if statement.startswith(("INSERT", "UPDATE", "DELETE")) and "DJANGO_SESSION" not in statement:
        raise sqlite3.OperationalError("database or disk is full")
    return execute(sql, params, many, context)


def test_a_full_disk_answers_503_json_in_the_api(call_as, demo):
    api = call_as("coordinator")
    applications = Application.objects.count()
    with connection.execute_wrapper(_refuse_writes):
        refused = api.post(
            "/applications",
            {
                "title": "Full disk",
                "programme_name": "Nordplus",
                "lead_body": demo.own_committee.pk,
                "amount_applied": "1000",
            },
        )
        assert api.get("/applications").status_code == 200
    assert refused.status_code == 503
    assert refused["Retry-After"].isdigit()
    assert refused.json() == {"message": expected_message()}
    assert Application.objects.count() == applications


def test_a_full_disk_refuses_an_upload_and_leaves_no_file(
    call_as, demo, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    application = Application.objects.create(
        municipality=demo.motala,
        lead_body=demo.own_committee,
        programme_name="Erasmus+",
        title="Skolutbyte",
    )

    def no_space(self, out, chunk):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(AtomicFileSystemStorage, "_write_chunk", no_space)
    api = call_as("coordinator")
    refused = api.client.post(
        f"/api/v1/applications/{application.pk}/documents",
        {"title": "Plan", "file": SimpleUploadedFile("plan.pdf", minimal_pdf("Plan"))},
    )
    assert refused.status_code == 503
    assert refused.json() == {"message": expected_message()}
    assert not ApplicationAttachment.objects.filter(application=application).exists()
    media = tmp_path / "media"
    assert not media.exists() or not [path for path in media.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("attempt to write a readonly database"),
        sqlite3.OperationalError("database or disk is full"),
        OSError(errno.EROFS, "Read-only file system"),
        OSError(errno.ENOSPC, "No space left on device"),
        type("ReadOnlySqlTransaction", (Exception,), {"sqlstate": "25006"})("read-only"),
        type("DiskFull", (Exception,), {"sqlstate": "53100"})("could not extend file"),
    ],
)
def test_the_failures_that_answer_503(error):
    from django.db import OperationalError

    wrapped = OperationalError(str(error))
    wrapped.__cause__ = error
    assert readonly.is_storage_failure(error)
    assert readonly.is_storage_failure(wrapped)


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("no such table: organisation_goal"),
        ValueError("database or disk is full"),
        OSError(errno.ENOENT, "No such file"),
    ],
)
def test_other_failures_stay_server_errors(error):
    assert not readonly.is_storage_failure(error)


def test_a_folder_that_cannot_be_written_is_read_only(tmp_path, monkeypatch):
    assert not readonly.folder_is_read_only(tmp_path)

    def refused(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(readonly.tempfile, "mkstemp", refused)
    assert readonly.folder_is_read_only(tmp_path)
