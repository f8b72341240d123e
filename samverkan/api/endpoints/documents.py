"""Files attached to decisions and agreements: upload, download, delete.

An upload is checked like on the pages: its type by its content (PDF, DOCX, ODT,
PNG, JPEG), not by its name, and its size against the setting. A confidential file
is served only to those who may see confidential documents.
"""

from typing import Literal

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from samverkan.registry import access, actions
from samverkan.registry.forms import DocumentForm
from samverkan.registry.models import (
    Agreement,
    Decision,
    Document,
)

from .. import adapters
from ..auth import SIGNED_IN
from .registry import DELETE, READ, WRITE

# What the endpoints take and give ------------------------------------------------

DocumentKind = Literal[tuple(Document.Kind.values)]


class DocumentOut(Schema):
    id: int
    decision: int | None
    agreement: int | None
    kind: DocumentKind
    title: str
    original_name: str
    content_type: str = Field(description="The type read from the file's content.")
    size: int = Field(description="In bytes.")
    is_public: bool
    confidentiality_ground: str

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id

    @staticmethod
    def resolve_agreement(obj):
        return obj.agreement_id


class DocumentIn(Schema):
    kind: DocumentKind = Document.Kind.ATTACHMENT.value
    title: str
    is_public: bool = True
    confidentiality_ground: str = Field(
        "",
        description="Needed when the file is not public: the provision of the Public Access "
        "to Information and Secrecy Act, e.g. 21 kap. 1 § OSL.",
    )


router = Router(auth=SIGNED_IN, tags=["documents"])

FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The file, as an attachment.",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}


def _upload(request, model, parent_id, details, file):
    parent = access.get_document_parent_for(request, model, parent_id, manage=True)
    field = model._meta.model_name
    document = Document(municipality=request.municipality, **{field: parent})
    form = adapters.parse(
        DocumentForm(
            details.dict(), {"file": file}, instance=document, municipality=request.municipality
        )
    )
    return Status(201, actions.add_document(parent, form.changes(), acting_user=request.user))


@router.post("/decisions/{decision_id}/documents", response={201: DocumentOut, **WRITE})
def upload_decision_document(
    request, decision_id: int, details: Form[DocumentIn], file: File[UploadedFile]
):
    """Attach a file (e.g. the minutes) to a decision; registrars may too."""
    return _upload(request, Decision, decision_id, details, file)


@router.post("/agreements/{agreement_id}/documents", response={201: DocumentOut, **WRITE})
def upload_agreement_document(
    request, agreement_id: int, details: Form[DocumentIn], file: File[UploadedFile]
):
    """Attach a file (e.g. the signed agreement) to an agreement."""
    return _upload(request, Agreement, agreement_id, details, file)


@router.get(
    "/documents/{document_id}/file", response={200: None, **READ}, openapi_extra=FILE_RESPONSE
)
def download_document(request, document_id: int):
    document = access.get_document_for(request, document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from the storage.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name or document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not document.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


@router.delete("/documents/{document_id}", response=DELETE)
def delete_document(request, document_id: int):
    document = access.get_document_for(request, document_id, manage=True)
    actions.delete_document(document, acting_user=request.user)
    return Status(204, None)
