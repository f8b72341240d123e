"""API tokens expire, and each user makes, sees and revokes their own on a page."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samverkan.api.actions import create_token
from samverkan.api.models import ApiToken


def test_an_expired_token_is_refused(demo, caller, client):
    token, raw = create_token(demo.users["coordinator"], days=1)
    assert caller(client, raw).get("/bodies").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = caller(client, raw).get("/bodies")
    assert response.status_code == 401
    assert "gått ut" in response.json()["message"]


def test_a_token_lives_as_long_as_asked_and_at_most_a_year(demo):
    token, _raw = create_token(demo.users["reader"], days=30)
    lifetime = token.expires_at - token.created_at
    assert datetime.timedelta(days=29) < lifetime <= datetime.timedelta(days=30)
    from samverkan.api.actions import TokenError

    try:
        create_token(demo.users["reader"], days=400)
    except TokenError as error:
        assert "365" in str(error)
    else:
        raise AssertionError("a token of 400 days was made")


def test_a_user_makes_sees_and_revokes_their_own_tokens(demo, client, caller):
    client.force_login(demo.users["editor"])
    page = client.post(reverse("token-list"), {"name": "Exportskript", "days": "30"})
    assert page.status_code == 200
    raw = page.context["new_token"]
    assert raw.startswith("svk_")
    token = ApiToken.objects.get(user=demo.users["editor"], name="Exportskript")
    assert raw not in str(token.__dict__)  # only its hash is kept
    listing = client.get(reverse("token-list")).content.decode()
    assert token.prefix in listing and raw not in listing
    api = caller(client, raw)
    assert api.get("/bodies").status_code == 200

    response = client.post(reverse("token-revoke", args=[token.pk]))
    assert response.status_code == 302
    assert caller(client, raw).get("/bodies").status_code == 401


def test_nobody_revokes_another_users_token(demo, client):
    token, _raw = create_token(demo.users["coordinator"])
    client.force_login(demo.users["editor"])
    assert client.post(reverse("token-revoke", args=[token.pk])).status_code == 404
    assert client.get(reverse("token-revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_bad_input_on_the_token_page_is_a_message(demo, client):
    client.force_login(demo.users["reader"])
    page = client.post(reverse("token-list"), {"name": "", "days": "9999"})
    assert page.status_code == 200
    assert page.context["form"].errors.keys() == {"name", "days"}
    assert not ApiToken.objects.filter(user=demo.users["reader"]).exists()


def test_the_command_makes_a_token_with_a_lifetime(demo, capsys):
    call_command("create_token", "reader", "--days", "7")
    token = ApiToken.objects.filter(user=demo.users["reader"]).get()
    assert token.expires_at - token.created_at <= datetime.timedelta(days=7)
