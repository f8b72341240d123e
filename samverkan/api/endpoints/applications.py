"""Funding applications (P2) and their life cycle: co-financing, grant agreements,
payment claims and reports.

The list takes the list page's filters (samverkan/applications/queries.py); writes go
through the pages' forms, so the same rules answer: granted above applied, a step the
life cycle does not allow, or another municipality's record is a 400 with the field and
a message, never a half-written change. A committee editor changes only the
applications their committees lead.
"""

from decimal import Decimal

from django.db.models import Count, Sum
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
from samverkan.applications import access, actions, queries
from samverkan.applications.forms import (
    ApplicationAttachmentForm,
    ApplicationForm,
    CoFinancingForm,
    GrantAgreementForm,
    PaymentClaimForm,
    ReportDueForm,
)
from samverkan.applications.models import (
    Application,
    ApplicationAttachment,
    CoFinancing,
    GrantAgreement,
    PaymentClaim,
    ReportDue,
)
from samverkan.lib.actions import authorize
from samverkan.lib.versioning import VersionConflict
from samverkan.organisation.access import require_create

from .. import adapters
from ..auth import SIGNED_IN
from ..schemas import Error
from .applications_schemas import (
    ApplicationConflict,
    ApplicationDetail,
    ApplicationFilter,
    ApplicationIn,
    ApplicationOut,
    ApplicationTotals,
    ApplicationUpdate,
    CoFinancingIn,
    CoFinancingOut,
    CoFinancingUpdate,
    GrantAgreementIn,
    GrantAgreementOut,
    GrantAgreementUpdate,
    PaymentClaimIn,
    PaymentClaimOut,
    PaymentClaimUpdate,
    ReportIn,
    ReportOut,
    ReportUpdate,
)
from .applications_schemas import (
    DocumentOut as ApplicationDocumentOut,
)
from .documents import FILE_RESPONSE
from .registry import DELETE, LIST, READ, WRITE

router = Router(auth=SIGNED_IN, tags=["applications"])
routers = [router]


def _filtered(request, filters: ApplicationFilter):
    queryset = queries.search(access.applications_with_partners_for(request), filters.q or "")
    for name in queries.LOOKUPS:
        value = getattr(filters, name)
        if value is not None:
            queryset = queries.apply_filter(queryset, name, value)
    return queryset


def _read(request, application_id, *, perm="samverkan.view_record"):
    """An application as the API shows it, with its life-cycle records."""
    queryset = access.applications_with_partners_for(request).prefetch_related(
        "co_financing__body", "grant_agreements", "payment_claims", "reports", "attachments"
    )
    return access.get_application_for(request, application_id, perm=perm, queryset=queryset)


def _for_writing(request, application_id, perm="samverkan.view_record"):
    # Read access first (404/403), then the action checks the right to change.
    return access.get_application_for(
        request, application_id, perm=perm, queryset=access.applications_for(request)
    )


def _form(request, payload, application):
    data = adapters.form_data(payload)
    if data.get("currency") is None:
        # None sent: the application keeps its own (a new one's the action decides).
        data["currency"] = application.currency
    return ApplicationForm(data, instance=application, municipality=request.municipality)


@router.get("/applications", response={200: list[ApplicationOut], **LIST})
@paginate(PageNumberPagination)
def list_applications(request, filters: Query[ApplicationFilter]):
    """The list page's filters, search and sorting."""
    authorize(request.user, "samverkan.view_record", request.municipality)
    return queries.sort(_filtered(request, filters), filters.sort)


@router.get("/applications/totals", response={200: ApplicationTotals, **LIST})
def get_application_totals(request, filters: Query[ApplicationFilter]):
    """Count and the sums applied for and granted, in SEK, of the whole filtered set."""
    authorize(request.user, "samverkan.view_record", request.municipality)
    figures = (
        _filtered(request, filters)
        .order_by()
        .aggregate(
            count=Count("pk"), applied=Sum("amount_applied_sek"), granted=Sum("amount_granted_sek")
        )
    )
    cents = Decimal("0.01")
    return {
        "count": figures["count"],
        "applied": Decimal(figures["applied"] or 0).quantize(cents),
        "granted": Decimal(figures["granted"] or 0).quantize(cents),
    }


@router.get("/applications/{application_id}", response={200: ApplicationDetail, **READ})
def get_application(request, application_id: int):
    return _read(request, application_id)


@router.post("/applications", response={201: ApplicationDetail, **WRITE})
def create_application(request, payload: ApplicationIn):
    """A committee editor may add applications their own committees lead."""
    require_create(
        request, lambda body: Application(municipality=request.municipality, lead_body=body)
    )
    form = adapters.parse(_form(request, payload, Application(municipality=request.municipality)))
    changes = form.changes()
    if payload.currency is None:
        changes.pop("currency", None)  # the action's: EUR for an EU call, as on the page
    application = actions.create_application(
        changes, municipality=request.municipality, acting_user=request.user
    )
    return Status(201, _read(request, application.pk))


@router.put(
    "/applications/{application_id}",
    response={200: ApplicationDetail, **WRITE, 409: ApplicationConflict},
)
def update_application(request, application_id: int, payload: ApplicationUpdate):
    """The status may move only as the life cycle allows (next_statuses)."""
    application = _for_writing(request, application_id, "samverkan.change_record")
    form = adapters.parse(_form(request, payload, application))
    try:
        actions.update_application(
            application,
            form.changes(),
            expected_version=payload.version,
            acting_user=request.user,
        )
    except VersionConflict as conflict:
        return adapters.conflict(payload.version, _read(request, conflict.current.pk))
    return _read(request, application.pk)


@router.delete("/applications/{application_id}", response=DELETE)
def delete_application(request, application_id: int):
    """To the trash, with its life-cycle records and documents (restorable)."""
    application = _for_writing(request, application_id, "samverkan.delete_record")
    actions.delete_application(application, acting_user=request.user)
    return Status(204, None)


# Life-cycle records --------------------------------------------------------------------


def _add(request, application_id, form_class, model, payload):
    application = _for_writing(request, application_id, "samverkan.change_record")
    entry = model(municipality=request.municipality, application=application)
    form = adapters.parse(
        form_class(adapters.form_data(payload), instance=entry, municipality=request.municipality)
    )
    record = actions.add_part(application, model, form.changes(), acting_user=request.user)
    return Status(201, model.objects.select_related().get(pk=record.pk))


def _change(request, model, form_class, record_id, payload):
    """Change a life-cycle record if it is still at the version sent (409 otherwise)."""
    record = access.get_part_for(request, model, record_id)
    form = adapters.parse(
        form_class(adapters.form_data(payload), instance=record, municipality=request.municipality)
    )
    try:
        actions.update_part(
            record, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as conflict:
        return Status(
            409, {"message": adapters.conflict_message(payload.version, conflict.current)}
        )
    return model.objects.get(pk=record.pk)


def _remove(request, model, record_id):
    record = access.get_part_for(request, model, record_id)
    actions.delete_part(record, acting_user=request.user)
    return Status(204, None)


@router.post("/applications/{application_id}/co-financing", response={201: CoFinancingOut, **WRITE})
def add_application_co_financing(request, application_id: int, payload: CoFinancingIn):
    """Money a body commits, with its decision; the application's total follows."""
    return _add(request, application_id, CoFinancingForm, CoFinancing, payload)


@router.put(
    "/applications/co-financing/{record_id}", response={200: CoFinancingOut, **WRITE, 409: Error}
)
def update_application_co_financing(request, record_id: int, payload: CoFinancingUpdate):
    return _change(request, CoFinancing, CoFinancingForm, record_id, payload)


@router.delete("/applications/co-financing/{record_id}", response=DELETE)
def delete_application_co_financing(request, record_id: int):
    return _remove(request, CoFinancing, record_id)


@router.post(
    "/applications/{application_id}/grant-agreements",
    response={201: GrantAgreementOut, **WRITE},
)
def add_application_grant_agreement(request, application_id: int, payload: GrantAgreementIn):
    return _add(request, application_id, GrantAgreementForm, GrantAgreement, payload)


@router.put(
    "/applications/grant-agreements/{record_id}",
    response={200: GrantAgreementOut, **WRITE, 409: Error},
)
def update_application_grant_agreement(request, record_id: int, payload: GrantAgreementUpdate):
    return _change(request, GrantAgreement, GrantAgreementForm, record_id, payload)


@router.delete("/applications/grant-agreements/{record_id}", response=DELETE)
def delete_application_grant_agreement(request, record_id: int):
    return _remove(request, GrantAgreement, record_id)


@router.post(
    "/applications/{application_id}/payment-claims", response={201: PaymentClaimOut, **WRITE}
)
def add_application_payment_claim(request, application_id: int, payload: PaymentClaimIn):
    """A payment claim (rekvisition) and, once paid, the date and amount."""
    return _add(request, application_id, PaymentClaimForm, PaymentClaim, payload)


@router.put(
    "/applications/payment-claims/{record_id}", response={200: PaymentClaimOut, **WRITE, 409: Error}
)
def update_application_payment_claim(request, record_id: int, payload: PaymentClaimUpdate):
    return _change(request, PaymentClaim, PaymentClaimForm, record_id, payload)


@router.delete("/applications/payment-claims/{record_id}", response=DELETE)
def delete_application_payment_claim(request, record_id: int):
    return _remove(request, PaymentClaim, record_id)


@router.post("/applications/{application_id}/reports", response={201: ReportOut, **WRITE})
def add_application_report(request, application_id: int, payload: ReportIn):
    """An interim or final report due (and when it was submitted)."""
    return _add(request, application_id, ReportDueForm, ReportDue, payload)


@router.put("/applications/reports/{record_id}", response={200: ReportOut, **WRITE, 409: Error})
def update_application_report(request, record_id: int, payload: ReportUpdate):
    return _change(request, ReportDue, ReportDueForm, record_id, payload)


@router.delete("/applications/reports/{record_id}", response=DELETE)
def delete_application_report(request, record_id: int):
    return _remove(request, ReportDue, record_id)


# Documents -----------------------------------------------------------------------------


class ApplicationDocumentIn(Schema):
    title: str


@router.post(
    "/applications/{application_id}/documents", response={201: ApplicationDocumentOut, **WRITE}
)
def upload_application_document(
    request,
    application_id: int,
    details: Form[ApplicationDocumentIn],
    file: File[UploadedFile],
):
    """Attach a file (multipart: title and file); its type is checked by its content."""
    application = _for_writing(request, application_id, "samverkan.change_record")
    attachment = ApplicationAttachment(municipality=request.municipality, application=application)
    form = adapters.parse(
        ApplicationAttachmentForm(
            details.dict(), {"file": file}, instance=attachment, municipality=request.municipality
        )
    )
    document = actions.upload_document(
        application,
        title=form.cleaned_data["title"],
        file=form.cleaned_data["file"],
        acting_user=request.user,
    )
    return Status(201, document)


@router.get(
    "/applications/documents/{record_id}/file",
    response={200: None, **READ},
    openapi_extra=FILE_RESPONSE,
)
def download_application_document(request, record_id: int):
    attachment = access.get_document_for(request, record_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from the storage.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name or attachment.file.name.rsplit("/", 1)[-1],
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # As the page's download: a document of an application is not kept by caches.
    response["Cache-Control"] = "private, no-store"
    return response


@router.delete("/applications/documents/{record_id}", response=DELETE)
def delete_application_document(request, record_id: int):
    """To the trash (restorable), like the application's other records."""
    return _remove(request, ApplicationAttachment, record_id)
