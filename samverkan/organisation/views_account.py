"""Your own account: sign in (with the second factor where required), the account page
and setting up or giving the second factor."""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import mfa, sso


class SignInView(LoginView):
    """Django's login, marking the session when the second factor is still to come; with
    single sign-on configured it offers the provider too (or only, without local login)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            sso_enabled=sso.enabled(),
            sso_name=settings.SAMVERKAN_OIDC_NAME,
            local_login=settings.SAMVERKAN_LOCAL_LOGIN or not sso.enabled(),
            sso_failed=self.request.GET.get("sso") == "failed",
        )
        return context

    def post(self, request, *args, **kwargs):
        if sso.enabled() and not settings.SAMVERKAN_LOCAL_LOGIN:
            return HttpResponseForbidden(_("Sign in with your organisation's account."))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        if mfa.requires_mfa(form.get_user()):
            self.request.session[mfa.PENDING] = True
            return redirect(f"{_mfa_url()}?next={self.get_success_url()}")
        return response


def _mfa_url():
    from django.urls import reverse

    return reverse("mfa")


@login_required
def account(request):
    return TemplateResponse(
        request,
        "organisation/account.html",
        {
            "roles": request.user.role_assignments.select_related("municipality"),
            "has_device": mfa.confirmed_device(request.user) is not None,
            "uses_password": request.user.has_usable_password(),
        },
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("The code is six digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def second_factor(request):
    """Give the code; the first time, set the authenticator app up with a QR code."""
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = mfa.confirmed_device(request.user)
    setting_up = device is None
    if setting_up:
        device, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "Samverkan"}
        )
    form = CodeForm(request.POST or None)
    allowed, throttled = device.verify_is_allowed()
    if request.method == "POST" and form.is_valid() and not allowed:
        # django-otp doubles the wait after each wrong code: guessing takes too long.
        seconds = max(
            1, int(((throttled or {}).get("locked_until") - timezone.now()).total_seconds())
        )
        form.add_error(
            "code",
            ngettext(
                "Too many wrong codes: wait %(seconds)s second and try again.",
                "Too many wrong codes: wait %(seconds)s seconds and try again.",
                seconds,
            )
            % {"seconds": seconds},
        )
    elif request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session.pop(mfa.PENDING, None)
            messages.success(request, _("The second factor was accepted."))
            return redirect(_next(request))
        form.add_error("code", _("The code is wrong or too old. Try the current one."))
    context = {"form": form, "setting_up": setting_up, "next": _next(request)}
    if setting_up:
        uri = device.config_url
        context["secret"] = base64.b32encode(device.bin_key).decode()
        context["qr_svg"] = segno.make(uri, error="m").svg_inline(
            scale=4, title=_("QR code for your authenticator app")
        )
    return TemplateResponse(request, "organisation/mfa.html", context)
