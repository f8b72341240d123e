"""Document pages: upload to a decision or an agreement, download, delete.

Files live in the media storage, outside the static files, and are served only
through document_download, to users who may see the record they belong to.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from samverkan.lib.views import confirm_delete, require
from samverkan.organisation import tenancy

from ..forms import DocumentForm
from ..models import Agreement, Decision, Document
from .records import can_manage_documents, record_url

PARENTS = {"decision": Decision, "agreement": Agreement}


def _parent_url(parent) -> str:
    return record_url(parent) or "/registry/"


@login_required
def document_create(request, parent, pk):
    model = PARENTS.get(parent)
    if model is None:
        raise Http404
    record = tenancy.get_scoped_or_404(request, model, pk)
    if not can_manage_documents(request.user, record):
        raise PermissionDenied
    document = Document(municipality=request.municipality, **{parent: record})
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        instance=document,
        municipality=request.municipality,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The document was uploaded."))
        return redirect(_parent_url(record))
    return TemplateResponse(
        request,
        "registry/document_form.html",
        {
            "form": form,
            "parent": record,
            "title": _("Upload a document to %(record)s") % {"record": record},
            "cancel_url": _parent_url(record),
            "max_upload_mb": settings.SAMVERKAN_MAX_UPLOAD_MB,
        },
    )


def _get_document(request, pk):
    queryset = tenancy.scoped(request, Document).select_related("decision__body", "agreement")
    return tenancy.get_scoped_or_404(request, Document, pk, queryset)


@login_required
def document_download(request, pk):
    document = _get_document(request, pk)
    if document.is_public:
        require(request, "samverkan.view_record", document.parent)
    else:
        require(request, "samverkan.view_confidential", document.parent)
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


@login_required
def document_delete(request, pk):
    document = _get_document(request, pk)
    if not can_manage_documents(request.user, document.parent):
        raise PermissionDenied
    url = _parent_url(document.parent)
    return confirm_delete(request, document, url, url)
