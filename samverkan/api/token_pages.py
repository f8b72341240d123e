"""The signed-in user's own API tokens: make one (shown once), see them, revoke one.

Plain Django pages of the api app (no page helpers of other apps): the tokens are the
API's, and the management commands create_token/revoke_token do the same for operators.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .actions import DEFAULT_LIFETIME_DAYS, TokenError, create_token, revoke_token
from .models import ApiToken

LIFETIMES = [
    (30, gettext_lazy("30 days")),
    (90, gettext_lazy("90 days")),
    (180, gettext_lazy("180 days")),
    (365, gettext_lazy("One year")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What the token is for"),
        max_length=100,
        help_text=gettext_lazy("E.g. the script or program that uses it."),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        choices=LIFETIMES,
        coerce=int,
        initial=DEFAULT_LIFETIME_DAYS,
    )


@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_token = create_token(
                request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except TokenError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The token %(prefix)s… was made. Copy it now: it cannot be shown again.")
                % {"prefix": token.prefix},
            )
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return TemplateResponse(
        request,
        "api/token_list.html",
        {"form": form, "tokens": tokens, "new_token": new_token},
    )


@login_required
def token_revoke(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # Only one's own tokens: another user's id answers 404 like a missing one.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if revoke_token(token):
        messages.success(
            request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix}
        )
    return redirect("token-list")
