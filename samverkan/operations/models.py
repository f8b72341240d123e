"""Operational records: background jobs a person asked for, and the workers' heartbeats.

Neither is a municipality's record of its cooperation, so neither keeps history or a
version: a job is a receipt for work done on someone's behalf (its own writes, such as
imported activities, keep theirs), and a heartbeat is overwritten every half minute.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One long piece of work run by a worker (samverkan worker), and what came of it.

    Seen only by the person who asked, within the municipality they asked in.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    # The requester's language: the worker writes the outcome in it.
    language = models.CharField(max_length=10, default="sv")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=40, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    # Structured outcome for the page (counts, problems); never secrets or tracebacks.
    result = models.JSONField(default=dict, blank=True)
    # Where to go next (e.g. the imported list), and the stored file to download.
    next_url = models.CharField(max_length=300, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self):
        return f"{self.title} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))


class WorkerHeartbeat(models.Model):
    """The last time each worker process said it was alive (for /health/)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.worker_id} on {self.host} ({self.last_seen:%Y-%m-%d %H:%M:%S})"
