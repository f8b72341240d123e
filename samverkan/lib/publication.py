"""The public side's reader, for the anonymous API beside it, and conditional answers.

samverkan.public builds what a municipality publishes (its rows per register); the API
lives beside it in the same layer and may not import it, so the public app registers
its reader here in its AppConfig.ready() and the API asks `reader()` (as the deadline
providers in lib.deadlines). lib knows no app: the app comes to it.

`conditional()` answers a download with ETag and Last-Modified, and 304 when the caller
has it already: the public pages' open-data files and the anonymous API share it.
"""

import datetime
import hashlib

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

_READER = []


def register(reader) -> None:
    """Set the public side's reader (once, however often the app is made ready)."""
    _READER[:] = [reader]


def reader():
    if not _READER:
        raise LookupError("No public reader is registered (is samverkan.public installed?)")
    return _READER[0]


def etag_of(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:40]}"'


def conditional(
    request, body: bytes, content_type: str, last_modified: datetime.datetime | None, **headers
) -> HttpResponse:
    """`body` with its ETag and Last-Modified, or 304 Not Modified when the caller's copy
    (If-None-Match, else If-Modified-Since) is current."""
    etag = etag_of(body)
    timestamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    response = not_modified or HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    # Caches may keep it, but ask again each time (a 304 costs little).
    response["Cache-Control"] = "public, no-cache"
    response["Vary"] = "Accept-Language"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response
