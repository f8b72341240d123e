"""The server log: a 403 or 404 is one line, a 5xx keeps its traceback (settings.LOGGING)."""

import logging

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.log import log_response

from samverkan.activities.models import Training


def _request_records(caplog):
    return [record for record in caplog.records if record.name == "django.request"]


def _formatted(record) -> str:
    return logging.Formatter().format(record)


def test_403_and_404_are_logged_in_one_line_without_a_traceback(demo, caplog):
    client = Client()
    client.force_login(demo.users["reader"])
    other = Training.objects.filter(municipality=demo.vadstena).first()
    with caplog.at_level(logging.WARNING, logger="django.request"):
        forbidden = client.get(reverse("training-create"))
        missing = client.get("/no-such-page/")
        foreign = (
            client.get(reverse("training-detail", args=[other.pk])) if other is not None else None
        )
    assert forbidden.status_code == 403
    assert missing.status_code == 404
    records = _request_records(caplog)
    statuses = [record.status_code for record in records]
    assert 403 in statuses and 404 in statuses
    if foreign is not None:
        assert foreign.status_code == 404
    for record in records:
        assert record.status_code < 500
        assert record.levelno == logging.WARNING
        assert record.exc_info is None
        text = _formatted(record)
        assert "Traceback" not in text
        assert "\n" not in text


def test_a_server_error_keeps_its_traceback(rf, caplog):
    request = rf.get("/broken/")
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        with caplog.at_level(logging.ERROR, logger="django.request"):
            log_response(
                "Internal Server Error: %s",
                request.path,
                response=HttpResponse(status=500),
                request=request,
                exception=error,
            )
    (record,) = _request_records(caplog)
    assert record.status_code == 500 and record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert "Traceback" in _formatted(record) and "RuntimeError: boom" in _formatted(record)
