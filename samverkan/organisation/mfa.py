"""A second factor (TOTP, django-otp) for administrators who sign in with a password.

Who must: the platform operator and every municipality's administrator, when they sign
in locally (single sign-on leaves the second factor to the identity provider). Signing in
with the password marks the session as waiting for the second factor; until it is given
(or, the first time, an authenticator app is set up) every page leads to that step.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from .models import Role, RoleAssignment

PENDING = "samverkan_mfa_pending"


def requires_mfa(user) -> bool:
    if not settings.SAMVERKAN_MFA_FOR_ADMINISTRATORS:
        return False
    return (
        user.is_superuser
        or RoleAssignment.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()
    )


def confirmed_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class SecondFactorMiddleware:
    """Pages wait until a session marked PENDING has given its second factor."""

    OPEN = ("/account/mfa/", "/logout/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and request.session.get(PENDING)
            and not request.path.startswith(self.OPEN)
        ):
            if request.path.startswith("/api/"):
                # The API answers as to anyone not signed in (tokens are not affected).
                return redirect_to_login(request.get_full_path())
            return redirect(f"{reverse('mfa')}?next={request.get_full_path()}")
        return self.get_response(request)
