"""Forms for applications and their life-cycle records, shared by the pages and the API.

Like the registry's forms they take the municipality whose record they edit; every
choice of another record (body, partner, decision, call) comes from it only. They parse;
the rules (granted not more than applied, the status transitions) are the actions'
(actions.py), which the pages and the API call with `form.changes()`.
"""

from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from samverkan.activities.models import Currency
from samverkan.organisation.models import Body
from samverkan.registry.files import check_upload
from samverkan.registry.forms import ScopedForm

from .models import (
    TRANSITIONS,
    Application,
    ApplicationAttachment,
    CoFinancing,
    GrantAgreement,
    PaymentClaim,
    ReportDue,
)

APPLICATION_FIELDS = [
    "title",
    "description",
    "call",
    "programme",
    "programme_name",
    "call_deadline",
    "lead_body",
    "partners",
    "status",
    "currency",
    "exchange_rate",
    "rate_date",
    "amount_applied",
    "amount_granted",
    "submitted_on",
    "decided_on",
    "funder_reference",
    "project_start",
    "project_end",
    "programme_period_end",
    "municipal_decision",
]


class ApplicationForm(ScopedForm):
    sections_of_fields = [
        (_("The application"), ["title", "description", "lead_body", "partners"]),
        (
            _("Call and programme"),
            ["call", "programme", "programme_name", "call_deadline", "programme_period_end"],
        ),
        (
            _("Amounts"),
            ["currency", "exchange_rate", "rate_date", "amount_applied", "amount_granted"],
        ),
        (
            _("Status and dates"),
            ["status", "submitted_on", "decided_on", "funder_reference", "municipal_decision"],
        ),
        (_("The project"), ["project_start", "project_end"]),
    ]

    class Meta(ScopedForm.Meta):
        model = Application
        fields = APPLICATION_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_body"].queryset = self.fields["lead_body"].queryset.exclude(
            kind=Body.Kind.COUNCIL
        )
        # A call is chosen from the page of the call (?call=<pk>); the menu holds the
        # current one only, not the thousands imported.
        calls = self.fields["call"].queryset
        chosen = self.data.get("call") if self.is_bound else self.initial.get("call")
        linked = [pk for pk in (self.instance.call_id, chosen) if pk and str(pk).isdigit()]
        self.fields["call"].queryset = calls.filter(pk__in=linked)
        if not linked:
            # No call to show: an application for a national programme, made freely.
            self.fields["call"].widget = forms.HiddenInput()
        self._ask_for_the_rate()
        if self.instance.pk:
            # Only the statuses the life cycle allows from here (and staying put).
            current = self.instance.status
            allowed = {current} | set(TRANSITIONS[current])
            self.fields["status"].choices = [
                (value, label) for value, label in Application.Status.choices if value in allowed
            ]
            self.fields["status"].help_text = _(
                "Only the steps the life cycle allows from the current status are offered."
            )
            self.fields["status"].error_messages["invalid_choice"] = _(
                "An application cannot go from %(before)s to %%(value)s. From %(before)s it "
                "can go to: %(allowed)s."
            ) % {
                "before": self.instance.get_status_display(),
                "allowed": ", ".join(
                    str(Application.Status(s).label) for s in sorted(TRANSITIONS[current])
                )
                or "–",
            }

    def _ask_for_the_rate(self) -> None:
        """Beside the currency, the rate and its date, said plainly; required (and marked
        so) when the currency is not SEK, as an application from an EU call starts in EUR."""
        if self.is_bound:
            currency = self.data.get("currency") or self.instance.currency
        else:
            currency = self.initial.get("currency") or self.instance.currency
        rate, day = self.fields["exchange_rate"], self.fields["rate_date"]
        rate.help_text = _(
            "Needed when the currency is not SEK: how many kronor one unit of the currency "
            "is worth, as used for this application (for example %(example)s for one euro)."
        ) % {"example": number_format(Decimal("11.25"))}
        day.help_text = _(
            "Needed when the currency is not SEK: the day the rate is from, for example the "
            "Riksbank's rate on the day the application was sent."
        )
        if currency and currency != Currency.SEK:
            rate.required = day.required = True
            rate.label = _("exchange rate to SEK (SEK per %(currency)s)") % {"currency": currency}


class CoFinancingForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = CoFinancing
        fields = ["body", "amount_sek", "decision", "note"]


class GrantAgreementForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = GrantAgreement
        fields = ["signed_on", "reference", "amount"]


class PaymentClaimForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = PaymentClaim
        fields = ["amount", "submitted_on", "paid_on", "paid_amount"]


class ReportDueForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = ReportDue
        fields = ["kind", "due_on", "submitted_on"]


class ApplicationAttachmentForm(ScopedForm):
    """A document of an application; its type is read from its content and its size checked."""

    class Meta(ScopedForm.Meta):
        model = ApplicationAttachment
        fields = ["title", "file"]

    def clean_file(self):
        # Checked here for the page's message beside the field; the action checks again
        # and records the type, name and size.
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            check_upload(upload)
        return upload
