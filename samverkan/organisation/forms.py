from samverkan.lib.forms import VersionedModelForm

from .models import Body, Goal


class BodyForm(VersionedModelForm):
    class Meta:
        model = Body
        fields = ["kind", "name", "abbreviation", "administration", "description"]


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
