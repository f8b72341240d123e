"""Running a job's body inside a task: progress, outcome and failure, in the requester's
language. The task bodies (samverkan/*/tasks.py) call the apps' own importers and
renderers through this; nothing here knows what the work is.
"""

import logging
import time
from contextlib import contextmanager

from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from . import actions
from .models import Job

logger = logging.getLogger("samverkan.jobs")

PROGRESS_SECONDS = 1.0  # at most one progress write a second: cheap for the worker


class JobRun:
    def __init__(self, job: Job):
        self.job = job
        self.finished = False
        self._last_write = 0.0
        # Progress written inside the work's own transaction would show only when it
        # commits (and on SQLite would wait for its lock): write only outside it.
        self._depth = len(connection.atomic_blocks)

    def progress(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if len(connection.atomic_blocks) > self._depth:
            return
        # A new phase is always written (a handful a job); within one, once a second.
        same_phase = phase == self.job.phase
        if same_phase and done < total and now - self._last_write < PROGRESS_SECONDS:
            return
        self._last_write = now
        actions.report_progress(self.job, phase, done, total)

    def succeed(self, message: str, **outcome) -> None:
        actions.finish_job(self.job, message=message, **outcome)
        self.finished = True

    def fail(self, message: str, **outcome) -> None:
        actions.finish_job(self.job, message=message, failed=True, **outcome)
        self.finished = True


@contextmanager
def running(job_id: str):
    """The job `job_id`, marked running; done when the body returns, failed if it raises
    (the task's own result keeps the traceback for the operator, the page only says so)."""
    job = Job.objects.select_related("municipality", "requested_by").get(pk=job_id)
    actions.mark_running(job)
    run = JobRun(job)
    with translation.override(job.language):
        try:
            yield run
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            actions.finish_job(
                job,
                message=_("Something went wrong on the server. Try again, or ask for help."),
                failed=True,
            )
            raise
        if not run.finished:
            run.succeed(_("Done."))
