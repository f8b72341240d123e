"""Document pages: upload to a decision or an agreement, download, delete.

Files live in the media storage, outside the static files, and are served only
through document_download, to users who may see the record they belong to.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from samverkan.lib.views import confirm_delete, run_action

from .. import access, actions
from ..forms import DocumentForm
from ..links import record_url
from ..models import Document


def _parent_url(parent) -> str:
    return record_url(parent) or "/registry/"


@login_required
def document_create(request, parent, pk):
    model = access.DOCUMENT_PARENTS.get(parent)
    if model is None:
        raise Http404
    record = access.get_document_parent_for(request, model, pk, manage=True)
    document = Document(municipality=request.municipality, **{parent: record})
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        instance=document,
        municipality=request.municipality,
    )
    if request.method == "POST" and form.is_valid():
        _document, ok = run_action(
            form,
            lambda: actions.add_document(record, form.changes(), acting_user=request.user),
        )
        if ok:
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


@login_required
def document_download(request, pk):
    document = access.get_document_for(request, pk)
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
    document = access.get_document_for(request, pk, manage=True)
    url = _parent_url(document.parent)
    return confirm_delete(
        request,
        document,
        url,
        url,
        delete=lambda document: actions.delete_document(document, acting_user=request.user),
    )
