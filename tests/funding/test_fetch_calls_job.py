"""Fetching calls as a background job: the page queues it, the real worker
(`samverkan worker --batch`) fetches the portal's answer from a real HTTP server on
loopback (the real records of tests/funding/data), checks and writes them through the
action, with its progress and counts on the job's page; refusals and failures."""

import functools
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from samverkan.funding import fetching
from samverkan.funding.models import Call
from samverkan.operations import actions as operations
from samverkan.operations.models import Job

PAGES = Path(__file__).resolve().parent / "data" / "sedia-pages"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def portal(tmp_path):
    """A real HTTP server on 127.0.0.1 serving the portal's pages, and one with a bad record."""
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(PAGES / "page-1.json", served / "page-1.json")
    answer = json.loads((PAGES / "page-2.json").read_text(encoding="utf-8"))
    answer["results"][3] = {"reference": "BROKEN-1"}  # no metadata: cannot be read
    (served / "with-bad-record.json").write_text(json.dumps(answer), encoding="utf-8")
    (served / "not-the-portal.json").write_text(json.dumps({"hello": 1}), encoding="utf-8")
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(served))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def run_worker(monkeypatch):
    """The real worker, in this test's transaction (as tests/operations does it)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command(
        "worker", batch=True, startup_delay=False, reload=False, verbosity=0
    )


@pytest.fixture
def progress_rows(monkeypatch):
    """Every progress write of the jobs, as (phase, done, total)."""
    written = []
    report = operations.report_progress

    def spy(job, phase, done, total):
        written.append((phase, done, total))
        report(job, phase, done, total)

    monkeypatch.setattr(operations, "report_progress", spy)
    return written


@pytest.fixture
def loopback_allowed(settings):
    settings.SAMVERKAN_FETCH_PRIVATE_HOSTS = True


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def vadstena(demo):
    """A coordinator of a municipality without calls (Vadstena): every call is new."""
    return signed_in(demo.users["vadstena-coordinator"])


def _start(client, url, **extra):
    return client.post(reverse("call-fetch"), {"url": url, **extra})


def _job(response) -> Job:
    assert response.status_code == 302, response.content[:2000]
    job = Job.objects.get(pk=response["Location"].split("/")[-2])
    assert response["Location"] == reverse("job", args=[job.pk])
    return job


def test_calls_are_fetched_checked_and_written_by_the_worker(
    demo, vadstena, portal, loopback_allowed, run_worker, progress_rows
):
    place = demo.vadstena
    listing = vadstena.get(reverse("call-list")).content.decode()
    assert f'href="{reverse("call-fetch")}"' in listing
    assert vadstena.get(reverse("call-fetch")).status_code == 200

    job = _job(_start(vadstena, f"{portal}/page-1.json"))
    assert (job.kind, job.status, job.municipality) == ("calls-fetch", "queued", place)
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert not Call.objects.for_municipality(place).exists()  # nothing before the worker

    run_worker()
    job.refresh_from_db()
    assert job.status == "done", job.message
    assert job.percent == 100
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    # The real page: 100 records, 100 references, all new.
    assert {k: job.result[k] for k in ("records", "created", "updated", "unchanged")} == {
        "records": 100,
        "created": 100,
        "updated": 0,
        "unchanged": 0,
    }
    assert (job.result["skipped"], job.result["problems"]) == (0, [])
    assert Call.objects.for_municipality(place).count() == 100
    assert job.next_url == reverse("call-list")
    # Progress was written phase by phase, as the page follows it.
    phases = [phase for phase, _done, _total in progress_rows]
    assert phases[0] == "fetch"
    assert list(dict.fromkeys(phases)) == ["fetch", "check", "write"]
    assert ("check", 100, 100) in progress_rows
    assert ("write", 0, 100) in progress_rows
    page = vadstena.get(reverse("job", args=[job.pk])).content.decode()
    assert 'data-status="done"' in page and 'value="100"' in page
    assert f'href="{reverse("call-list")}"' in page

    # Fetched again: the same calls, unchanged.
    job = _job(_start(vadstena, f"{portal}/page-1.json"))
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.result["created"], job.result["unchanged"]) == ("done", 0, 100)


def test_a_bad_record_stops_the_import_unless_skipped(
    demo, vadstena, portal, loopback_allowed, run_worker
):
    place = demo.vadstena
    job = _job(_start(vadstena, f"{portal}/with-bad-record.json"))
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.result["skipped"] == 1
    assert [problem["row"] for problem in job.result["problems"]] == [4]
    assert not Call.objects.for_municipality(place).exists()  # nothing written
    page = vadstena.get(reverse("job", args=[job.pk])).content.decode()
    assert 'data-status="failed"' in page and 'class="import-problems"' in page
    assert f'href="{reverse("call-fetch")}"' in page  # try again

    job = _job(_start(vadstena, f"{portal}/with-bad-record.json", skip_bad="on"))
    run_worker()
    job.refresh_from_db()
    assert job.status == "done"
    assert (job.result["records"], job.result["skipped"]) == (100, 1)
    written = Call.objects.for_municipality(place).count()
    assert written == job.result["created"] == 100 - 1 - job.result["duplicates"]


@pytest.mark.parametrize("path", ["missing.json", "not-the-portal.json"])
def test_a_failing_fetch_fails_the_job_readably_and_writes_nothing(
    demo, vadstena, portal, loopback_allowed, run_worker, path
):
    job = _job(_start(vadstena, f"{portal}/{path}"))
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    if path == "missing.json":
        assert "404" in job.message
    assert "Traceback" not in job.message and job.message
    assert job.next_url == reverse("call-fetch")
    assert not Call.objects.for_municipality(demo.vadstena).exists()
    # The task itself ended normally: the failure is the job's, said on its page.
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    page = vadstena.get(reverse("job", args=[job.pk])).content.decode()
    assert 'data-status="failed"' in page


@pytest.mark.parametrize(
    "url",
    [
        "ftp://ec.europa.eu/grantsTenders.json",
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/",
        "javascript:alert(1)",
    ],
)
def test_other_schemes_are_refused_in_the_form(demo, vadstena, loopback_allowed, url):
    response = _start(vadstena, url)
    assert response.status_code == 200
    assert response.context["form"].errors["url"]
    assert 'class="error-summary"' in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/page.json",
        "http://localhost/page.json",
        "http://10.1.2.3/page.json",
        "http://192.168.0.10/page.json",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/page.json",
        "http://[::ffff:127.0.0.1]/page.json",
    ],
)
def test_private_addresses_are_refused_unless_the_setting_allows(demo, vadstena, settings, url):
    settings.SAMVERKAN_FETCH_PRIVATE_HOSTS = False
    response = _start(vadstena, url)
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["url"]] == ["private"]
    assert not Job.objects.exists()
    settings.SAMVERKAN_FETCH_PRIVATE_HOSTS = True
    assert _job(_start(vadstena, url)).kind == "calls-fetch"


def test_the_worker_refuses_a_private_address_at_connection_time(
    demo, vadstena, portal, settings, run_worker
):
    """Allowed when the form was sent, not when the worker connects: refused then too
    (e.g. a name that resolved to a public address first)."""
    settings.SAMVERKAN_FETCH_PRIVATE_HOSTS = True
    job = _job(_start(vadstena, f"{portal}/page-1.json"))
    settings.SAMVERKAN_FETCH_PRIVATE_HOSTS = False
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.result == {}
    assert not Call.objects.for_municipality(demo.vadstena).exists()
    with pytest.raises(fetching.FetchError) as refused:
        fetching.fetch(f"{portal}/page-1.json", allow_private=False)
    assert refused.value.code == "private"


def test_answers_past_the_size_limit_are_not_read(portal):
    with pytest.raises(fetching.FetchError) as error:
        fetching.fetch(f"{portal}/page-1.json", allow_private=True, limit=10_000)
    assert error.value.code == "too_big"


def test_only_those_who_may_import_calls_see_the_page_and_the_link(demo, portal):
    for username in ("reader", "editor", "registrar"):
        client = signed_in(demo.users[username])
        assert client.get(reverse("call-fetch")).status_code == 403
        assert _start(client, f"{portal}/page-1.json").status_code == 403
        listing = client.get(reverse("call-list")).content.decode()
        assert reverse("call-fetch") not in listing
    assert not Job.objects.exists()
    for username in ("coordinator", "admin"):
        assert signed_in(demo.users[username]).get(reverse("call-fetch")).status_code == 200


def test_another_municipality_s_job_is_not_found(
    demo, vadstena, portal, loopback_allowed, run_worker
):
    job = _job(_start(vadstena, f"{portal}/page-1.json"))
    run_worker()
    for username in ("coordinator", "admin", "reader"):  # Motala's
        client = signed_in(demo.users[username])
        for name in ("job", "job-status"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
    # The one who asked does.
    assert vadstena.get(reverse("job", args=[job.pk])).status_code == 200
