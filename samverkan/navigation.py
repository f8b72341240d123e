"""The site's menu by task (the site shell, ADR 5): what a member works on, not the
policy's chapters (those are on the policy page).

Each item points at a list page and claims the paths below it; the context processor
marks the item whose path the request is on (`aria-current`), and the breadcrumbs of a
detail page start from it. Anonymous visitors, users without a role in the municipality
and the public pages (/m/…) get only the public one (the open data).
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

VIEW = "samverkan.view_record"
VIEW_ACCOUNTS = "followup.view_account"


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    url: str
    prefixes: tuple[str, ...]


@functools.cache
def _reversed(urlconf: str, script_prefix: str, url_name: str) -> str:
    return reverse(url_name, urlconf=urlconf)


def _url(url_name: str) -> str:
    """`reverse(url_name)`, remembered: the menu's addresses take no arguments, and
    reversing its twenty on every page cost more than the rest of the menu."""
    return _reversed(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), url_name)


def _app(url_name: str) -> str:
    """The mount point of the app a URL belongs to: "/activities/" for "/activities/12/"."""
    return "/" + _url(url_name).strip("/").split("/")[0] + "/"


# (key, label, the list page, what the user needs, the URL names whose paths it claims;
# a name in parentheses claims its whole app). A pack's `terms.menu` may rename an item
# by its key (policy.sections.MENU_KEYS).
MENU = [
    ("activities", _("Activities"), "activity-list", VIEW, [("activity-list",)]),
    (
        "twinning",
        _("Twin towns and agreements"),
        "twintown-list",
        VIEW,
        ["twintown-list", "agreement-list", "partner-list", "contact-list"],
    ),
    ("memberships", _("Memberships"), "membership-list", VIEW, ["membership-list"]),
    ("decisions", _("Decisions"), "decision-list", VIEW, ["decision-list", "rule-violations"]),
    (
        "funding",
        _("EU and funding"),
        "call-list",
        VIEW,
        [("call-list",), ("application-list",), ("watchitem-list",)],
    ),
    (
        "follow-up",
        _("Follow-up"),
        "account-rounds",
        VIEW_ACCOUNTS,
        [("account-rounds",), ("policy-list",)],
    ),
]


def _prefix(claim) -> str:
    return _app(claim[0]) if isinstance(claim, tuple) else _url(claim)


def items_for(request) -> list[Item]:
    """The menu of the request's user: the items their role lets them see; outside a
    municipality and on the public pages only the public item."""
    municipality = getattr(request, "municipality", None)
    match = getattr(request, "resolver_match", None)
    public = [Item("public", _("Open data"), _url("public:index"), (_app("public:index"),))]
    if municipality is None or not request.user.is_authenticated:
        return public
    if match is not None and match.namespace == "public":
        return public
    own_words = (municipality.policy_terms or {}).get("menu", {})
    return [
        Item(key, own_words.get(key) or label, _url(url_name), tuple(_prefix(c) for c in claims))
        for key, label, url_name, perm, claims in MENU
        if request.user.has_perm(perm, municipality)
    ]


def current_item(items: list[Item], path: str) -> Item | None:
    """The item whose longest prefix the path starts with."""
    best, length = None, 0
    for item in items:
        for prefix in item.prefixes:
            if path.startswith(prefix) and len(prefix) > length:
                best, length = item, len(prefix)
    return best


def menu(request):
    """Context processor: `nav_items` and the current one, `nav_current` (read only when shown)."""
    items = SimpleLazyObject(lambda: items_for(request))
    return {
        "nav_items": items,
        "nav_current": SimpleLazyObject(lambda: current_item(list(items), request.path)),
    }
