"""Pages under the Content Security Policy: nothing the browser blocks, and the API docs
(Swagger UI from the site's own static files) still render."""

import datetime

import pytest

pytestmark = pytest.mark.browser

# Runs in every page before its own scripts (injected by the browser, not by the page, so
# the policy does not apply to it): it records every violation the browser reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def _watch(page):
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return console


def _violations(page, console):
    return page.evaluate("window.__cspViolations || []") + console


def test_pages_show_no_policy_violation(page, site, login, visit):
    console = _watch(page)
    login(page, "coordinator")
    last_year = datetime.date.today().year - 1
    for path in ("/", "/activities/import/", f"/follow-up/report/{last_year}/"):
        response = page.goto(path)
        assert response.headers.get("content-security-policy"), path
        visit(page, path)
        assert _violations(page, console) == [], path
    # The import page's progress note comes from the site's script, not an inline one.
    page.goto("/activities/import/")
    page.locator("main form.record-form button[type=submit]").click()
    page.wait_for_load_state()
    assert _violations(page, console) == []


def test_the_api_docs_render_from_the_sites_own_files(page, site, login):
    console = _watch(page)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    login(page, "coordinator")
    response = page.goto("/api/v1/docs")
    assert response.status == 200
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert _violations(page, console) == []
    assert all(url.startswith(site.url) or url.startswith("data:") for url in requested), [
        url for url in requested if not url.startswith(site.url)
    ]


def test_the_administrator_opens_and_prints_the_record_of_processing(page, login, follow):
    console = _watch(page)
    login(page, "admin")
    page.goto("/people/")
    follow(page, page.locator("main a[href='/registry/processing/']"))
    assert page.locator("main section.processing-activity").count() == 3
    # The print button comes with the site's script (hidden without it).
    assert page.locator("main button[data-print]").is_visible()
    assert _violations(page, console) == []
