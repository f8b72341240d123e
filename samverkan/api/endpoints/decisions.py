"""Decisions, checked against the policy pack's decision rules like on the pages.

A decision by a body without authority answers 400 with the rule's message on the
field "body" ("Vänortsavtal beslutas av kommunfullmäktige (P12)."). Registrars
record decisions too (record_decision); deleting one needs delete_record.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.registry import authority
from samverkan.registry.forms import DecisionForm
from samverkan.registry.models import Decision

from .. import records
from ..auth import SIGNED_IN
from ..schemas_registry import (
    DecisionConflict,
    DecisionDetail,
    DecisionFilter,
    DecisionIn,
    DecisionOut,
    DecisionUpdate,
)
from .registry import DELETE, LIST, READ, WRITE, save_changed, save_new

router = Router(auth=SIGNED_IN, tags=["decisions"])

# Two writers racing past the form's check meet the database's constraint instead.
TAKEN = [
    (
        "paragraph",
        gettext_lazy(
            "The body already has a decision with this paragraph this year, or in this case "
            "at this meeting."
        ),
    )
]


def _decisions(request):
    return tenancy.scoped(request, Decision).select_related("body")


def _get(request, decision_id):
    decision = tenancy.get_scoped_or_404(request, Decision, decision_id, _decisions(request))
    require(request, "samverkan.view_record", decision)
    return decision


def _form(request, payload, decision):
    return DecisionForm(
        records.form_data(payload), instance=decision, municipality=request.municipality
    )


@router.get("/decisions", response={200: list[DecisionOut], **LIST})
@paginate(PageNumberPagination)
def list_decisions(request, filters: Query[DecisionFilter]):
    require(request, "samverkan.view_record", request.municipality)
    decisions = _decisions(request).order_by("-meeting_date", "-paragraph", "pk")
    if filters.body is not None:
        decisions = decisions.filter(body_id=filters.body)
    if filters.decision_type:
        decisions = decisions.filter(decision_type=filters.decision_type)
    if filters.year is not None:
        decisions = decisions.filter(year=filters.year)
    if filters.flagged is not None:
        flagged = authority.decisions_without_authority(decisions, request.municipality.pk)
        ids = flagged.values("pk")
        decisions = (
            decisions.filter(pk__in=ids) if filters.flagged else decisions.exclude(pk__in=ids)
        )
    if filters.q:
        q = filters.q.strip()
        decisions = decisions.filter(Q(title__icontains=q) | Q(registration_number__icontains=q))
    return decisions


@router.get("/decisions/{decision_id}", response={200: DecisionDetail, **READ})
def get_decision(request, decision_id: int):
    return _get(request, decision_id)


@router.post("/decisions", response={201: DecisionDetail, **WRITE})
def create_decision(request, payload: DecisionIn):
    decision = Decision(municipality=request.municipality)
    require(request, "samverkan.record_decision", decision)
    save_new(
        request,
        _form(request, payload, decision),
        "samverkan.record_decision",
        on_integrity_error=TAKEN,
    )
    return Status(201, _get(request, decision.pk))


@router.put(
    "/decisions/{decision_id}",
    response={200: DecisionDetail, **WRITE, 409: DecisionConflict},
)
def update_decision(request, decision_id: int, payload: DecisionUpdate):
    decision = _get(request, decision_id)
    require(request, "samverkan.record_decision", decision)
    return save_changed(
        request,
        _form(request, payload, decision),
        "samverkan.record_decision",
        payload.version,
        lambda pk: _get(request, pk),
        on_integrity_error=TAKEN,
    )


@router.delete("/decisions/{decision_id}", response=DELETE)
def delete_decision(request, decision_id: int):
    decision = _get(request, decision_id)
    require(request, "samverkan.delete_record", decision)
    records.delete(decision, acting_user=request.user)
    return Status(204, None)
