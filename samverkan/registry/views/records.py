"""Shared helpers for the registry's pages: list controls, control log and flags.

The pages themselves live in partners.py, contacts.py, decisions.py, documents.py
and control.py; urls_records.py maps them.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from samverkan.organisation import tenancy

from .. import authority
from ..models import ControlLogEntry


def list_controls(listing, labels: dict, *, label=None, search_label=None, has_search=True):
    """Context for registry/includes/list_controls.html from a lib.listing.Listing.

    `labels` names each filter of the listing (filter name → visible label).
    """
    sort_options = []
    for key, sort_label in listing.sorts.items():
        sort_options.append((key, _("%(label)s, ascending") % {"label": sort_label}))
        sort_options.append((f"-{key}", _("%(label)s, descending") % {"label": sort_label}))
    return {
        "list_filters": [
            {
                "name": name,
                "label": labels.get(name, name),
                "choices": choices,
                "value": listing.active.get(name, ""),
            }
            for name, choices in listing.filters.items()
        ],
        "sort_options": sort_options,
        "list_label": label,
        "search_label": search_label,
        "has_search": has_search,
    }


def control_log_context(request, item, kind: str) -> dict:
    """Context for registry/includes/control_log.html: the item's dated reviews.

    `kind` is the controllog-create URL kind: decision, agreement, twin-town,
    membership or partner.
    """
    entries = tenancy.scoped(request, ControlLogEntry).filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    )
    return {
        "control_log": entries,
        "control_log_kind": kind,
        "control_log_item": item,
        "can_add_control": request.user.has_perm("samverkan.change_record", item),
    }


def flags_context(record) -> dict:
    """Context for registry/includes/flags.html: the decision rules `record` breaks."""
    return {"flags": authority.violations_of(record)}
