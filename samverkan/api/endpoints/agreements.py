"""Agreements: parties, validity and renewal, the signing body and the deciding decision.

`renewal_within_days=90` lists what ends or must be renewed within 90 days, like the
renewal page. A committee editor may change the agreements their committee signed.
"""

import datetime
from typing import Literal

from django.db.models import Q
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
from samverkan.lib.actions import VersionConflict, authorize
from samverkan.registry import access, actions
from samverkan.registry.forms import AgreementForm, PartyAgreementForm
from samverkan.registry.models import (
    Agreement,
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
    name_of,
    request_of,
    visible_documents,
    visible_parties,
)

# What the endpoints take and give ------------------------------------------------

AgreementKind = Literal[tuple(Agreement.Kind.values)]


class AgreementOut(Schema):
    id: int
    kind: AgreementKind
    kind_label: str
    title: str
    parties: list[int]
    party_names: list[str] = Field(description="The parties' names, in the order of `parties`.")
    signed_on: datetime.date | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    renewal_due_on: datetime.date | None
    signing_body: int | None
    signing_body_name: str | None
    decision: int | None
    decision_label: str | None
    description: str
    source_url: str
    registered_by: str = Field(
        description="Code of the municipality that registered it (the others are parties)."
    )
    shared_with: list[int] = Field(
        description="Ids of the other municipalities party to it, who see it too."
    )
    is_demo: bool
    version: int
    flags: list[str] = FLAGS

    @staticmethod
    def resolve_registered_by(obj):
        return obj.municipality.code

    @staticmethod
    def resolve_shared_with(obj):
        return sorted(obj.shared_municipality_ids())

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_parties(obj, context):
        return [party.pk for party in visible_parties(request_of(context), obj)]

    @staticmethod
    def resolve_party_names(obj, context):
        return [party.name for party in visible_parties(request_of(context), obj)]

    @staticmethod
    def resolve_signing_body(obj):
        return obj.signing_body_id

    @staticmethod
    def resolve_signing_body_name(obj):
        return obj.signing_body.name if obj.signing_body_id else None

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id

    @staticmethod
    def resolve_decision_label(obj):
        return name_of(obj.decision) if obj.decision_id else None

    @staticmethod
    def resolve_flags(obj, context):
        return flags_of(obj, context)


class AgreementDetail(AgreementOut):
    twin_towns: list[RecordRef]
    documents: list[DocumentOut] = Field(
        description="Attached files; confidential ones only for those who may see them."
    )

    @staticmethod
    def resolve_twin_towns(obj):
        return list(obj.twin_towns.select_related("partner"))

    @staticmethod
    def resolve_documents(obj, context):
        return visible_documents(request_of(context), obj)


class AgreementIn(Schema):
    kind: AgreementKind
    title: str
    parties: list[int] = Field(description="Ids of partners; at least one.")
    signed_on: datetime.date | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    renewal_due_on: datetime.date | None = None
    signing_body: int | None = None
    decision: int | None = None
    description: str = ""
    source_url: str = ""
    shared_with: list[int] = Field(
        default_factory=list,
        description="Ids of other municipalities (`GET /municipalities`) party to it.",
    )


class AgreementUpdate(AgreementIn):
    version: int = VERSION


class AgreementFilter(Schema):
    kind: AgreementKind | None = None
    signing_body: int | None = Field(None, description="Id of the signing body.")
    party: int | None = Field(None, description="Id of a party.")
    renewal_within_days: int | None = Field(
        None,
        ge=0,
        le=3650,
        description="Only agreements that end or must be renewed within this many days "
        "from today (90 for the renewal list).",
    )
    q: str | None = Field(None, description="Part of the title.")


class AgreementConflict(Schema):
    message: str
    current: AgreementOut


router = Router(auth=SIGNED_IN, tags=["agreements"])


def _owner_fields_changed(payload, agreement) -> list[str]:
    current = {
        "kind": agreement.kind,
        "parties": sorted(p.pk for p in agreement.parties.all()),
        "signing_body": agreement.signing_body_id,
        "decision": agreement.decision_id,
        "source_url": agreement.source_url,
        "shared_with": sorted(agreement.shared_municipality_ids()),
    }
    given = payload.dict()
    given["parties"] = sorted(given["parties"])
    given["shared_with"] = sorted(given["shared_with"])
    return [name for name, value in current.items() if given.get(name) != value]


def _form(request, payload, agreement):
    if agreement.pk and actions.is_party_only(agreement, request.user):
        # A party municipality keeps the dates and words; the rest must come back as is.
        if _owner_fields_changed(payload, agreement):
            actions.refuse_party_change(agreement)
        return adapters.parse(
            PartyAgreementForm(
                adapters.form_data(payload), instance=agreement, municipality=request.municipality
            )
        )
    data = adapters.form_data(payload)
    if agreement.pk and not access.sees_personal_data(request):
        # Parties this caller cannot see (citizens) stay parties.
        hidden = [p.pk for p in agreement.parties.all() if not p.is_public]
        data["parties"] = [*data["parties"], *hidden]
    return adapters.parse(
        AgreementForm(data, instance=agreement, municipality=request.municipality)
    )


@router.get("/agreements", response={200: list[AgreementOut], **LIST})
@paginate(PageNumberPagination)
def list_agreements(request, filters: Query[AgreementFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
    agreements = access.agreements_for(request, with_parties=True).order_by("title", "pk")
    if filters.kind:
        agreements = agreements.filter(kind=filters.kind)
    if filters.signing_body is not None:
        agreements = agreements.filter(signing_body_id=filters.signing_body)
    if filters.party is not None:
        agreements = agreements.filter(parties=filters.party)
    if filters.renewal_within_days is not None:
        today = timezone.localdate()
        window = (today, today + datetime.timedelta(days=filters.renewal_within_days))
        agreements = agreements.filter(
            Q(valid_until__range=window) | Q(renewal_due_on__range=window)
        )
    if filters.q:
        agreements = agreements.filter(title__icontains=filters.q.strip())
    return agreements


@router.get("/agreements/{agreement_id}", response={200: AgreementDetail, **READ})
def get_agreement(request, agreement_id: int):
    return access.get_agreement_for(request, agreement_id, with_parties=True)


@router.post("/agreements", response={201: AgreementDetail, **WRITE})
def create_agreement(request, payload: AgreementIn):
    authorize(request.user, "samverkan.add_record", Agreement(municipality=request.municipality))
    form = _form(request, payload, Agreement(municipality=request.municipality))
    agreement = actions.create_agreement(
        request.municipality, form.changes(), acting_user=request.user
    )
    return Status(201, access.get_agreement_for(request, agreement.pk, with_parties=True))


@router.put(
    "/agreements/{agreement_id}",
    response={200: AgreementDetail, **WRITE, 409: AgreementConflict},
)
def update_agreement(request, agreement_id: int, payload: AgreementUpdate):
    agreement = access.get_agreement_for(
        request, agreement_id, perm="samverkan.change_record", with_parties=True
    )
    form = _form(request, payload, agreement)
    try:
        actions.update_agreement(
            agreement, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as error:
        return adapters.conflict(
            payload.version, access.get_agreement_for(request, error.current.pk, with_parties=True)
        )
    return access.get_agreement_for(request, agreement.pk, with_parties=True)


@router.delete("/agreements/{agreement_id}", response=DELETE)
def delete_agreement(request, agreement_id: int):
    agreement = access.get_agreement_for(
        request, agreement_id, perm="samverkan.delete_record", with_parties=True
    )
    actions.delete_agreement(agreement, acting_user=request.user)
    return Status(204, None)
