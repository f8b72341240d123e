"""Forms of the yearly accounts; the pages and the API validate with the same ones."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.registry.models import Decision

from .models import YearlyAccount

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpenRoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DATE,
        help_text=_("When every account should be approved. Empty: 31 March the year after."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


def reporter_choices(municipality):
    """The municipality's users (anyone with a role there) who may be named reporters."""
    return (
        get_user_model()
        .objects.filter(role_assignments__municipality=municipality, is_active=True)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


class ReporterForm(forms.Form):
    reporter = forms.ModelChoiceField(
        label=_("Reporter"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reporter"]
        field.queryset = reporter_choices(municipality)
        field.label_from_instance = lambda user: user.get_full_name() or user.get_username()
        field.empty_label = _("No reporter")


class SectionsForm(forms.Form):
    """The committee's four texts, each with a "ready" box, and the version it opened."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, account, **kwargs):
        initial = {"opened_version": account.version}
        for name in YearlyAccount.SECTIONS:
            initial[name] = getattr(account, name)
            initial[f"{name}_ready"] = getattr(account, f"{name}_ready")
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.account = account
        for name in YearlyAccount.SECTIONS:
            label = YearlyAccount._meta.get_field(name).verbose_name
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 6})
            )
            self.fields[f"{name}_ready"] = forms.BooleanField(
                label=_("%(section)s is ready") % {"section": str(label).capitalize()},
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        for name in YearlyAccount.SECTIONS:
            if cleaned.get(f"{name}_ready") and not (cleaned.get(name) or "").strip():
                self.add_error(f"{name}_ready", _("An empty section cannot be marked ready."))
        return cleaned

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "opened_version"}


class ApproveForm(forms.Form):
    decision_date = forms.DateField(label=_("Date of the committee's decision"), widget=DATE)
    decision_paragraph = forms.CharField(label=_("Paragraph (§)"), max_length=20)
    decision = forms.ModelChoiceField(
        label=_("Decision in the registry"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("Optional: the decision as recorded in the decision registry."),
    )

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Decision.objects.for_municipality(
            account.municipality
        ).filter(body=account.body)


class ReturnForm(forms.Form):
    return_comment = forms.CharField(
        label=_("Comment to the committee"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what should change before the account can be approved."),
    )
