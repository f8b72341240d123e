"""The reminder digests as a background job: the task sends what the command sends, its
result holds counts only, and `send_reminders --background` queues one job."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from samverkan.monitoring.models import SentReminder, WatchItem
from samverkan.operations.models import Job

DAY = "2031-03-01"


@pytest.fixture
def run_worker(monkeypatch):
    """The real worker, in this test's transaction (as tests/operations does it)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command(
        "worker", batch=True, startup_delay=False, reload=False, verbosity=0
    )


@pytest.fixture
def mailed(demo, own_item, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for username in ("coordinator", "editor", "reader"):
        user = demo.users[username]
        user.email = f"{username}@example.se"
        user.save(update_fields=["email"])
    own_item.next_date = datetime.date(2031, 3, 10)
    own_item.next_step = "Omröstning"
    own_item.save()
    WatchItem.objects.create(
        municipality=demo.motala,
        title="Nästa vecka",
        committee=demo.other_committee,
        next_date=datetime.date(2031, 3, 5),
    )
    return own_item


def _sent():
    return sorted((m.to[0], m.subject, m.body) for m in mail.outbox)


def _background(*args):
    out = StringIO()
    call_command("send_reminders", "--date", DAY, "--background", *args, stdout=out)
    return out.getvalue().strip()


def test_the_job_sends_what_the_command_sends(demo, mailed, run_worker):
    with transaction.atomic():
        call_command("send_reminders", "--date", DAY, stdout=StringIO())
        by_command = _sent()
        transaction.set_rollback(True)  # as if the command had not run
    mail.outbox.clear()
    assert not SentReminder.objects.exists()
    assert len(by_command) >= 2

    path = _background("--user", "admin")
    job = Job.objects.get()
    assert path == reverse("job", args=[job.pk])
    assert mail.outbox == []  # queued, not sent
    run_worker()
    job.refresh_from_db()
    assert job.status == "done", job.message
    assert _sent() == by_command
    deadlines = SentReminder.objects.count()
    assert job.result == {
        "sent": len(by_command),
        "failed": 0,
        "deadlines": deadlines,
        "date": DAY,
        "days": 14,
    }
    # Counts only: no one's name or address is kept in the job.
    kept = f"{job.result} {job.message}"
    for username in ("coordinator", "editor", "reader"):
        assert "@example.se" not in kept and username not in kept

    # Run again the same day (as the job): nothing is sent twice.
    mail.outbox.clear()
    _background("--user", "admin")
    run_worker()
    assert mail.outbox == []
    assert Job.objects.order_by("-created_at").first().result["sent"] == 0


def test_background_queues_one_job_for_the_named_user(demo, mailed):
    path = _background("--user", "coordinator", "--days", "30")
    job = Job.objects.get()
    assert path == reverse("job", args=[job.pk])
    assert (job.kind, job.status) == ("reminders", "queued")
    assert (job.requested_by, job.municipality) == (demo.users["coordinator"], demo.motala)
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == "READY"
    assert task.args_kwargs["kwargs"] == {"job_id": str(job.pk), "today": DAY, "days": 30}
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == [] and not SentReminder.objects.exists()
    # The job's page is the named user's.
    client = Client()
    client.force_login(demo.users["coordinator"])
    page = client.get(path)
    assert page.status_code == 200 and 'data-status="queued"' in page.content.decode()
    client.force_login(demo.users["vadstena-coordinator"])
    assert client.get(path).status_code == 404


def test_background_needs_a_user_with_a_role(demo, db):
    with pytest.raises(CommandError, match="--user"):
        _background()
    with pytest.raises(CommandError, match="No active user"):
        _background("--user", "nobody")
    with pytest.raises(CommandError, match="no role"):
        _background("--user", "coordinator", "--municipality", "0584")
    with pytest.raises(CommandError, match="dry-run"):
        _background("--user", "coordinator", "--dry-run")
    assert not Job.objects.exists()


def test_without_background_the_command_sends_here(demo, mailed):
    call_command("send_reminders", "--date", DAY, stdout=StringIO())
    assert len(mail.outbox) >= 2
    assert not Job.objects.exists()
