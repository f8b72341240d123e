from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.lib.forms import VersionedModelForm

from .models import Body, Goal


class BodyForm(VersionedModelForm):
    class Meta:
        model = Body
        fields = ["kind", "name", "abbreviation", "administration", "description"]

    def clean_name(self):
        # The unique constraint includes the municipality, which is not a form field,
        # so Django's own unique check skips it: check here instead of failing on save.
        name = self.cleaned_data["name"]
        clash = Body.objects.filter(
            municipality_id=self.instance.municipality_id, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("There is already a body with this name."))
        return name


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
        # Only goals of the same municipality can be parents; never the goal itself.
        if self.instance.pk:
            parent_queryset = parent_queryset.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parent_queryset

    def clean(self):
        cleaned = super().clean()
        level, parent = cleaned.get("level"), cleaned.get("parent")
        expected_parent_level = {
            Goal.Level.VISION: None,
            Goal.Level.AREA: Goal.Level.VISION,
            Goal.Level.GOAL: Goal.Level.AREA,
        }
        if level:
            wanted = expected_parent_level[level]
            if wanted is None and parent is not None:
                self.add_error("parent", _("A vision is the top of the tree and has no parent."))
            elif wanted is not None and (parent is None or parent.level != wanted):
                self.add_error(
                    "parent",
                    _("A %(level)s must be part of a %(parent_level)s.")
                    % {
                        "level": Goal.Level(level).label.lower(),
                        "parent_level": Goal.Level(wanted).label.lower(),
                    },
                )
        start, end = cleaned.get("valid_from_year"), cleaned.get("valid_to_year")
        if start and end and end < start:
            self.add_error("valid_to_year", _("The last year comes before the first year."))
        return cleaned
