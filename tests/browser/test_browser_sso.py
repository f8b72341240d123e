"""Single sign-on through a real OpenID Connect provider (node's oidc-provider, started
here from tests/oidc), the whole authorization-code flow in the browser."""

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from samverkan.organisation.models import Role, RoleAssignment

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def provider(site, settings):
    """The provider on a free port, its client registered for the live server's callback,
    and the site configured to use it."""
    node = shutil.which("node")
    assert node, "Node.js is needed for the OpenID Connect provider (.ci/run installs it)"
    assert (PROVIDER_DIR / "node_modules" / "oidc-provider").exists(), (
        "run `npm ci` in tests/oidc (make test does)"
    )
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [node, "provider.mjs", str(port), f"{site.url}/oidc/callback/"],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the OpenID Connect provider did not start")
        settings.OIDC_RP_CLIENT_ID = "samverkan"
        settings.OIDC_RP_CLIENT_SECRET = "samverkan-test-secret"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/auth"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/me"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/jwks"
        settings.OIDC_RP_SCOPES = "openid email profile groups"
        settings.SAMVERKAN_OIDC_NAME = "Motala-konto"
        settings.SAMVERKAN_OIDC_ROLE_MAP = "samverkan-motala-coordinators=0583:coordinator"
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "samverkan.organisation.sso.SignInWithProvider",
        ]
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def _sign_in_at_provider(page, login):
    """The provider's own pages (not ours, so not checked with axe): name, then consent."""
    page.wait_for_url("**/interaction/**")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "any")
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/interaction/**")
    page.locator("button[type=submit]").click()


def test_a_coordinator_signs_in_with_the_provider_and_gets_the_mapped_role(
    page, provider, visit, check_page, site
):
    visit(page, "/login/")
    button = page.locator("main a[href^='/oidc/authenticate/']")
    assert "Motala-konto" in button.inner_text()
    button.click()
    _sign_in_at_provider(page, "kim.koordinator")
    page.wait_for_url(f"{site.url}/")
    check_page(page)
    assignment = RoleAssignment.objects.get(user__email="kim.koordinator@motala.example")
    assert assignment.role == Role.COORDINATOR
    assert assignment.municipality == site.motala
    assert not assignment.user.has_usable_password()
    assert "kim koordinator" in page.locator("header .who").inner_text().lower()


def test_a_person_without_a_role_is_told_so(page, provider, visit, check_page, site):
    visit(page, "/login/")
    page.locator("main a[href^='/oidc/authenticate/']").click()
    _sign_in_at_provider(page, "nils.ny")
    page.wait_for_url(f"{site.url}/")
    check_page(page)
    assert not RoleAssignment.objects.filter(user__email="nils.ny@motala.example").exists()
    text = page.locator("main").inner_text()
    assert "administrat" in text  # "ask your administrator" in either language
