"""The writes of operations: jobs (start, progress, outcome) and worker heartbeats.

Jobs are operational receipts (models.py says why they keep no history); each write is
one cheap UPDATE of its own row, so that progress costs the worker next to nothing.
"""

import datetime
import os
import shutil
import socket
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from .models import Job, WorkerHeartbeat

KEEP_JOBS = datetime.timedelta(days=7)


def jobs_dir() -> Path:
    return Path(settings.DATA_DIR) / "jobs"


def job_file(job: Job) -> Path:
    return jobs_dir() / str(job.pk) / job.file_name


def start_job(request, *, kind: str, title: str, task, **arguments) -> Job:
    """Record a job for the signed-in user in their municipality and queue `task` with it.

    The task receives job_id and `arguments` (JSON values); it runs once this transaction
    commits, so the worker always finds the job.
    """
    return queue_job(
        municipality=request.municipality,
        requested_by=request.user,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        kind=kind,
        title=title,
        task=task,
        **arguments,
    )


@transaction.atomic
def queue_job(
    *, municipality, requested_by, language: str, kind: str, title: str, task, **arguments
) -> Job:
    """start_job without a request (a command's --background): the job is `requested_by`'s
    in `municipality`, followed on its page by them alone."""
    job = Job.objects.create(
        municipality=municipality,
        requested_by=requested_by,
        kind=kind,
        title=title[:200],
        language=language,
    )
    result = task.enqueue(job_id=str(job.pk), **arguments)
    job.task_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def mark_running(job: Job) -> None:
    job.status, job.started_at = Job.Status.RUNNING, timezone.now()
    Job.objects.filter(pk=job.pk).update(status=job.status, started_at=job.started_at)


def report_progress(job: Job, phase: str, done: int, total: int) -> None:
    job.phase, job.done, job.total = phase, done, total
    Job.objects.filter(pk=job.pk).update(phase=phase, done=done, total=total)


def finish_job(
    job: Job,
    *,
    message: str,
    result: dict | None = None,
    next_url: str = "",
    file_name: str = "",
    content: bytes | None = None,
    failed: bool = False,
) -> None:
    """The outcome: a message in the requester's language, and a file kept for download."""
    if content is not None:
        path = jobs_dir() / str(job.pk)
        path.mkdir(parents=True, exist_ok=True)
        staged = path / f".{file_name}.part"
        staged.write_bytes(content)
        os.replace(staged, path / file_name)
    job.status = Job.Status.FAILED if failed else Job.Status.DONE
    job.message, job.result = message, result or {}
    job.next_url, job.file_name = next_url, file_name
    job.finished_at = timezone.now()
    if not failed and job.total:
        job.done = job.total
    Job.objects.filter(pk=job.pk).update(
        status=job.status,
        message=job.message,
        result=job.result,
        next_url=job.next_url,
        file_name=job.file_name,
        finished_at=job.finished_at,
        done=job.done,
    )


def prune_jobs(now=None) -> int:
    """Remove jobs finished more than a week ago, with their files."""
    limit = (now or timezone.now()) - KEEP_JOBS
    old = list(Job.objects.filter(finished_at__lt=limit).values_list("pk", flat=True))
    for pk in old:
        shutil.rmtree(jobs_dir() / str(pk), ignore_errors=True)
    Job.objects.filter(pk__in=old).delete()
    return len(old)


def beat(worker_id: str, started_at) -> None:
    """A worker is alive: one row per worker, overwritten."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:200],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen": timezone.now(),
        },
    )


def forget_worker(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
