"""Form helpers shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _


class VersionedModelForm(forms.ModelForm):
    """Carries the version the editor opened, so that saving can detect a conflict."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["opened_version"].initial = self.instance.version

    def clean_opened_version(self):
        value = self.cleaned_data.get("opened_version")
        if self.instance.pk and value is None:
            raise forms.ValidationError(_("The form is incomplete: reload the page and try again."))
        return value

    @property
    def expected_version(self) -> int | None:
        """The version the editor opened (None for a new record): the action's version check."""
        return self.cleaned_data.get("opened_version") if self.instance.pk else None

    def changes(self) -> dict:
        """The submitted values of the model's fields, for the app's action to write."""
        return {
            name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data
        }

    def changed_values(self, current) -> list[dict]:
        """Field by field: what this editor submitted and what the record holds now."""
        rows = []
        for name in self._meta.fields:
            field = self.fields[name]
            mine = self.cleaned_data.get(name)
            theirs = getattr(current, name)
            if not isinstance(field, forms.ModelMultipleChoiceField) and hasattr(theirs, "all"):
                # A form field kept in related rows (e.g. countries): compare the values.
                theirs = field.prepare_value(
                    type(self)(instance=current, **getattr(self, "extra_kwargs", {})).initial.get(
                        name
                    )
                )
                if sorted(map(str, mine or [])) == sorted(map(str, theirs or [])):
                    continue
            elif isinstance(field, forms.ModelMultipleChoiceField):
                mine, theirs = list(mine or []), list(theirs.all())
                if {o.pk for o in mine} == {o.pk for o in theirs}:
                    continue
                mine = ", ".join(map(str, mine))
                theirs = ", ".join(map(str, theirs))
            if mine != theirs:
                rows.append({"label": field.label, "mine": mine, "theirs": theirs})
        return rows
