"""Shared helpers for the registry's pages: list controls, control log and flags.

The pages themselves live in partners.py, contacts.py, decisions.py, documents.py
and control.py; urls_records.py maps them.
"""

from django.contrib.contenttypes.models import ContentType

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
