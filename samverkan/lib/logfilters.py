"""Logging filters for the site's log (settings.LOGGING)."""

import logging


class ClientErrorsWithoutTrace(logging.Filter):
    """A 4xx answer (403, 404, 405, …) is the client's doing: one line, no traceback.

    Django logs the exception behind a 403 or 404 with its traceback; on django.request
    this filter drops the traceback of any record whose status_code is below 500, so that
    only server errors (5xx) carry one.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
