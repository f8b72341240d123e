"""Background jobs: queued by a page, run by the real worker (`samverkan worker --batch`)
from the database backend, followed on the job's page, their result kept for the one
who asked; and the worker's heartbeat on /health/."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from samverkan.operations import actions
from samverkan.operations.models import Job, WorkerHeartbeat

YEAR = timezone.localdate().year - 1


@pytest.fixture
def run_worker(monkeypatch):
    """The real worker, in this test's transaction: it runs what is queued, then stops.

    Between tasks the worker closes stale connections; inside a test's transaction
    (autocommit off) that would close the test's own connection on PostgreSQL, so the
    test keeps it open. Everything else is the worker as it runs in production.
    """
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command(
        "worker", batch=True, startup_delay=False, reload=False, verbosity=0
    )


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def coordinator(demo):
    return signed_in(demo.users["coordinator"])


def test_report_pdf_is_made_by_the_worker_and_kept_for_the_one_who_asked(
    demo, coordinator, run_worker
):
    response = coordinator.post(reverse("account-report-pdf", args=[YEAR]))
    assert response.status_code == 302
    job = Job.objects.get(requested_by=demo.users["coordinator"])
    assert response["Location"] == reverse("job", args=[job.pk])
    assert (job.status, job.municipality, job.language) == ("queued", demo.motala, "en")
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"

    page = coordinator.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    # While it waits the block polls itself (htmx), with a labelled progress bar.
    assert f'hx-get="{reverse("job-status", args=[job.pk])}"' in html
    assert '<label id="job-progress-label" for="job-progress">' in html
    assert '<progress id="job-progress" max="100">' in html

    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and job.percent == 100
    assert job.file_name == f"international-cooperation-0583-{YEAR}.pdf"
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    status = coordinator.get(reverse("job-status", args=[job.pk])).content.decode()
    assert "hx-get" not in status  # finished: the polling stops
    assert 'value="100"' in status
    download = coordinator.get(reverse("job-download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert len(pdf.pages) >= 2

    # Nobody else sees it: not a colleague, not another municipality.
    for other in ("reader", "vadstena-coordinator"):
        client = signed_in(demo.users[other])
        for name in ("job", "job-status", "job-download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert Client().get(reverse("job", args=[job.pk])).status_code == 302  # sign in first


def test_a_failing_job_says_so_without_the_traceback(demo, coordinator, run_worker):
    response = coordinator.post(reverse("account-report-docx", args=[YEAR]))
    job = Job.objects.get(pk=response["Location"].split("/")[-2])
    # The municipality's round is there, but the year is not a number the report takes:
    # the worker's body raises; the page says something went wrong, the operator's task
    # result keeps the traceback.
    DBTaskResult.objects.filter(id=job.task_id).update(
        args_kwargs={
            "args": [],
            "kwargs": {"job_id": str(job.pk), "year": "x", "file_format": "docx"},
        }
    )
    run_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    page = coordinator.get(reverse("job", args=[job.pk])).content.decode()
    assert "Something went wrong on the server" in page
    assert "Traceback" not in page
    assert DBTaskResult.objects.get(id=job.task_id).traceback


def test_progress_is_written_outside_the_work_s_own_transaction(demo):
    from django.db import transaction

    from samverkan.operations import jobs

    job = Job.objects.create(
        municipality=demo.motala, requested_by=demo.users["editor"], kind="test", title="t"
    )
    with jobs.running(str(job.pk)) as run:
        run.progress("check", 5, 10)
        job.refresh_from_db()
        assert (job.status, job.phase, job.done, job.total) == ("running", "check", 5, 10)
        with transaction.atomic():
            run.progress("write", 10, 10)  # inside the write: not written
        job.refresh_from_db()
        assert job.phase == "check"
    job.refresh_from_db()
    assert job.status == "done" and job.percent == 100


def test_health_reports_the_worker_heartbeat(client, db, run_worker):
    body = client.get("/health/").json()
    assert body["status"] == "degraded" and body["checks"]["worker"] == "never seen"
    run_worker()
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["worker"] == "ok"
    assert set(body) == {"status", "checks", "worker_last_seen"}  # nothing more: no host, pid
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - datetime.timedelta(minutes=5))
    body = client.get("/health/").json()
    assert body["status"] == "degraded" and body["checks"]["worker"] == "stale"
    assert client.get("/health/").status_code == 200  # pages still work


def test_finished_jobs_are_pruned_after_a_week(demo, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    old = Job.objects.create(
        municipality=demo.motala,
        requested_by=demo.users["editor"],
        kind="test",
        title="old",
        status="done",
        finished_at=timezone.now() - datetime.timedelta(days=8),
    )
    recent = Job.objects.create(
        municipality=demo.motala, requested_by=demo.users["editor"], kind="test", title="new"
    )
    (tmp_path / "jobs" / str(old.pk)).mkdir(parents=True)
    assert actions.prune_jobs() == 1
    assert list(Job.objects.filter(pk__in=[old.pk, recent.pk])) == [recent]
    assert not (tmp_path / "jobs" / str(old.pk)).exists()
