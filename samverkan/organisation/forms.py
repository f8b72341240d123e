from django import forms

from samverkan.lib.forms import VersionedModelForm

from .models import Body, Goal, Municipality


class BodyForm(VersionedModelForm):
    class Meta:
        model = Body
        fields = ["kind", "name", "abbreviation", "delegated_by", "administration", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the municipality's own deciding bodies can delegate.
        self.fields["delegated_by"].queryset = Body.objects.filter(
            municipality_id=self.instance.municipality_id
        ).exclude(kind__in=Body.DELEGATE_KINDS)


class CommitteeBodyForm(VersionedModelForm):
    """What a committee editor may change about their own committee."""

    class Meta:
        model = Body
        fields = ["administration", "description"]


class GoalForm(VersionedModelForm):
    class Meta:
        model = Goal
        fields = [
            "parent",
            "level",
            "code",
            "title",
            "description",
            "valid_from_year",
            "valid_to_year",
        ]

    def __init__(self, *args, parent_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        # Only goals of the same municipality are offered as parents, never the goal itself;
        # the tree's rules are the action's (organisation.actions).
        if self.instance.pk:
            parent_queryset = parent_queryset.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parent_queryset


class DataProtectionOfficerForm(forms.ModelForm):
    """The data protection officer's contact, for the record of processing."""

    prefix = "dpo"

    class Meta:
        model = Municipality
        fields = ["data_protection_officer"]
        widgets = {"data_protection_officer": forms.Textarea(attrs={"rows": 3})}
