"""Signing in safely: lockout after repeated failures (django-axes) and session limits.

After SAMVERKAN_LOGIN_FAILURE_LIMIT wrong passwords for one username, or from one
address, even the right password is refused until the lock ends; the page says how long
that is. A session ends after SAMVERKAN_SESSION_IDLE_MINUTES without a request and, in
any case, SAMVERKAN_SESSION_MAX_HOURS after signing in.
"""

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.db.models import Max, Q
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

SIGNED_IN_AT = "samverkan_signed_in_at"
SEEN_AT = "samverkan_seen_at"
# Writing the session on every request would turn each read into a write.
SEEN_PRECISION_SECONDS = 60


def client_address(request) -> str | None:
    """The caller's address: REMOTE_ADDR, or behind SAMVERKAN_TRUSTED_PROXIES proxies the
    address the outermost trusted proxy saw (from X-Forwarded-For)."""
    proxies = settings.SAMVERKAN_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (AXES_LOCKOUT_CALLABLE): 429 and the time left."""
    from axes.models import AccessAttempt

    username = (credentials or {}).get("username") or request.POST.get("username", "")
    address = client_address(request)
    last = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=address)).aggregate(
        last=Max("attempt_time")
    )["last"]
    until = (last or timezone.now()) + settings.AXES_COOLOFF_TIME
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    # Rendered here: the answer comes from a middleware, after the template-response phase.
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "until": until, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


@receiver(user_logged_in)
def _note_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now


class SessionLimitMiddleware:
    """Ends a session that was idle too long or is older than the absolute limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        now = int(timezone.now().timestamp())
        session = request.session
        signed_in_at = session.get(SIGNED_IN_AT)
        seen_at = session.get(SEEN_AT)
        if signed_in_at is None or seen_at is None:
            # A session from before these limits (or a test's force_login): start counting.
            session[SIGNED_IN_AT] = signed_in_at or now
            session[SEEN_AT] = now
            return None
        idle = now - seen_at > settings.SAMVERKAN_SESSION_IDLE_MINUTES * 60
        expired = now - signed_in_at > settings.SAMVERKAN_SESSION_MAX_HOURS * 3600
        if idle or expired:
            logout(request)
            message = (
                _("You were signed out after a while without activity. Sign in again.")
                if idle
                else _("Your session has ended. Sign in again.")
            )
            if request.path.startswith("/api/"):
                return None  # the API answers 401 itself, as for any anonymous caller
            messages.info(request, message)
            return redirect_to_login(request.get_full_path())
        if now - seen_at >= SEEN_PRECISION_SECONDS:
            session[SEEN_AT] = now
        return None
