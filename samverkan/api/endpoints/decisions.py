"""Decisions, checked against the policy pack's decision rules like on the pages.

A decision by a body without authority answers 400 with the pack's message on the
field "body". Who may record, change and delete decisions is one rule (record_decision,
delete_decision in organisation/roles.py): a committee editor their own committee's,
registrars, coordinators and administrators any body's. `/rule-violations` lists every
record that breaks the rules of the pack: the list the compliance dashboard's authority
indicators count.
"""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
from samverkan.lib.actions import VersionConflict, authorize
from samverkan.organisation.models import Body
from samverkan.registry import access, actions, authority
from samverkan.registry.forms import DecisionForm
from samverkan.registry.models import (
    Decision,
    DecisionType,
)

from .. import adapters
from ..auth import SIGNED_IN
from .documents import DocumentOut
from .registry import (
    DELETE,
    FLAGS,
    LIST,
    READ,
    VERSION,
    WRITE,
    RecordRef,
    flags_of,
    request_of,
    visible_documents,
)

# What the endpoints take and give ------------------------------------------------

DecisionTypeValue = Literal[tuple(DecisionType.values)]
BodyKind = Literal[tuple(Body.Kind.values)]


class DecisionOut(Schema):
    id: int
    body: int
    body_name: str
    body_kind: BodyKind
    decision_type: DecisionTypeValue
    decision_type_label: str
    meeting_date: datetime.date
    year: int
    registration_number: str
    paragraph: int
    title: str
    text: str
    policy_document: int | None
    source_url: str
    is_demo: bool
    version: int
    flags: list[str] = FLAGS

    @staticmethod
    def resolve_body(obj):
        return obj.body_id

    @staticmethod
    def resolve_body_name(obj):
        return obj.body.name

    @staticmethod
    def resolve_body_kind(obj):
        return obj.body.kind

    @staticmethod
    def resolve_decision_type_label(obj):
        return obj.get_decision_type_display()

    @staticmethod
    def resolve_policy_document(obj):
        return obj.policy_document_id

    @staticmethod
    def resolve_flags(obj, context):
        return flags_of(obj, context)


class DecisionDetail(DecisionOut):
    agreements: list[RecordRef] = Field(description="Agreements this decision decided.")
    memberships: list[RecordRef]
    twin_towns_decided: list[RecordRef]
    twin_towns_ended: list[RecordRef]
    documents: list[DocumentOut] = Field(
        description="Attached files; confidential ones only for those who may see them."
    )

    @staticmethod
    def resolve_agreements(obj):
        return list(obj.agreements.all())

    @staticmethod
    def resolve_memberships(obj):
        return list(obj.memberships.select_related("organisation"))

    @staticmethod
    def resolve_twin_towns_decided(obj):
        return list(obj.twin_towns_decided.select_related("partner"))

    @staticmethod
    def resolve_twin_towns_ended(obj):
        return list(obj.twin_towns_ended.select_related("partner"))

    @staticmethod
    def resolve_documents(obj, context):
        return visible_documents(request_of(context), obj)


class DecisionIn(Schema):
    body: int = Field(description="Id of a decision body of your municipality.")
    decision_type: DecisionTypeValue
    meeting_date: datetime.date
    registration_number: str = Field(description="The diarienummer, e.g. 15/KS 0089.")
    paragraph: int = Field(description="The paragraph (§); unique per body and year.")
    title: str
    text: str = ""
    policy_document: int | None = None
    source_url: str = ""


class DecisionUpdate(DecisionIn):
    version: int = VERSION


class DecisionFilter(Schema):
    body: int | None = Field(None, description="Id of a decision body.")
    decision_type: DecisionTypeValue | None = None
    year: int | None = None
    flagged: bool | None = Field(
        None, description="Only decisions by a body without authority (true), or only others."
    )
    q: str | None = Field(None, description="Part of the title or the registration number.")


class DecisionConflict(Schema):
    message: str
    current: DecisionOut


router = Router(auth=SIGNED_IN, tags=["decisions"])


def _form(request, payload, decision):
    return adapters.parse(
        DecisionForm(
            adapters.form_data(payload), instance=decision, municipality=request.municipality
        )
    )


class RuleViolationOut(Schema):
    record_type: str = Field(description="decision, agreement, networkmembership, twintown")
    record_id: int
    record_name: str
    message: str = Field(description="The pack's message for the rule broken.")
    clause: str = Field(description="The pack's clause the rule cites; empty if none.")
    decision_type: str = Field(description="The rule's decision type; empty for the consideration.")
    authorised_body_kind: str = Field(
        description="The kind of body the rule gives the decision to; empty for the consideration."
    )
    decided_on: datetime.date | None
    time_rule: str = Field(
        "", description="The key of the pack's time rule broken; empty for a decision rule."
    )


@router.get("/rule-violations", response={200: list[RuleViolationOut], **LIST})
@paginate(PageNumberPagination)
def list_rule_violations(request):
    """Every record that breaks the rules of the municipality's pack, with the pack's
    message and clause; the authority indicators of the dashboard count exactly these."""
    authorize(request.user, "samverkan.view_record", request.municipality)
    return [
        {
            "record_type": violation.record._meta.model_name,
            "record_id": violation.record.pk,
            "record_name": str(violation.record),
            "message": violation.message,
            "clause": violation.clause,
            "decision_type": violation.rule.decision_type if violation.rule else "",
            "authorised_body_kind": violation.authorised_body_kind,
            "decided_on": violation.decided_on,
            "time_rule": violation.time_rule.key if violation.time_rule else "",
        }
        for violation in authority.violations(request.municipality.pk)
    ]


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
    if not access.can_record_decisions(request):
        raise PermissionDenied
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
    decision = access.get_decision_for(request, decision_id, perm="samverkan.delete_decision")
    actions.delete_decision(decision, acting_user=request.user)
    return Status(204, None)
