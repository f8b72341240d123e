"""A second factor for administrators who sign in with a password (django-otp, TOTP)."""

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_an_administrator_sets_up_and_then_gives_the_second_factor(demo, client):
    admin = demo.users["admin"]
    response = _sign_in(client, "admin", demo.password)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa"))
    # Every page waits for the second factor.
    blocked = client.get(reverse("body-list"))
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("mfa"))

    setup = client.get(reverse("mfa"))
    assert setup.context["setting_up"]
    assert "<svg" in setup.content.decode() and setup.context["secret"]
    device = TOTPDevice.objects.get(user=admin, confirmed=False)

    wrong = client.post(reverse("mfa"), {"code": "000000", "next": "/bodies/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]
    # Right after a wrong code even the right one waits (django-otp's throttling) ...
    waiting = client.post(reverse("mfa"), {"code": _code(device), "next": "/bodies/"})
    assert waiting.status_code == 200 and waiting.context["form"].errors["code"]
    # ... until the wait is over, as the clock would have it.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    right = client.post(reverse("mfa"), {"code": _code(device), "next": "/bodies/"})
    assert right.status_code == 302 and right["Location"] == "/bodies/"
    assert client.get(reverse("body-list")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # Next time: only the code, no new key.
    client.post(reverse("logout"))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # a new time step
    assert _sign_in(client, "admin", demo.password)["Location"].startswith(reverse("mfa"))
    again = client.get(reverse("mfa"))
    assert not again.context["setting_up"] and "secret" not in again.context
    assert client.post(reverse("mfa"), {"code": _code(device)}).status_code == 302
    assert client.get(reverse("body-list")).status_code == 200


def test_other_roles_sign_in_with_the_password_alone(demo, client):
    response = _sign_in(client, "coordinator", demo.password)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("body-list")).status_code == 200


def test_the_operator_reaches_the_back_office_only_after_the_second_factor(demo, client):
    assert client.get("/admin/login/")["Location"].startswith(reverse("login"))
    _sign_in(client, "operator", demo.password)
    assert client.get("/admin/")["Location"].startswith(reverse("mfa"))
    client.get(reverse("mfa"))
    device = TOTPDevice.objects.get(user=demo.users["operator"])
    client.post(reverse("mfa"), {"code": _code(device)})
    assert client.get("/admin/").status_code == 200


def test_the_setting_turns_it_off(demo, client, settings):
    settings.SAMVERKAN_MFA_FOR_ADMINISTRATORS = False
    assert _sign_in(client, "admin", demo.password)["Location"] == reverse("home")
