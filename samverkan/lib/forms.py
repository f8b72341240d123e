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

    def changed_values(self, current) -> list[dict]:
        """Field by field: what this editor submitted and what the record holds now."""
        rows = []
        for name in self._meta.fields:
            field = self.fields[name]
            mine = self.cleaned_data.get(name)
            theirs = getattr(current, name)
            if mine != theirs:
                rows.append({"label": field.label, "mine": mine, "theirs": theirs})
        return rows
