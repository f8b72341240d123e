"""The production environment documented in docs/production.md: `check --deploy` is clean
with it, and behind the TLS proxy it names the site builds https:// addresses."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from samverkan.monitoring.models import CalendarFeed

DOC = Path(__file__).resolve().parent.parent / "docs" / "production.md"


def documented_environment() -> dict[str, str]:
    """The ```env block of docs/production.md, with a real random key."""
    block = re.search(r"```env\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert block, "docs/production.md has no ```env block"
    pairs = dict(line.split("=", 1) for line in block.group(1).splitlines() if line.strip())
    pairs["SECRET_KEY"] = secrets.token_urlsafe(50)
    return pairs


def _run(args, tmp_path, extra=None):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "DJANGO_", "DATABASE_URL", "DEBUG"))
    }
    env.update(
        documented_environment(),
        DJANGO_SETTINGS_MODULE="samverkan.settings",
        SAMVERKAN_DATA_DIR=str(tmp_path),
        **(extra or {}),
    )
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    result = _run(["-m", "django", "check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "(security." not in result.stdout + result.stderr


def test_without_it_check_deploy_warns(tmp_path):
    env_names = list(documented_environment())
    result = _run(
        ["-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        extra={name: "" for name in env_names if name.startswith("SECURE")},
    )
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr + result.stdout


def _documented_settings(tmp_path) -> dict:
    names = [
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "CSRF_TRUSTED_ORIGINS",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = _run(["-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_environment_turns_the_settings_on(tmp_path):
    values = _documented_settings(tmp_path)
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://samverkan.example.se"]


def test_a_bad_header_name_is_refused(tmp_path):
    result = _run(
        ["-c", "import django; django.setup()"], tmp_path, {"SECURE_PROXY_SSL_HEADER": "a b"}
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.fixture
def behind_the_proxy(settings, tmp_path):
    """The documented proxy settings in this process."""
    values = _documented_settings(tmp_path)
    settings.SECURE_PROXY_SSL_HEADER = tuple(values["SECURE_PROXY_SSL_HEADER"])
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = values["SECURE_HSTS_SECONDS"]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "samverkan.example.se"]
    return settings


def test_behind_the_proxy_the_calendar_feed_address_is_https(client, demo, behind_the_proxy):
    # The proxy passes the host as the browser asked for it, and the scheme.
    proxied = {"HTTP_HOST": "samverkan.example.se", "HTTP_X_FORWARDED_PROTO": "https"}
    client.force_login(demo.users["editor"])
    created = client.post("/monitoring/calendar/change/", {"action": "create"}, **proxied)
    assert created.status_code == 302
    feed = CalendarFeed.objects.get(user=demo.users["editor"], revoked_at__isnull=True)
    page = client.get("/monitoring/calendar/", **proxied)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"https://samverkan.example.se/monitoring/calendar/{feed.token}.ics" in html
    assert "http://samverkan.example.se" not in html
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # Plain HTTP (the proxy did not say https) is sent to HTTPS; the health check is not.
    plain = client.get("/monitoring/calendar/", HTTP_HOST="samverkan.example.se")
    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://")
    assert client.get("/health/").status_code in {200, 503}
