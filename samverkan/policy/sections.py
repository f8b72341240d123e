"""The policy's sections: the navigation follows them, and each clause belongs to one.

A pack may name its own sections (format 2); without them the standard ones below apply,
translated in the interface."""

from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("cooperation", _("Cooperation")),
    ("monitoring", _("Monitor and influence")),
    ("twinning", _("Twin towns")),
    ("roles", _("Roles and responsibilities")),
    ("follow-up", _("Follow-up")),
]
SECTION_KEYS = [key for key, _label in SECTIONS]
# The task menu's items (samverkan/navigation.py) a pack may name in its own words.
MENU_KEYS = ("activities", "twinning", "memberships", "decisions", "funding", "follow-up")


def sections_of(policy) -> list[tuple[str, str]]:
    """(key, label) of the sections of `policy` (a PolicyDocument or None)."""
    if policy is not None and not policy.sections and policy.supplements_id:
        policy = policy.supplements  # a supplement keeps the sections of what it supplements
    if policy is not None and policy.sections:
        return [(section["key"], section["label"]) for section in policy.sections]
    return list(SECTIONS)


def sections_for(municipality) -> list[tuple[str, str]]:
    """The sections of the municipality's policy in force (the standard ones without one),
    as `refresh_sections` keeps them on the municipality: no query."""
    if municipality is None:
        return list(SECTIONS)
    own = municipality.policy_sections or []
    return [(section["key"], section["label"]) for section in own] or list(SECTIONS)


def refresh_sections(municipality) -> None:
    """Keep the sections of the document in force on the municipality (after a pack is
    loaded or removed); a derived value, so it writes no history."""
    from samverkan.organisation.models import Municipality

    from .models import base_document, layers_in_force

    policy = base_document(municipality.pk)
    if policy is not None and not policy.sections and policy.supplements_id:
        policy = policy.supplements
    own = list(policy.sections) if policy is not None else []
    terms = {}
    for layer in layers_in_force(municipality.pk):
        terms.update(layer.terms or {})  # a supplement may rename a word
    if own != municipality.policy_sections or terms != municipality.policy_terms:
        Municipality.objects.filter(pk=municipality.pk).update(
            policy_sections=own, policy_terms=terms
        )
        municipality.policy_sections = own
        municipality.policy_terms = terms


class Terms:
    """The words the interface uses for the municipality's own things: the pack's terms,
    or the standard words (translated) where it names none. Read from the municipality
    (`refresh_sections` keeps them there): no query."""

    def __init__(self, municipality):
        self._own = (getattr(municipality, "policy_terms", None) or {}) if municipality else {}

    @property
    def committee(self) -> str:
        return self._own.get("committee") or str(_("committee"))

    @property
    def committees(self) -> str:
        return self._own.get("committees") or str(_("committees"))

    @property
    def programme(self) -> str:
        return self._own.get("programme") or str(_("LUP"))

    @property
    def goals_title(self) -> str:
        """The heading of the development goals' page."""
        return self._own.get("programme_goal") or str(
            _("Development goals (%(programme)s)") % {"programme": self.programme}
        )
