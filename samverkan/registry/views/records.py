"""Shared helpers for the registry's pages: list controls, control log and flags.

The pages themselves live in partners.py, contacts.py, decisions.py, documents.py
and control.py; urls_records.py maps them.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from samverkan.organisation import tenancy

from .. import access, authority
from ..models import ControlLogEntry


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


# Each register's detail page, by model. The relation pages may name theirs in more
# than one way, so the first name that resolves wins and a missing page gives None.
DETAIL_URL_NAMES = {
    "partner": ("partner-detail",),
    "contact": ("contact-detail",),
    "decision": ("decision-detail",),
    "agreement": ("agreement-detail",),
    "twintown": ("twintown-detail", "twin-town-detail"),
    "networkmembership": ("membership-detail", "networkmembership-detail"),
}


def record_url(record) -> str | None:
    """The detail page of a register record, or None when there is no such page yet."""
    for name in DETAIL_URL_NAMES.get(record._meta.model_name, ()):
        try:
            return reverse(name, args=[record.pk])
        except NoReverseMatch:
            continue
    return None


def with_urls(records) -> list[dict]:
    """Records paired with their detail page, for templates that list mixed records."""
    return [{"record": record, "url": record_url(record)} for record in records]


def documents_context(request, parent, kind: str) -> dict:
    """Context for registry/document_table.html: `parent` is a decision or an agreement."""
    documents = list(parent.documents.all())
    if not request.user.has_perm("samverkan.view_confidential", parent):
        visible = [document for document in documents if document.is_public]
    else:
        visible = documents
    return {
        "documents": visible,
        "hidden_documents": len(documents) - len(visible),
        "can_add_document": access.can_manage_documents(request.user, parent),
        "document_parent_kind": kind,
        "document_parent": parent,
    }
