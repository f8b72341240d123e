"""The Content Security Policy: on every page and the API docs, without 'unsafe-inline',
and no template that would need it (no inline script, <style>, style or on… attribute)."""

import re
from pathlib import Path

import pytest

import samverkan

ROOT = Path(samverkan.__file__).resolve().parent

# Documents the site never serves to a browser, so no policy applies to them: the compiled
# report as a standalone file (the `report` command's HTML, WeasyPrint's PDF source)
# carries its own styles.
NOT_SERVED = {"followup/templates/followup/report/print.html"}

INLINE = [
    ("an inline script", re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)),
    ("a <style> element", re.compile(r"<style\b", re.IGNORECASE)),
    ("a style attribute", re.compile(r"\sstyle\s*=", re.IGNORECASE)),
    ("an event handler attribute", re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)),
    ("a javascript: address", re.compile(r"javascript:", re.IGNORECASE)),
]


def _templates():
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if relative not in NOT_SERVED:
            yield relative, path.read_text(encoding="utf-8")


def _directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_the_scan_reads_the_templates():
    names = [name for name, _text in _templates()]
    assert "templates/base.html" in names
    assert len(names) > 50


@pytest.mark.parametrize(("what", "pattern"), INLINE, ids=[what for what, _p in INLINE])
def test_no_template_has_inline_code_or_style(what, pattern):
    found = [
        f"{name}:{text.count(chr(10), 0, match.start()) + 1}"
        for name, text in _templates()
        for match in pattern.finditer(text)
    ]
    assert found == [], f"{what} in {found}"


def test_the_scan_would_find_inline_code():
    sample = '<p style="color:red" onclick="x()"><script>alert(1)</script><style>p{}</style>'
    assert all(pattern.search(sample) for _what, pattern in INLINE[:4])
    assert not INLINE[0][1].search('<script src="/static/x.js" defer></script>')


def _assert_strict(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, response.request["PATH_INFO"]
    directives = _directives(header)
    for name in ("script-src", "style-src", "default-src"):
        assert directives[name] == ["'self'"], (name, header)
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("path", ["/", "/login/", "/api/v1/municipalities"])
def test_anonymous_answers_carry_the_policy(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    _assert_strict(response)


@pytest.mark.parametrize(
    "path",
    ["/", "/activities/", "/activities/import/", "/api/v1/docs", "/api/v1/openapi.json"],
)
def test_signed_in_pages_and_the_api_docs_carry_the_policy(client, demo, path):
    client.force_login(demo.users["coordinator"])
    response = client.get(path)
    assert response.status_code == 200
    _assert_strict(response)


def test_the_api_docs_load_swagger_from_the_site(client, demo):
    client.force_login(demo.users["coordinator"])
    html = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', html)
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert all(source.startswith("/static/") for source in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
