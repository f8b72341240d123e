"""The policy's sections: the navigation follows them, and each clause belongs to one."""

from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("cooperation", _("Cooperation")),
    ("monitoring", _("Monitor and influence")),
    ("twinning", _("Twin towns")),
    ("roles", _("Roles and responsibilities")),
    ("follow-up", _("Follow-up")),
]
SECTION_KEYS = [key for key, _label in SECTIONS]
