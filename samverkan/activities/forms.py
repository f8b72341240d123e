"""Forms for activities, trainings and resources, shared by the pages, the API and the import.

Like the registry's forms they take the municipality whose record they edit, and every
choice of another record comes from that municipality only. They parse and check the
shape of the input; the rules and the writing are the actions' (activities/actions.py):
`actions.update_activity(activity, form.changes(), expected_version=form.expected_version,
acting_user=request.user)`.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samverkan.lib.countries import country_choices
from samverkan.lib.forms import person_label
from samverkan.organisation.models import Body
from samverkan.registry.files import check_upload
from samverkan.registry.forms import ScopedForm

from .models import (
    AGENDA_2030_GOALS,
    Activity,
    ActivityAttachment,
    FundingLine,
    Milestone,
    Resource,
    Training,
)


class ActivityForm(ScopedForm):
    sections_of_fields = [
        (
            _("The activity"),
            ["title", "description", "kind", "status", "start_date", "end_date", "parent"],
        ),
        (_("Responsible"), ["committee", "administration"]),
        (_("Countries and partners"), ["countries", "partners", "twin_towns", "memberships"]),
        (_("Goals and purpose"), ["goals", "agenda_2030_goals", "purpose"]),
        (
            _("Participants and travel"),
            [
                "participants_elected",
                "participants_employees",
                "participants_residents",
                "participants_young",
                "traveller_selection",
                "travellers",
            ],
        ),
        (_("Costs and progress"), ["own_costs", "weight", "progress"]),
        (_("Results"), ["results", "lessons"]),
        (
            _("Publication"),
            ["is_public", "external_id"],
            _(
                "A public activity is shown on the municipality's public pages and in its "
                "open data, without the names of travellers or other persons."
            ),
        ),
    ]
    countries = forms.MultipleChoiceField(
        # The function, not a list: each form names the countries in its request's language.
        label=capfirst(_("countries")),
        choices=country_choices,
        required=False,
    )
    agenda_2030_goals = forms.TypedMultipleChoiceField(
        label=_("Agenda 2030 goals"), choices=AGENDA_2030_GOALS, coerce=int, required=False
    )

    class Meta(ScopedForm.Meta):
        model = Activity
        fields = [
            "title",
            "description",
            "committee",
            "administration",
            "kind",
            "status",
            "start_date",
            "end_date",
            "countries",
            "partners",
            "twin_towns",
            "memberships",
            "goals",
            "participants_elected",
            "participants_employees",
            "participants_residents",
            "participants_young",
            "own_costs",
            "purpose",
            "traveller_selection",
            "travellers",
            "results",
            "lessons",
            "agenda_2030_goals",
            "parent",
            "weight",
            "progress",
            "external_id",
            "is_public",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["countries"] = [c.country.code for c in self.instance.countries.all()]
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )

    def clean_external_id(self):
        # Unique within the municipality: a rule the action checks (it knows the others).
        return self.cleaned_data["external_id"].strip()


class FundingLineForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = FundingLine
        fields = ["source", "programme", "amount", "currency", "exchange_rate", "rate_date"]


class MilestoneForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = Milestone
        fields = ["title", "due_on", "done_on"]


class TrainingForm(ScopedForm):
    sections_of_fields = [
        (
            _("The training"),
            ["title", "organiser", "committee", "held_on", "hours", "topics", "description"],
        ),
        (
            _("Participants"),
            ["participants_elected", "participants_employees", "named_participants"],
        ),
    ]
    topics = forms.MultipleChoiceField(
        label=capfirst(_("topics")),
        choices=Training.Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(ScopedForm.Meta):
        model = Training
        fields = [
            "title",
            "organiser",
            "committee",
            "held_on",
            "hours",
            "participants_elected",
            "participants_employees",
            "named_participants",
            "topics",
            "description",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Named participants: people with a role in this municipality, by their names.
        participants = self.fields["named_participants"]
        participants.queryset = (
            participants.queryset.filter(role_assignments__municipality=self.municipality)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        participants.label_from_instance = person_label


class ResourceForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = Resource
        fields = ["body", "year", "budget_sek", "staff_fte", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = self.fields["body"].queryset.exclude(kind=Body.Kind.COUNCIL)


class ActivityAttachmentForm(ScopedForm):
    """A file on an activity; its type is read from its content and its size checked
    here for a message beside the field, and again by the action."""

    class Meta(ScopedForm.Meta):
        model = ActivityAttachment
        fields = ["title", "file", "is_public"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            check_upload(upload)
        return upload
