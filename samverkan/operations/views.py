"""/health/ for load balancers and monitoring, and the pages of background jobs.

Health: the database and the storage answer, and a worker was seen lately. No secrets
and no personal data: only which check passed. 200 when the site can serve (a missing
worker is "degraded": pages work, long jobs wait), 503 when not.
"""

import datetime
import tempfile

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from . import access, actions
from .models import WorkerHeartbeat

# A worker beats every HEARTBEAT_SECONDS (management/commands/worker.py); three missed
# beats and it counts as gone.
HEARTBEAT_SECONDS = 30
STALE_AFTER = datetime.timedelta(seconds=3 * HEARTBEAT_SECONDS)


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not healthy", said as such
        return False


def _storage() -> bool:
    try:
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=settings.MEDIA_ROOT, prefix=".health-"):
            return True
    except OSError:
        return False


def _worker_seen():
    try:
        return (
            WorkerHeartbeat.objects.order_by("-last_seen")
            .values_list("last_seen", flat=True)
            .first()
        )
    except Exception:  # noqa: BLE001 - the database check already says why
        return None


@never_cache
def health(request):
    checks = {"database": _database(), "storage": _storage()}
    healthy = all(checks.values())
    seen = _worker_seen() if checks["database"] else None
    worker_ok = seen is not None and timezone.now() - seen <= STALE_AFTER
    status = "failing" if not healthy else "ok" if worker_ok else "degraded"
    body = {
        "status": status,
        "checks": {
            **{k: "ok" if v else "failing" for k, v in checks.items()},
            "worker": "ok" if worker_ok else "stale" if seen else "never seen",
        },
        "worker_last_seen": seen.isoformat() if seen else None,
    }
    return JsonResponse(body, status=200 if healthy else 503)


def live(request):
    """The process answers: no database, no session; for a liveness probe, and the load
    script's trivial view (bench/load.py)."""
    return HttpResponse("ok", content_type="text/plain")


PHASES = {
    "check": _("Checking the rows"),
    "write": _("Writing"),
    "render": _("Making the file"),
    "fetch": _("Fetching"),
    "send": _("Sending e-mails"),
}


def _context(job) -> dict:
    return {"job": job, "phase": PHASES.get(job.phase, "")}


@login_required
def job_page(request, pk):
    job = access.get_job_for(request, pk)
    return TemplateResponse(request, "operations/job.html", _context(job))


@login_required
@never_cache
def job_status(request, pk):
    """The job's status block alone, which the page fetches (htmx) until the job ends."""
    job = access.get_job_for(request, pk)
    return TemplateResponse(request, "operations/job_status.html", _context(job))


@login_required
def job_download(request, pk):
    job = access.get_job_for(request, pk)
    if job.status != job.Status.DONE or not job.file_name:
        raise Http404("The job has no file")
    path = actions.job_file(job)
    if not path.is_file():
        raise Http404("The file is no longer kept")
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.file_name)
