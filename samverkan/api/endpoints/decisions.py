"""Decisions, checked against the policy pack's decision rules like on the pages.

A decision by a body without authority answers 400 with the rule's message on the
field "body" ("Vänortsavtal beslutas av kommunfullmäktige (P12)."). Registrars
record decisions too (record_decision); deleting one needs delete_record.
"""

from django.db.models import Q
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.lib.actions import VersionConflict, authorize
from samverkan.registry import access, actions, authority
from samverkan.registry.forms import DecisionForm
from samverkan.registry.models import Decision

from .. import adapters
from ..auth import SIGNED_IN
from ..schemas_registry import (
    DecisionConflict,
    DecisionDetail,
    DecisionFilter,
    DecisionIn,
    DecisionOut,
    DecisionUpdate,
)
from .registry import DELETE, LIST, READ, WRITE

router = Router(auth=SIGNED_IN, tags=["decisions"])


def _form(request, payload, decision):
    return adapters.parse(
        DecisionForm(
            adapters.form_data(payload), instance=decision, municipality=request.municipality
        )
    )


@router.get("/decisions", response={200: list[DecisionOut], **LIST})
@paginate(PageNumberPagination)
def list_decisions(request, filters: Query[DecisionFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
    decisions = access.decisions_for(request).order_by("-meeting_date", "-paragraph", "pk")
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
    return access.get_decision_for(request, decision_id)


@router.post("/decisions", response={201: DecisionDetail, **WRITE})
def create_decision(request, payload: DecisionIn):
    authorize(
        request.user, "samverkan.record_decision", Decision(municipality=request.municipality)
    )
    form = _form(request, payload, Decision(municipality=request.municipality))
    decision = actions.record_decision(
        request.municipality, form.changes(), acting_user=request.user
    )
    return Status(201, access.get_decision_for(request, decision.pk))


@router.put(
    "/decisions/{decision_id}",
    response={200: DecisionDetail, **WRITE, 409: DecisionConflict},
)
def update_decision(request, decision_id: int, payload: DecisionUpdate):
    decision = access.get_decision_for(request, decision_id, perm="samverkan.record_decision")
    form = _form(request, payload, decision)
    try:
        actions.update_decision(
            decision, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as error:
        return adapters.conflict(
            payload.version, access.get_decision_for(request, error.current.pk)
        )
    return access.get_decision_for(request, decision.pk)


@router.delete("/decisions/{decision_id}", response=DELETE)
def delete_decision(request, decision_id: int):
    decision = access.get_decision_for(request, decision_id, perm="samverkan.delete_record")
    actions.delete_decision(decision, acting_user=request.user)
    return Status(204, None)
