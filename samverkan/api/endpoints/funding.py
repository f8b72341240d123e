"""Funding programmes and calls (/api/v1/programmes, /api/v1/calls); api.py mounts every
router listed in `routers`."""

import datetime
from decimal import Decimal
from typing import Literal

from django.db.models import Q
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
from samverkan.funding import access, actions, queries
from samverkan.funding.forms import ProgrammeForm
from samverkan.funding.models import Call, Programme
from samverkan.lib.actions import authorize
from samverkan.lib.versioning import VersionConflict

from .. import adapters
from ..auth import SIGNED_IN
from .registry import DELETE, LIST, READ, WRITE

programmes_router = Router(auth=SIGNED_IN, tags=["programmes"])
calls_router = Router(auth=SIGNED_IN, tags=["calls"])
routers: list = [programmes_router, calls_router]


# Schemas -------------------------------------------------------------------------------

ProgrammeLevel = Literal[tuple(Programme.Level.values)]
CallStatus = Literal[tuple(Call.Status.values)]
VERSION = Field(description="The version you read; a newer one answers 409.")


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    owner: str
    level: ProgrammeLevel
    level_label: str
    period_start_year: int | None
    period_end_year: int | None
    subject_areas: list[str]
    url: str
    description: str
    portal_codes: list[str] = Field(
        description="Identifier prefixes on the EU Funding & Tenders Portal, e.g. ERASMUS."
    )
    version: int

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()


class ProgrammeIn(Schema):
    code: str = Field(description="A short stable key, e.g. erasmus-plus.")
    name: str
    owner: str = ""
    level: ProgrammeLevel
    period_start_year: int | None = None
    period_end_year: int | None = None
    subject_areas: list[str] = []
    url: str = ""
    description: str = ""
    portal_codes: list[str] = []


class ProgrammeUpdate(ProgrammeIn):
    version: int = VERSION


class ProgrammeFilter(Schema):
    level: ProgrammeLevel | None = None
    area: str | None = Field(None, description="Programmes with this subject area.")
    q: str | None = Field(None, description="Part of the name or the owner.")


class ProgrammeConflict(Schema):
    message: str
    current: ProgrammeOut


class MatchedWord(Schema):
    word: str
    weight: float
    profile: str


class CallOut(Schema):
    id: int
    reference: str = Field(description="The portal's unique key for the record.")
    identifier: str = Field(description="The topic or call id, e.g. HORIZON-CL5-2024-D2-01-03.")
    call_identifier: str
    title: str
    summary: str
    url: str
    type: str = Field(description="Portal type: 0 tender, 1 grant topic, 2 external, 8 cascade.")
    status: CallStatus = Field(description="Derived from the dates (the portal's may be stale).")
    status_code: str = Field(description="The status code the portal gave.")
    programme: int | None
    programme_name: str
    framework_code: str
    start_date: datetime.datetime | None
    deadlines: list[datetime.datetime]
    next_deadline: datetime.datetime | None
    deadline_model: str
    types_of_action: list[str]
    keywords: list[str]
    budget: Decimal | None = Field(description="This topic's budget in EUR, if the portal gave it.")
    relevance: float
    why: list[MatchedWord] = Field(description="The watch-profile words found in the call.")
    followed: bool
    dismissed: bool
    first_seen: datetime.datetime
    last_updated: datetime.datetime

    @staticmethod
    def resolve_status(obj):
        return obj.derived_status()

    @staticmethod
    def resolve_programme(obj):
        return obj.programme_id

    @staticmethod
    def resolve_programme_name(obj):
        return obj.programme.name if obj.programme_id else ""

    @staticmethod
    def resolve_deadlines(obj):
        return obj.deadline_datetimes()

    @staticmethod
    def resolve_next_deadline(obj):
        return obj.upcoming_deadline()

    @staticmethod
    def resolve_why(obj):
        return obj.relevance_why or []

    @staticmethod
    def resolve_followed(obj):
        mark = getattr(obj, "mark", None)
        return mark is not None and mark.kind == "followed"

    @staticmethod
    def resolve_dismissed(obj):
        mark = getattr(obj, "mark", None)
        return mark is not None and mark.kind == "dismissed"


class CallFilter(Schema):
    q: str | None = Field(None, description="Words in the title, identifier or summary.")
    programme: int | None = None
    status: Literal["open", "forthcoming", "closed"] | None = None
    window: Literal[7, 30, 90] | None = Field(None, description="Next deadline within N days.")
    mark: Literal["followed", "dismissed", "all"] | None = Field(
        None, description="Dismissed calls are left out unless mark is dismissed or all."
    )
    sort: Literal["relevance", "deadline", "title"] = "relevance"


class CallMarkIn(Schema):
    action: Literal["follow", "dismiss", "clear"]


# Programmes ----------------------------------------------------------------------------


def _form_data(payload) -> dict:
    data = adapters.form_data(payload)
    data["subject_areas"] = ", ".join(data.get("subject_areas") or [])
    data["portal_codes"] = ", ".join(data.get("portal_codes") or [])
    return {k: ("" if v is None else v) for k, v in data.items()}


@programmes_router.get("/programmes", response={200: list[ProgrammeOut], **LIST})
@paginate(PageNumberPagination)
def list_programmes(request, filters: Query[ProgrammeFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
    programmes = access.programmes_for(request).order_by("name", "pk")
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
    return access.get_programme_for(request, programme_id)


@programmes_router.post("/programmes", response={201: ProgrammeOut, **WRITE})
def create_programme(request, payload: ProgrammeIn):
    authorize(
        request.user, "samverkan.manage_programmes", Programme(municipality=request.municipality)
    )
    programme = Programme(municipality=request.municipality)
    form = adapters.parse(
        ProgrammeForm(_form_data(payload), instance=programme, municipality=request.municipality)
    )
    programme = actions.create_programme(
        form.changes(), municipality=request.municipality, acting_user=request.user
    )
    return Status(201, programme)


@programmes_router.put(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, **WRITE, 409: ProgrammeConflict},
)
def update_programme(request, programme_id: int, payload: ProgrammeUpdate):
    programme = access.get_programme_for(request, programme_id, perm="samverkan.manage_programmes")
    form = adapters.parse(
        ProgrammeForm(_form_data(payload), instance=programme, municipality=request.municipality)
    )
    try:
        actions.update_programme(
            programme, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as conflict:
        return adapters.conflict(
            payload.version, access.get_programme_for(request, conflict.current.pk)
        )
    return access.get_programme_for(request, programme.pk)


@programmes_router.delete("/programmes/{programme_id}", response=DELETE)
def delete_programme(request, programme_id: int):
    programme = access.get_programme_for(request, programme_id, perm="samverkan.manage_programmes")
    actions.delete_programme(programme, acting_user=request.user)
    return Status(204, None)


# Calls ---------------------------------------------------------------------------------


@calls_router.get("/calls", response={200: list[CallOut], **LIST})
@paginate(PageNumberPagination)
def list_calls(request, filters: Query[CallFilter]):
    """Calls for us, each once: open ones first, closed after; dismissed ones left out."""
    authorize(request.user, "samverkan.view_record", request.municipality)
    return queries.filter_calls(
        access.calls_for(request),
        q=(filters.q or "").strip(),
        programme=filters.programme,
        status=filters.status or "",
        window=str(filters.window or ""),
        mark=filters.mark or "",
        sort=filters.sort,
    )


@calls_router.get("/calls/{call_id}", response={200: CallOut, **READ})
def get_call(request, call_id: int):
    return access.get_call_for(request, call_id)


@calls_router.post("/calls/{call_id}/mark", response={200: CallOut, **WRITE})
def mark_call(request, call_id: int, payload: CallMarkIn):
    """Follow a call for the municipality, dismiss it, or clear either (coordinators)."""
    call = access.get_call_for(request, call_id, perm="samverkan.mark_call")
    actions.mark_call(call, payload.action, acting_user=request.user)
    return access.get_call_for(request, call_id)
