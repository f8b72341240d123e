"""/health/ for load balancers and monitoring: the database and the storage answer.

No secrets and no personal data: only which check passed. 200 when all pass, 503 when not.
"""

import tempfile

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


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


@never_cache
def health(request):
    checks = {"database": _database(), "storage": _storage()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "failing",
            "checks": {k: "ok" if v else "failing" for k, v in checks.items()},
        },
        status=200 if healthy else 503,
    )
