"""Application pages: the list with totals, the pipeline board, the record with its life
cycle, and creating one from a call (/applications/new/?call=<pk>)."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.funding.models import Programme
from samverkan.history.display import history_entries
from samverkan.lib.listing import Listing, list_controls
from samverkan.lib.versioning import VersionConflict
from samverkan.lib.views import (
    confirm_delete,
    conflict_context,
    form_page,
    require,
    run_action,
)
from samverkan.organisation import tenancy
from samverkan.organisation.access import can_create, limit_committee_field, require_create
from samverkan.organisation.models import Body

from . import access, actions, queries
from .forms import (
    ApplicationAttachmentForm,
    ApplicationForm,
    CoFinancingForm,
    GrantAgreementForm,
    PaymentClaimForm,
    ReportDueForm,
)
from .models import (
    TRANSITIONS,
    Application,
    ApplicationAttachment,
    CoFinancing,
    GrantAgreement,
    PaymentClaim,
    ReportDue,
    Status,
    retention_years,
)

# A partner's page, by the kind of partner (the registry's pages).
PARTNER_URL = "partner-detail"

PER_PAGE = 25
SORTS = {
    "title": gettext_lazy("Title"),
    "status": gettext_lazy("Status"),
    "call_deadline": gettext_lazy("Call deadline"),
    "submitted_on": gettext_lazy("Submitted"),
    "amount_applied_sek": gettext_lazy("Applied (SEK)"),
    "amount_granted_sek": gettext_lazy("Granted (SEK)"),
}
# Statuses the board lists in full; the others (done with) show counts and sums only.
BOARD_DONE = {Status.REJECTED, Status.WITHDRAWN, Status.CLOSED}
BOARD_LISTED = [s for s in Status.values if s not in BOARD_DONE]
BOARD_ROWS_PER_STATUS = 25


def _maker(request):
    return lambda body: Application(municipality=request.municipality, lead_body=body)


def _year_choices(request) -> list[tuple[str, str]]:
    dates = tenancy.scoped(request, Application).filter(submitted_on__isnull=False)
    first = dates.order_by("submitted_on").values_list("submitted_on", flat=True).first()
    last = dates.order_by("-submitted_on").values_list("submitted_on", flat=True).first()
    if first is None:
        return []
    return [(str(y), str(y)) for y in range(last.year, first.year - 1, -1)]


def _programme_choices(request) -> list[tuple[str, str]]:
    """Programmes in use: catalogue ones by id, free names as "name:<name>"."""
    applications = tenancy.scoped(request, Application)
    used = applications.filter(programme__isnull=False).values("programme_id")
    choices = [
        (str(p.pk), p.display_name)  # the catalogue's name in the reader's language
        for p in tenancy.scoped(request, Programme).filter(pk__in=used)
    ]
    names = (
        applications.filter(programme__isnull=True)
        .exclude(programme_name="")
        .order_by("programme_name")
        .values_list("programme_name", flat=True)
        .distinct()
    )
    return choices + [(f"name:{name}", name) for name in names]


def _filtered(request):
    bodies = [
        (str(b.pk), b.name) for b in tenancy.scoped(request, Body).exclude(kind=Body.Kind.COUNCIL)
    ]
    filters = {
        "status": Status.choices,
        "programme": _programme_choices(request),
        "lead_body": bodies,
        "year": _year_choices(request),
    }
    labels = {
        "status": _("Status"),
        "programme": _("Programme"),
        "lead_body": _("Lead body"),
        "year": _("Year submitted"),
    }
    listing = Listing(
        request,
        access.applications_for(request),
        search=queries.SEARCH_FIELDS,
        filters=filters,
        filter_lookups={
            "programme": queries.filter_programme,
            "lead_body": "lead_body_id",
            "year": "submitted_on__year",
        },
        sorts=SORTS,
        default_sort=queries.DEFAULT_SORT,
        per_page=PER_PAGE,
    )
    controls = list_controls(
        listing,
        labels,
        label=_("Filter applications"),
        search_label=_("Search applications"),
    )
    return listing, controls


def _totals(queryset) -> dict:
    figures = queryset.order_by().aggregate(
        count=Count("pk"),
        applied=Sum("amount_applied_sek"),
        granted=Sum("amount_granted_sek"),
    )
    return {
        "count": figures["count"],
        "applied": figures["applied"] or Decimal("0"),
        "granted": figures["granted"] or Decimal("0"),
    }


@login_required
def application_list(request):
    require(request, "samverkan.view_record", request.municipality)
    listing, controls = _filtered(request)
    return TemplateResponse(
        request,
        "applications/application_list.html",
        {
            **listing.context(),
            **controls,
            "totals": _totals(listing.queryset),
            "can_add": can_create(request, _maker(request)),
        },
    )


@login_required
def application_board(request):
    """The pipeline by status: a section per status with its count, sums and records."""
    require(request, "samverkan.view_record", request.municipality)
    applications = tenancy.scoped(request, Application)
    figures = {
        row["status"]: row
        for row in applications.order_by()
        .values("status")
        .annotate(
            count=Count("pk"),
            applied=Sum("amount_applied_sek"),
            granted=Sum("amount_granted_sek"),
        )
    }
    rows: dict[str, list] = {status: [] for status in BOARD_LISTED}
    listed = (
        applications.filter(status__in=BOARD_LISTED)
        .select_related("lead_body")
        .order_by("call_deadline", "title", "pk")
    )
    for application in listed:
        if len(rows[application.status]) < BOARD_ROWS_PER_STATUS:
            rows[application.status].append(application)
    columns = []
    for value, label in Status.choices:
        row = figures.get(value, {})
        count = row.get("count", 0)
        columns.append(
            {
                "status": value,
                "label": label,
                "count": count,
                "applied": row.get("applied") or Decimal("0"),
                "granted": row.get("granted") or Decimal("0"),
                "applications": rows.get(value),
                "more": count - len(rows.get(value) or []) if value in rows else 0,
                "list_url": reverse("application-list") + f"?status={value}",
            }
        )
    return TemplateResponse(
        request,
        "applications/application_board.html",
        {"columns": columns, "can_add": can_create(request, _maker(request))},
    )


@login_required
def application_detail(request, pk):
    application = access.get_application_for(
        request,
        pk,
        queryset=tenancy.scoped(request, Application).select_related(
            "lead_body", "municipal_decision__body", "programme", "call"
        ),
    )
    user = request.user
    can_change = user.has_perm("samverkan.change_record", application)
    claims = list(application.payment_claims.all())
    return TemplateResponse(
        request,
        "applications/application_detail.html",
        {
            "application": application,
            "partners": [
                {"record": p, "url": reverse(PARTNER_URL, args=[p.pk])}
                for p in application.partners.all().order_by("name")
            ],
            "co_financing": application.co_financing.select_related("body", "decision__body"),
            "agreements": application.grant_agreements.all(),
            "claims": claims,
            "claimed": sum((c.amount for c in claims), Decimal("0")),
            "paid": sum((c.paid_amount or Decimal("0") for c in claims), Decimal("0")),
            "reports": application.reports.all(),
            "attachments": application.attachments.all(),
            "next_statuses": [Status(s).label for s in sorted(TRANSITIONS[application.status])],
            "retention_years": retention_years(),
            "call_url": reverse("call-detail", args=[application.call_id])
            if application.call_id
            else None,
            "history": history_entries(application),
            "can_change": can_change,
            "can_delete": user.has_perm("samverkan.delete_record", application),
        },
    )


def _call_from(request):
    """The call named in ?call=<pk>, of the caller's municipality (404 otherwise), or None."""
    pk = request.GET.get("call")
    if not pk:
        return None
    return access.get_call_for_new_application(request, pk)


# What the form of an application made from a call starts with (the action fills the same
# values when they are left out, as through the API).
prefill_from_call = actions.call_defaults


def _form(request, application, initial=None):
    form = ApplicationForm(
        request.POST or None,
        instance=application,
        municipality=request.municipality,
        initial=initial,
    )
    limit_committee_field(request, form, "lead_body")
    return form


@login_required
def application_create(request):
    require_create(request, _maker(request))
    call = _call_from(request)
    initial = prefill_from_call(call) if call is not None else None
    application = Application(municipality=request.municipality)
    form = _form(request, application, initial)
    return form_page(
        request,
        form,
        save=lambda form: actions.create_application(
            form.changes(), municipality=request.municipality, acting_user=request.user
        ),
        title=_("New application for %(call)s") % {"call": call} if call else _("New application"),
        cancel_url=reverse("application-list"),
        saved_message=_("The application was saved."),
        detail_url_name="application-detail",
    )


@login_required
def application_edit(request, pk):
    application = access.get_application_for(request, pk, perm="samverkan.change_record")
    return form_page(
        request,
        _form(request, application),
        save=lambda form: actions.update_application(
            application,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        ),
        title=_("Edit %(title)s") % {"title": application.title},
        cancel_url=reverse("application-detail", args=[application.pk]),
        saved_message=_("The application was saved."),
        detail_url_name="application-detail",
    )


@login_required
def application_delete(request, pk):
    application = access.get_application_for(request, pk, perm="samverkan.delete_record")
    return confirm_delete(
        request,
        application,
        reverse("application-list"),
        reverse("application-detail", args=[pk]),
        delete=lambda record: actions.delete_application(record, acting_user=request.user),
    )


# Life-cycle records ---------------------------------------------------------------------

PARTS = {
    "co-financing": (CoFinancing, CoFinancingForm, gettext_lazy("Co-financing for %(title)s")),
    "agreements": (
        GrantAgreement,
        GrantAgreementForm,
        gettext_lazy("Grant agreement for %(title)s"),
    ),
    "claims": (PaymentClaim, PaymentClaimForm, gettext_lazy("Payment claim for %(title)s")),
    "reports": (ReportDue, ReportDueForm, gettext_lazy("Report for %(title)s")),
    "documents": (
        ApplicationAttachment,
        ApplicationAttachmentForm,
        gettext_lazy("Upload a document to %(title)s"),
    ),
}


def _part_page(request, form, application, model, title, conflict=None):
    return TemplateResponse(
        request,
        "applications/part_form.html",
        {
            "form": form,
            "conflict": conflict,
            "title": title % {"title": application.title},
            "cancel_url": reverse("application-detail", args=[application.pk]),
            "is_upload": model is ApplicationAttachment,
            "max_upload_mb": settings.SAMVERKAN_MAX_UPLOAD_MB,
        },
        status=409 if conflict else 200,
    )


def _add(request, application, model, form):
    if model is ApplicationAttachment:
        return actions.upload_document(
            application,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            acting_user=request.user,
        )
    return actions.add_part(application, model, form.changes(), acting_user=request.user)


@login_required
def part_create(request, pk, kind):
    if kind not in PARTS:
        raise Http404
    model, form_class, title = PARTS[kind]
    application = access.get_application_for(request, pk, perm="samverkan.change_record")
    record = model(municipality=request.municipality, application=application)
    form = form_class(
        request.POST or None,
        request.FILES or None,
        instance=record,
        municipality=request.municipality,
    )
    if request.method == "POST" and form.is_valid():
        saved, ok = run_action(form, lambda: _add(request, application, model, form))
        if ok:
            messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            return redirect("application-detail", pk=application.pk)
    return _part_page(request, form, application, model, title)


@login_required
def part_edit(request, kind, pk):
    """Change a life-cycle record, e.g. a claim now paid or a report now submitted."""
    if kind not in PARTS:
        raise Http404
    model, form_class, title = PARTS[kind]
    record = access.get_part_for(request, model, pk)
    application = record.application
    form = form_class(
        request.POST or None,
        request.FILES or None,
        instance=record,
        municipality=request.municipality,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            _saved, ok = run_action(
                form,
                lambda: actions.update_part(
                    record,
                    form.changes(),
                    expected_version=form.expected_version,
                    acting_user=request.user,
                ),
            )
        except VersionConflict as error:
            form, conflict = conflict_context(request, form, error.current)
            ok = False
        if ok:
            messages.success(request, _("Saved: %(record)s.") % {"record": record})
            return redirect("application-detail", pk=application.pk)
    return _part_page(request, form, application, model, title, conflict)


@login_required
def part_delete(request, kind, pk):
    if kind not in PARTS:
        raise Http404
    record = access.get_part_for(request, PARTS[kind][0], pk)
    url = reverse("application-detail", args=[record.application_id])
    return confirm_delete(
        request,
        record,
        url,
        url,
        delete=lambda record: actions.delete_part(record, acting_user=request.user),
    )


@login_required
def document_download(request, pk):
    attachment = access.get_document_for(request, pk)
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
    response["Cache-Control"] = "private, no-store"
    return response
