"""Forms for the registers, shared by the pages and the API.

Every form takes the municipality whose record it edits: each choice of another
record (a partner, a body, a decision) is limited to that municipality, so a
foreign id is "not a valid choice". The forms parse; the registry's actions write
(`actions.update_x(obj, form.changes(), expected_version=form.expected_version, …)`)
and hold the domain's rules (the models' clean(), authority.py).
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.lib.forms import VersionedModelForm, formfield, use_pickers
from samverkan.organisation.models import Body, Municipality, TenantModel
from samverkan.policy.models import PolicyDocument

from .files import check_upload
from .models import (
    Agreement,
    Contact,
    ControlLogEntry,
    Decision,
    Document,
    MembershipFee,
    NetworkMembership,
    ParticipationEntry,
    Partner,
    RegisterSettings,
    TwinTown,
    TwinTownNote,
    ValueReview,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _formfield(field, **kwargs):
    # Addresses typed without a scheme are taken as https (Django 6's default).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return formfield(field, **kwargs)  # numbers the reader's way


class ScopedForm(VersionedModelForm):
    """A form whose record choices come from one municipality only."""

    class Meta:
        formfield_callback = _formfield

    # Field name → extra filter on its choices, e.g. {"committee": {"kind": "committee"}}.
    choice_filters: dict[str, dict] = {}
    # Single choices from long lists (some 250 countries, every partner, every activity):
    # searchable, like every list of several choices.
    searchable_single_choices = frozenset(
        {"country", "partner", "parent", "organisation", "held_through", "channel"}
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        # Kept so that a conflict page can build a fresh form the same way.
        self.extra_kwargs = {"municipality": municipality}
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            model = queryset.model
            if issubclass(model, TenantModel):
                field.queryset = queryset.filter(
                    municipality=municipality, **self.choice_filters.get(name, {})
                )
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE
        use_pickers(self, self.searchable_single_choices)


class PartnerForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = Partner
        fields = [
            "name",
            "local_name",
            "kind",
            "is_local_actor",
            "country",
            "city",
            "website",
            "description",
            "source_url",
        ]


class ContactForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = Contact
        fields = [
            "partner",
            "name",
            "role_title",
            "email",
            "phone",
            "last_contact_on",
            "legal_basis",
            "notes",
        ]


class DecisionForm(ScopedForm):
    sections_of_fields = [
        (
            _("The decision"),
            ["body", "decision_type", "meeting_date", "registration_number", "paragraph"],
        ),
        (_("Its content"), ["title", "text"]),
        (_("Links"), ["policy_document", "source_url"]),
    ]

    class Meta(ScopedForm.Meta):
        model = Decision
        fields = [
            "body",
            "decision_type",
            "meeting_date",
            "registration_number",
            "paragraph",
            "title",
            "text",
            "policy_document",
            "source_url",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_document"].queryset = PolicyDocument.objects.filter(
            municipality=self.municipality
        )


class DocumentForm(ScopedForm):
    """An uploaded file; its type is read from its content and its size checked."""

    class Meta(ScopedForm.Meta):
        model = Document
        fields = ["kind", "title", "file", "is_public", "confidentiality_ground"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.instance.content_type = check_upload(upload)
            self.instance.original_name = upload.name[:255]
            self.instance.size = upload.size
        return upload


class ControlLogEntryForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = ControlLogEntry
        fields = ["reviewed_on", "reviewed_by", "findings"]


class AgreementForm(ScopedForm):
    sections_of_fields = [
        (_("The agreement"), ["kind", "title", "parties", "description"]),
        (_("Dates"), ["signed_on", "valid_from", "valid_until", "renewal_due_on"]),
        (_("Decision and source"), ["signing_body", "decision", "source_url"]),
        (_("Other parties"), ["shared_with"]),
    ]

    class Meta(ScopedForm.Meta):
        model = Agreement
        fields = [
            "kind",
            "title",
            "parties",
            "signed_on",
            "valid_from",
            "valid_until",
            "renewal_due_on",
            "signing_body",
            "decision",
            "description",
            "source_url",
            "shared_with",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sharing is with others: the municipality itself is no choice.
        self.fields["shared_with"].queryset = Municipality.objects.exclude(
            pk=self.municipality.pk
        ).order_by("name")


class PartyAgreementForm(ScopedForm):
    """What a party municipality keeps of an agreement another one registered."""

    class Meta(ScopedForm.Meta):
        model = Agreement
        fields = list(Agreement.PARTY_EDITABLE)


class TwinTownForm(ScopedForm):
    choice_filters = {"partner": {"kind__in": list(Partner.TWIN_KINDS)}}
    sections_of_fields = [
        (_("The relation"), ["partner", "kind", "status", "status_reason", "since", "ended_on"]),
        (_("Agreement and decisions"), ["agreement", "decision", "end_decision"]),
        (
            _("Contacts and follow-up"),
            ["contacts", "last_reviewed_on", "description", "source_url"],
        ),
        (
            _("Consideration"),
            TwinTown.CONSIDERATION_FIELDS,
            _(
                "New twin towns and sister cities are to be carefully considered: complete "
                "every part before the council's decision is recorded."
            ),
        ),
    ]

    class Meta(ScopedForm.Meta):
        model = TwinTown
        fields = [
            "partner",
            "kind",
            "status",
            "status_reason",
            "since",
            "ended_on",
            "agreement",
            "decision",
            "end_decision",
            "contacts",
            "last_reviewed_on",
            "description",
            *TwinTown.CONSIDERATION_FIELDS,
            "source_url",
        ]


class TwinTownNoteForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = TwinTownNote
        fields = ["noted_on", "text"]


class NetworkMembershipForm(ScopedForm):
    choice_filters = {
        "committee": {"kind": Body.Kind.COMMITTEE},
        "participating_committees": {"kind": Body.Kind.COMMITTEE},
    }
    sections_of_fields = [
        (
            _("The membership"),
            ["organisation", "held_through", "scope", "committee", "started_on", "ended_on"],
        ),
        (
            _("Decision and participation"),
            ["decision", "participating_committees", "representatives"],
        ),
        (_("Description and source"), ["description", "source_url"]),
    ]

    class Meta(ScopedForm.Meta):
        model = NetworkMembership
        fields = [
            "organisation",
            "held_through",
            "scope",
            "committee",
            "started_on",
            "ended_on",
            "decision",
            "participating_committees",
            "representatives",
            "description",
            "source_url",
        ]


class MembershipFeeForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = MembershipFee
        fields = ["year", "amount", "currency"]


class ParticipationEntryForm(ScopedForm):
    choice_filters = {"committee": {"kind": Body.Kind.COMMITTEE}}

    class Meta(ScopedForm.Meta):
        model = ParticipationEntry
        fields = ["kind", "occurred_on", "committee", "description", "participants"]


class ValueReviewForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = ValueReview
        fields = ["year", "benefits", "recommendation", "reviewed_by"]


class RegisterSettingsForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = RegisterSettings
        fields = ["contact_retention_months", "twin_town_review_interval_months"]
