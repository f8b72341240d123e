"""Signing in: lockout after repeated failures, and the session's limits."""

import datetime

from django.urls import reverse
from django.utils import timezone

from samverkan.organisation import signin


def _sign_in(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, demo, settings):
    for _attempt in range(5):
        response = _sign_in(client, "reader", "wrong")
        assert response.status_code in (200, 429)
    response = _sign_in(client, "reader", demo.password)
    assert response.status_code == 429
    page = response.content.decode()
    assert "15" in page  # minutes left
    assert "_auth_user_id" not in client.session
    # Another address is refused for that user name too, and the user's own address
    # is refused for other user names: the lock holds per user and per address.
    assert _sign_in(client, "reader", demo.password, address="198.51.100.7").status_code == 429
    assert _sign_in(client, "coordinator", demo.password).status_code == 429


def test_the_lock_ends_after_its_time(client, demo, settings):
    from axes.models import AccessAttempt

    for _attempt in range(5):
        _sign_in(client, "editor", "wrong")
    assert _sign_in(client, "editor", demo.password).status_code == 429
    # Move the failures back past the cool-off time, as the clock would.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    )
    assert _sign_in(client, "editor", demo.password).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, demo):
    for _attempt in range(4):
        _sign_in(client, "registrar", "wrong")
    assert _sign_in(client, "registrar", demo.password).status_code == 302
    client.logout()
    for _attempt in range(4):
        _sign_in(client, "registrar", "wrong")
    assert _sign_in(client, "registrar", demo.password).status_code == 302


def test_behind_a_proxy_the_forwarded_address_counts(rf, settings):
    settings.SAMVERKAN_TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    assert signin.client_address(request) == "10.0.0.1"
    settings.SAMVERKAN_TRUSTED_PROXIES = 2
    assert signin.client_address(request) == "203.0.113.9"
    settings.SAMVERKAN_TRUSTED_PROXIES = 0
    assert signin.client_address(request) == "127.0.0.1"


def _age_session(client, *, signed_in_ago, seen_ago):
    session = client.session
    now = int(timezone.now().timestamp())
    session[signin.SIGNED_IN_AT] = now - int(signed_in_ago.total_seconds())
    session[signin.SEEN_AT] = now - int(seen_ago.total_seconds())
    session.save()


def test_an_idle_session_ends(client, demo, settings):
    assert _sign_in(client, "reader", demo.password).status_code == 302
    assert client.get(reverse("body-list")).status_code == 200
    idle = datetime.timedelta(minutes=settings.SAMVERKAN_SESSION_IDLE_MINUTES + 1)
    _age_session(client, signed_in_ago=idle, seen_ago=idle)
    response = client.get(reverse("body-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("body-list")).status_code == 302  # signed out for good


def test_a_busy_session_still_ends_at_its_absolute_limit(client, demo, settings):
    assert _sign_in(client, "reader", demo.password).status_code == 302
    limit = datetime.timedelta(hours=settings.SAMVERKAN_SESSION_MAX_HOURS, minutes=1)
    _age_session(client, signed_in_ago=limit, seen_ago=datetime.timedelta(minutes=1))
    response = client.get(reverse("body-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_active_session_goes_on(client, demo, settings):
    assert _sign_in(client, "reader", demo.password).status_code == 302
    _age_session(
        client,
        signed_in_ago=datetime.timedelta(hours=2),
        seen_ago=datetime.timedelta(minutes=settings.SAMVERKAN_SESSION_IDLE_MINUTES - 5),
    )
    assert client.get(reverse("body-list")).status_code == 200
    assert client.session[signin.SEEN_AT] >= int(timezone.now().timestamp()) - 5
