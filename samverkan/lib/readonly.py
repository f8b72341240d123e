"""A read-only or full data folder: reads go on, changes answer 503 with a clear message.

At start (samverkan/settings.py) `folder_is_read_only` looks at the data folder. A folder
that cannot be written (a read-only mount, a copy being inspected, or
SAMVERKAN_READ_ONLY=true) puts Samverkan in read-only mode:

- the SQLite database is opened read-only (`sqlite_read_only`: a mode=ro URI, immutable
  when no write-ahead log is waiting, PRAGMA query_only), so reads work without the
  -wal and -shm files SQLite would otherwise create beside it;
- sessions live in a signed cookie instead of the database, so people can still sign in
  and read; signing in neither records the time nor the access log (nothing can be
  written), a wrong password still counts and is refused with the 503 below;
- collectstatic is skipped (static files are served from the package) and `serve` and
  the WSGI start log `warning_text()`.

While running, a change that fails because the database or the folder is read-only or
the disk is full (`is_storage_failure`) answers 503 with Retry-After and a message:
`ReadOnlyMiddleware` for pages (a page in the site's layout, or a plain one when even
that cannot be drawn), `server_error` (handler500) for what fails outside a view, and
the API's own handler (samverkan/api/errors.py) as the JSON {"message": …}. The failed
change's transaction is rolled back; an upload is named only once completely written
(samverkan.lib.uploads), so nothing is left half-written.
"""

import errno
import logging
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("samverkan.readonly")

RETRY_AFTER_SECONDS = 300
API_PREFIX = "/api/"

_FAILURE_ERRNOS = {errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM}
# Write failures no retry in the same request can mend, by message (SQLite) …
_FAILURE_TEXTS = (
    "attempt to write a readonly database",
    "database or disk is full",
    "disk i/o error",
    "read-only file system",
    "no space left on device",
)
# … and by SQLSTATE (PostgreSQL): read-only transaction, disk full, out of memory.
_FAILURE_SQLSTATES = {"25006", "53100", "53200"}


def folder_is_read_only(folder: Path, files=()) -> bool:
    """True when nothing can be written in `folder` (or one of `files` that exists)."""
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".samverkan-write-check-")
    except OSError as error:
        if error.errno in {errno.EROFS, errno.EACCES, errno.EPERM}:
            return True
        if error.errno in {errno.ENOSPC, errno.EDQUOT}:
            return False  # full, not read-only: each change answers 503 while it lasts
        raise
    os.close(handle)
    os.unlink(name)
    return any(Path(file).exists() and not os.access(file, os.W_OK) for file in files)


def sqlite_read_only(database: dict) -> None:
    """Open the SQLite database of `database` (a DATABASES entry) read-only."""
    path = Path(database["NAME"])
    wal = path.with_name(path.name + "-wal")
    # Without a waiting write-ahead log nothing can change the file while we read it:
    # immutable needs no -shm file (which a read-only folder cannot hold).
    waiting = wal.exists() and wal.stat().st_size > 0
    database["NAME"] = f"file:{quote(str(path))}?mode=ro" + ("" if waiting else "&immutable=1")
    database["OPTIONS"] = {
        "timeout": database.get("OPTIONS", {}).get("timeout", 20),
        "init_command": "PRAGMA query_only=ON; PRAGMA foreign_keys=ON;",
    }


def warning_text(folder) -> str:
    return (
        f"the data folder {folder} is read-only: Samverkan answers reads and refuses changes "
        "(docs/production.md)"
    )


def warn_if_read_only() -> bool:
    """Log the read-only warning at start; True in read-only mode."""
    from django.conf import settings

    if not getattr(settings, "SAMVERKAN_READ_ONLY", False):
        return False
    logger.warning(warning_text(settings.DATA_DIR))
    return True


def install() -> None:
    """In read-only mode, signing in writes nothing (no last-login time)."""
    from django.conf import settings

    if getattr(settings, "SAMVERKAN_READ_ONLY", False):
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")


def is_storage_failure(exc: BaseException | None) -> bool:
    """True for a write refused because the database or folder is read-only or full."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _FAILURE_ERRNOS:
            return True
        if getattr(exc, "sqlstate", None) in _FAILURE_SQLSTATES:
            return True  # psycopg's ReadOnlySqlTransaction, DiskFull, OutOfMemory
        pgcode = getattr(exc, "pgcode", None)
        if pgcode in _FAILURE_SQLSTATES:
            return True
        if _is_database_error(exc) and any(text in str(exc).lower() for text in _FAILURE_TEXTS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _is_database_error(exc) -> bool:
    from django.db import DatabaseError

    name = type(exc).__module__
    return isinstance(exc, DatabaseError) or name.startswith(("sqlite3", "psycopg"))


def message() -> str:
    return _(
        "Samverkan cannot save changes right now: its data folder is read-only or full. "
        "Reading works as usual. Nothing of this change was saved; try again later or "
        "tell your administrator."
    )


def unavailable(request) -> HttpResponse:
    """503 with Retry-After: JSON under /api/, a page in the site's layout elsewhere."""
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"message": message()}, status=503)
    else:
        response = HttpResponse(_page(request), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _page(request) -> str:
    context = {"message": message()}
    try:
        return render_to_string("errors/503.html", context, request=request)
    except Exception:  # the layout needs what failed (the database): the plain page
        logger.warning("The 503 page is shown without the layout", exc_info=True)
        return render_to_string("errors/503_plain.html", context)


def _log(request, exc) -> None:
    logger.warning("Change refused (%s %s): %s", request.method, request.path, exc)


class ReadOnlyMiddleware:
    """Turns a write refused by a read-only or full data folder into the 503 answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_storage_failure(exception):
            return None
        _log(request, exception)
        return unavailable(request)


def server_error(request, *args, **kwargs):
    """handler500: the 503 answer for a storage failure outside a view, else Django's 500."""
    exc = sys.exc_info()[1]
    if is_storage_failure(exc):
        _log(request, exc)
        return unavailable(request)
    from django.views.defaults import server_error as default_server_error

    try:
        return default_server_error(request)
    except Exception:
        return HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")
