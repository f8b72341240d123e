"""Forms of the monitoring app, shared by the pages and the API."""

from django.contrib.auth import get_user_model

from samverkan.registry.forms import ScopedForm
from samverkan.registry.models import Partner

from .actions import RESPONSIBLE_BODY_KINDS
from .models import InfluenceAction, SubjectArea, WatchItem

# The bodies offered for a subject area or a watch item: those the actions accept.
RESPONSIBLE_BODIES = {"kind__in": list(RESPONSIBLE_BODY_KINDS)}


def _user_label(user):
    return user.get_full_name() or user.get_username()


class SubjectAreaForm(ScopedForm):
    choice_filters = {"committee": RESPONSIBLE_BODIES}

    class Meta(ScopedForm.Meta):
        model = SubjectArea
        fields = ["name", "description", "committee"]


class WatchItemForm(ScopedForm):
    choice_filters = {"committee": RESPONSIBLE_BODIES}

    class Meta(ScopedForm.Meta):
        model = WatchItem
        fields = [
            "title",
            "eu_reference",
            "kind",
            "subject_area",
            "committee",
            "responsible_person",
            "status",
            "feedback_opens_on",
            "feedback_closes_on",
            "next_date",
            "next_step",
            "url",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields["responsible_person"]
        # Only people with a role in this municipality can answer for its items.
        person.queryset = (
            get_user_model()
            .objects.filter(role_assignments__municipality=self.municipality, is_active=True)
            .order_by("first_name", "last_name", "username")
        )
        person.label_from_instance = _user_label


class InfluenceActionForm(ScopedForm):
    class Meta(ScopedForm.Meta):
        model = InfluenceAction
        fields = ["kind", "taken_on", "channel", "contact", "description", "outcome"]

    def __init__(self, *args, sees_contacts=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_kwargs["sees_contacts"] = sees_contacts
        channel = self.fields["channel"]
        channel.queryset = channel.queryset.exclude(kind__in=Partner.PERSONAL_KINDS)
        if sees_contacts:
            contact = self.fields["contact"]
            contact.queryset = contact.queryset.filter(erased_at__isnull=True).select_related(
                "partner"
            )
            contact.label_from_instance = lambda c: f"{c.name} ({c.partner.name})"
        else:
            # Contacts are personal data: a role that may not see them does not choose one.
            del self.fields["contact"]
