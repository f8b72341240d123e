"""Forms of the funding app, shared by the pages and the API: they parse the input; the
rules (a programme's code unique, a search not empty) are the actions' (actions.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.lib.forms import VersionedModelForm
from samverkan.registry.forms import ScopedForm

from .matching import format_keywords, parse_keywords
from .models import Programme, SavedSearch, WatchProfile


class CommaListField(forms.CharField):
    """A list of short texts typed as "a, b, c"."""

    def __init__(self, *, upper=False, **kwargs):
        self.upper = upper
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return value

    def to_python(self, value):
        text = super().to_python(value)
        parts = (part.strip() for part in text.split(","))
        return list(dict.fromkeys(p.upper() if self.upper else p for p in parts if p))


class KeywordsField(forms.CharField):
    """Weighted keywords typed one a line as "word" or "word: weight"."""

    widget = forms.Textarea(attrs={"rows": 8})

    def prepare_value(self, value):
        if isinstance(value, list):
            return format_keywords(value)
        return value

    def to_python(self, value):
        try:
            keywords = parse_keywords(super().to_python(value))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return keywords

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Give at least one keyword."))


class ProgrammeForm(ScopedForm):
    subject_areas = CommaListField(
        label=_("Subject areas"), help_text=_("Separated by commas, e.g. education, youth.")
    )
    portal_codes = CommaListField(
        upper=True,
        label=_("Codes on the EU Funding & Tenders Portal"),
        help_text=_("Identifier prefixes separated by commas, e.g. ERASMUS."),
    )

    class Meta(ScopedForm.Meta):
        model = Programme
        fields = [
            "name",
            "code",
            "owner",
            "level",
            "period_start_year",
            "period_end_year",
            "subject_areas",
            "url",
            "description",
            "portal_codes",
        ]


class WatchProfileForm(ScopedForm):
    keywords = KeywordsField(
        label=_("Keywords"),
        help_text=_(
            'One per line, in Swedish and English, with an optional weight: "klimat: 3". '
            "A word of four letters or more also matches longer words it begins."
        ),
    )

    class Meta(ScopedForm.Meta):
        model = WatchProfile
        fields = ["name", "goal", "subject_area", "keywords", "active"]


class SavedSearchForm(VersionedModelForm):
    subject_areas = CommaListField(
        label=_("Subject areas"),
        help_text=_("Subject areas of the programmes, separated by commas."),
    )

    class Meta:
        model = SavedSearch
        fields = ["name", "words", "programmes", "subject_areas"]
        widgets = {"programmes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.extra_kwargs = {"municipality": municipality}
        self.fields["programmes"].queryset = Programme.objects.for_municipality(municipality)
        self.fields["words"].help_text = _("All the words must occur in the call.")


class FetchCallsForm(forms.Form):
    """The address of the portal's answers (a search answer or grantsTenders.json) to
    fetch in the background: a public web address (fetching.py says why)."""

    url = forms.URLField(
        label=_("Address"),
        max_length=1000,
        assume_scheme="https",
        help_text=_(
            "A web address of the EU Funding & Tenders Portal's data: a search answer or "
            "the bulk file grantsTenders.json."
        ),
    )
    skip_bad = forms.BooleanField(
        label=_("Skip bad records"),
        required=False,
        help_text=_(
            "Import the records that can be read and list the others. Without this, one bad "
            "record stops the import and nothing is written."
        ),
    )

    def __init__(self, *args, allow_private=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_private = allow_private

    def clean_url(self):
        from .fetching import FetchError, check_url

        url = self.cleaned_data["url"]
        try:
            check_url(url, allow_private=self.allow_private)
        except FetchError as error:
            if error.code == "scheme":
                raise forms.ValidationError(
                    _("Only web addresses starting with https:// or http:// can be fetched."),
                    code="scheme",
                ) from None
            if error.code == "unknown_host":
                raise forms.ValidationError(
                    _("No server by that name was found. Check the address."),
                    code="unknown_host",
                ) from None
            raise forms.ValidationError(
                _(
                    "The address is on a private or local network: calls are fetched only "
                    "from public addresses."
                ),
                code="private",
            ) from None
        return url
