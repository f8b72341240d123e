"""What throughput rests on: kept database connections, a signed-in read that writes
nothing, the web server's defaults per database, and structured request logs."""

import json
import logging

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.operations.logging import JsonLines, RequestLogMiddleware
from samverkan.organisation.management.commands.serve import default_concurrency

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def test_database_connections_are_kept_and_checked_by_default():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] >= 60
    assert database["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    "path",
    ["/", "/activities/", "/health/live/", "/funding/calls/", "/follow-up/compliance/"],
)
def test_a_signed_in_read_writes_nothing(demo, path):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    signed_in = client.post(
        reverse("login"), {"username": "coordinator", "password": demo.password}
    )
    assert signed_in.status_code == 302
    client.get("/")  # the first request after signing in starts the idle clock
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, follow=True)
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == [], writes


def test_the_trivial_view_touches_no_database(db):
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(reverse("health-live")).content == b"ok"
    assert len(queries) == 0


def test_web_server_defaults_per_database():
    assert default_concurrency("django.db.backends.postgresql", 2) == (3, 1)
    assert default_concurrency("django.db.backends.sqlite3", 2) == (2, 1)
    assert default_concurrency("django.db.backends.sqlite3", 0) == (1, 1)


def test_json_request_log_names_ids_not_people(demo):
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("samverkan.requests")
    logger.addHandler(handler)
    try:
        request = RequestFactory().get("/activities/", HTTP_X_REQUEST_ID="abc-123")
        request.user = demo.users["editor"]
        request.municipality = demo.motala
        middleware = RequestLogMiddleware(lambda request: Client().get("/health/live/"))
        response = middleware(request)
        bad = RequestFactory().get("/", HTTP_X_REQUEST_ID="<script>")
        bad.user = demo.users["editor"]
        middleware(bad)
    finally:
        logger.removeHandler(handler)
    assert response["X-Request-ID"] == "abc-123"
    line = json.loads(JsonLines().format(records[0]))
    assert line["request_id"] == "abc-123"
    assert line["user_id"] == demo.users["editor"].pk
    assert line["municipality"] == "0583"
    assert (line["path"], line["status"], line["level"]) == ("/activities/", 200, "INFO")
    assert isinstance(line["duration_ms"], float)
    assert "editor" not in json.dumps(line)  # the id, never the name
    second = json.loads(JsonLines().format(records[1]))
    assert second["request_id"] != "<script>" and len(second["request_id"]) == 32
    assert second["municipality"] is None
