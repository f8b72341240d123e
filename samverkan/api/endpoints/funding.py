"""Funding programmes and calls (/api/v1/programmes, /api/v1/calls); api.py mounts every
router listed in `routers`."""

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.funding import actions, queries
from samverkan.funding.forms import ProgrammeForm
from samverkan.funding.models import Call, Programme
from samverkan.lib.views import require
from samverkan.organisation import tenancy

from .. import records
from ..auth import SIGNED_IN
from ..schemas_funding import (
    CallFilter,
    CallMarkIn,
    CallOut,
    ProgrammeConflict,
    ProgrammeFilter,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammeUpdate,
)
from .registry import DELETE, LIST, READ, WRITE, save_changed, save_new

programmes_router = Router(auth=SIGNED_IN, tags=["programmes"])
calls_router = Router(auth=SIGNED_IN, tags=["calls"])
routers: list = [programmes_router, calls_router]


def _programme(request, programme_id):
    return tenancy.get_scoped_or_404(request, Programme, programme_id)


def _code_taken(payload) -> list[tuple[str, str]]:
    return [("code", _("Another programme has this code."))]


def _form_data(payload) -> dict:
    data = records.form_data(payload)
    data["subject_areas"] = ", ".join(data.get("subject_areas") or [])
    data["portal_codes"] = ", ".join(data.get("portal_codes") or [])
    return {k: ("" if v is None else v) for k, v in data.items()}


@programmes_router.get("/programmes", response={200: list[ProgrammeOut], **LIST})
@paginate(PageNumberPagination)
def list_programmes(request, filters: Query[ProgrammeFilter]):
    require(request, "samverkan.view_record", request.municipality)
    programmes = tenancy.scoped(request, Programme).order_by("name", "pk")
    if filters.level:
        programmes = programmes.filter(level=filters.level)
    if filters.q:
        q = filters.q.strip()
        programmes = programmes.filter(Q(name__icontains=q) | Q(owner__icontains=q))
    if filters.area:
        ids = [p.pk for p in programmes if filters.area in p.subject_areas]
        programmes = programmes.filter(pk__in=ids)
    return programmes


@programmes_router.get("/programmes/{programme_id}", response={200: ProgrammeOut, **READ})
def get_programme(request, programme_id: int):
    programme = _programme(request, programme_id)
    require(request, "samverkan.view_record", programme)
    return programme


@programmes_router.post("/programmes", response={201: ProgrammeOut, **WRITE})
def create_programme(request, payload: ProgrammeIn):
    programme = Programme(municipality=request.municipality)
    require(request, "samverkan.manage_programmes", programme)
    form = ProgrammeForm(_form_data(payload), instance=programme, municipality=request.municipality)
    save_new(request, form, "samverkan.manage_programmes", on_integrity_error=_code_taken(payload))
    return Status(201, programme)


@programmes_router.put(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, **WRITE, 409: ProgrammeConflict},
)
def update_programme(request, programme_id: int, payload: ProgrammeUpdate):
    programme = _programme(request, programme_id)
    require(request, "samverkan.manage_programmes", programme)
    form = ProgrammeForm(_form_data(payload), instance=programme, municipality=request.municipality)
    return save_changed(
        request,
        form,
        "samverkan.manage_programmes",
        payload.version,
        lambda pk: _programme(request, pk),
        on_integrity_error=_code_taken(payload),
    )


@programmes_router.delete("/programmes/{programme_id}", response=DELETE)
def delete_programme(request, programme_id: int):
    programme = _programme(request, programme_id)
    require(request, "samverkan.manage_programmes", programme)
    records.delete(programme, acting_user=request.user)
    return Status(204, None)


def _calls(request):
    return tenancy.scoped(request, Call).select_related("programme", "mark")


@calls_router.get("/calls", response={200: list[CallOut], **LIST})
@paginate(PageNumberPagination)
def list_calls(request, filters: Query[CallFilter]):
    """Calls for us: by relevance, then next deadline; dismissed ones left out by default."""
    require(request, "samverkan.view_record", request.municipality)
    return queries.filter_calls(
        tenancy.scoped(request, Call),
        q=(filters.q or "").strip(),
        programme=filters.programme,
        status=filters.status or "",
        window=str(filters.window or ""),
        mark=filters.mark or "",
        sort=filters.sort,
    )


@calls_router.get("/calls/{call_id}", response={200: CallOut, **READ})
def get_call(request, call_id: int):
    call = tenancy.get_scoped_or_404(request, Call, call_id, _calls(request))
    require(request, "samverkan.view_record", call)
    return call


@calls_router.post("/calls/{call_id}/mark", response={200: CallOut, **WRITE})
def mark_call(request, call_id: int, payload: CallMarkIn):
    """Follow a call for the municipality, dismiss it, or clear either (coordinators)."""
    call = tenancy.get_scoped_or_404(request, Call, call_id)
    require(request, "samverkan.mark_call", call)
    actions.mark_call(call, payload.action, acting_user=request.user)
    return tenancy.get_scoped_or_404(request, Call, call_id, _calls(request))
