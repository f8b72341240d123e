"""Small helpers shared by the activity, training and resource pages."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _


def url_or_none(name: str, *args) -> str | None:
    """The URL named `name`, or None while the page does not exist (another part's work)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def sort_context(querystring, sorts: dict, current: str) -> dict:
    """Sortable column headers and the sort menu for list_controls.html.

    `querystring(sort=...)` builds the link (lib.listing.Listing.querystring).
    """
    links = {}
    options = []
    for key, label in sorts.items():
        is_current = current.lstrip("-") == key
        descending = is_current and current.startswith("-")
        target = key if (not is_current or descending) else f"-{key}"
        links[key] = {
            "url": "?" + querystring(sort=target),
            "current": is_current,
            "direction": ("descending" if descending else "ascending") if is_current else "",
        }
        options.append((key, _("%(label)s, ascending") % {"label": label}))
        options.append((f"-{key}", _("%(label)s, descending") % {"label": label}))
    return {"sort_links": links, "sort_options": options, "sort": current}


def max_upload_mb() -> int:
    return settings.SAMVERKAN_MAX_UPLOAD_MB
