"""The platform operator's form: a municipality prepared in one step."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from samverkan.organisation.models import Municipality

from .pack import PACKS_DIR, PackError, parse_pack, read_pack

# A pack is a few pages of YAML; anything larger is not one.
MAX_PACK_BYTES = 1024 * 1024


def bundled_packs() -> list[tuple[str, str]]:
    return [(path.name, path.stem) for path in sorted(PACKS_DIR.glob("*.yaml"))]


class SetupMunicipalityForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name")
    )
    pack_file = forms.FileField(
        label=_("Policy pack (YAML)"),
        required=False,
        help_text=_("The municipality's own pack; docs/policy-pack.md describes the format."),
    )
    bundled_pack = forms.ChoiceField(
        label=_("Or a pack that comes with the system"), required=False, choices=()
    )
    admin = forms.CharField(
        label=_("Username of the first administrator"),
        required=False,
        max_length=150,
        help_text=_("An existing account; or leave empty and give an e-mail to invite one."),
    )
    email = forms.EmailField(label=_("E-mail of the first administrator"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bundled_pack"].choices = [("", "–"), *bundled_packs()]

    def clean(self):
        data = super().clean()
        upload, bundled = data.get("pack_file"), data.get("bundled_pack")
        if bool(upload) == bool(bundled):
            raise forms.ValidationError(
                _("Give one policy pack: a file, or one that comes with the system.")
            )
        try:
            if upload:
                if upload.size > MAX_PACK_BYTES:
                    raise forms.ValidationError(_("A policy pack is at most 1 MB."))
                try:
                    text = upload.read().decode("utf-8")
                except UnicodeDecodeError:
                    raise forms.ValidationError(_("The policy pack is not UTF-8 text.")) from None
                data["pack"] = parse_pack(text, upload.name)
            else:
                data["pack"] = read_pack(PACKS_DIR / bundled)
        except PackError as error:
            # Every problem, each on its own line, as the command lists them.
            raise forms.ValidationError([str(problem) for problem in error.problems]) from None
        pack, municipality = data["pack"], data.get("municipality")
        if municipality and pack.municipality and pack.municipality != municipality.code:
            raise forms.ValidationError(
                _("The pack is for the municipality with code %(code)s.")
                % {"code": pack.municipality}
            )
        username = data.get("admin")
        data["admin_user"] = None
        if username:
            data["admin_user"] = get_user_model().objects.filter(username=username).first()
            if data["admin_user"] is None and not data.get("email"):
                self.add_error(
                    "admin", _("No account has this username: give an e-mail to invite one.")
                )
        return data
