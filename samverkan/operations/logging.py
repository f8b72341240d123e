"""Structured logs (SAMVERKAN_LOG_FORMAT=json): one JSON object a line, for a log shipper.

Every record is a line with its time, level, logger and message; each request adds one
line with its request id (the proxy's X-Request-ID when it sends a sane one), the user's
id (never a name), the municipality's code, the path, the status and the duration.
"""

import json
import logging
import re
import time
import uuid

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
request_logger = logging.getLogger("samverkan.requests")

# What a record carries beyond the standard LogRecord attributes, copied when present.
EXTRA = ("request_id", "user_id", "municipality", "method", "path", "status", "duration_ms")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in EXTRA:
            if hasattr(record, key):
                line[key] = getattr(record, key)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        response = self.get_response(request)
        response.headers["X-Request-ID"] = request.request_id
        user = getattr(request, "user", None)
        municipality = getattr(request, "municipality", None)
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request.request_id,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "municipality": getattr(municipality, "code", None),
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response
