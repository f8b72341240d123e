"""Browser tests: Chromium drives the live server, and axe-core checks every page it shows.

One browser for the session, a fresh context (cookies, language) for each test.
Tests move between pages only through the `visit` and `follow` fixtures, which
check each page they land on: its status, its structure (one h1, the landmarks)
and WCAG 2.1 A and AA with axe-core. No page escapes the check.
"""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test itself (creating the demo data) would otherwise be refused as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Swedish municipal staff: their browsers ask for Swedish. (Playwright's own default
# would ask for en-US, and Django's LocaleMiddleware honours that.)
BROWSER_LOCALE = "sv-SE"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def site(transactional_db, live_server):
    """The live server with the demo data (the live server needs a transactional database)."""
    from django.contrib.auth import get_user_model

    from samverkan.demo import create_full_demo
    from samverkan.organisation.models import Body, Goal, Municipality
    from samverkan.policy.models import PolicyDocument

    create_full_demo()
    motala = Municipality.objects.get(code="0583")
    vadstena = Municipality.objects.get(code="0584")
    return SimpleNamespace(
        url=live_server.url,
        password=os.environ["SAMVERKAN_DEMO_PASSWORD"],
        users={u.username: u for u in get_user_model().objects.all()},
        motala=motala,
        vadstena=vadstena,
        motala_committee=Body.objects.get(municipality=motala, name="Bildningsnämnden"),
        vadstena_body=Body.objects.filter(municipality=vadstena).first(),
        motala_policy=PolicyDocument.objects.get(municipality=motala),
        motala_goal=Goal.objects.get(municipality=motala, code="1.2"),
    )


@pytest.fixture
def new_page(browser, site):
    """Open a page in a fresh browser context; every context is closed after the test."""
    contexts = []

    def open_page(locale=BROWSER_LOCALE):
        context = browser.new_context(base_url=site.url, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def check_page(axe):
    """Assert that the page shown has one h1, the landmarks, a language and no axe violations."""

    def check(page):
        assert page.locator("html").get_attribute("lang") in {"sv", "en"}, page.url
        assert page.locator("h1").count() == 1, f"{page.url} must have exactly one h1"
        for landmark in ("header", "nav", "main", "footer"):
            assert page.locator(landmark).count() >= 1, f"{page.url} has no <{landmark}>"
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        count = len(violations)
        assert count == 0, _axe_report(page.url, violations)
        return page

    return check


def _axe_report(url, violations):
    lines = [f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
    return "\n".join(lines)


@pytest.fixture
def visit(check_page):
    """Go to `path` and check the page; returns the page."""

    def go(page, path, status=200):
        response = page.goto(path)
        assert response is not None and response.status == status, (
            f"{path}: {response and response.status}, expected {status}"
        )
        return check_page(page)

    return go


@pytest.fixture
def follow(check_page):
    """Click a link or a submit button that leads to a new page, and check that page."""

    def go(page, locator, status=200):
        with page.expect_navigation() as navigation:
            locator.click()
        response = navigation.value
        assert response is not None and response.status == status, (
            f"{page.url}: {response and response.status}, expected {status}"
        )
        return check_page(page)

    return go


@pytest.fixture
def login(site, visit, follow):
    """Sign in through the real login form; lands on the start page."""

    def sign_in(page, username):
        visit(page, "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", site.password)
        follow(page, page.locator("main form button[type=submit]"))
        if "/account/mfa/" in page.url:
            # Administrators give a second factor: the code their app would show.
            from django_otp.oath import totp
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.filter(user__username=username).latest("pk")
            TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
            code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
            page.fill("#id_code", f"{code:06d}")
            follow(page, page.locator("main form button[type=submit]"))
        main = page.locator("main").inner_text()
        assert page.url == f"{site.url}/", f"{username} was not signed in: {main}"
        return page

    return sign_in
