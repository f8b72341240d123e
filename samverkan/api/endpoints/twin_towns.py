"""Twin towns: the relation's life cycle, its decisions and its consideration.

Contacts are personal data: their ids are given, and may be changed, only by the
roles that may see personal data.
"""

import datetime
from typing import Literal

from django.db.models import Q
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
from samverkan.lib.actions import VersionConflict, authorize
from samverkan.registry import access, actions
from samverkan.registry.forms import TwinTownForm, TwinTownNoteForm
from samverkan.registry.models import (
    TwinTown,
    TwinTownNote,
)

from .. import adapters
from ..auth import SIGNED_IN
from .registry import (
    DELETE,
    FLAGS,
    LIST,
    READ,
    VERSION,
    WRITE,
    CountryInput,
    flags_of,
    name_of,
    request_of,
    review_interval,
    visible_contacts,
)

# What the endpoints take and give ------------------------------------------------

TwinTownStatus = Literal[tuple(TwinTown.Status.values)]
TwinTownKind = Literal[tuple(TwinTown.Kind.values)]


class TwinTownNoteOut(Schema):
    id: int
    noted_on: datetime.date
    text: str


class TwinTownOut(Schema):
    id: int
    partner: int
    partner_name: str
    country: str
    country_name: str
    kind: TwinTownKind
    kind_label: str
    status: TwinTownStatus
    status_label: str
    status_reason: str
    since: datetime.date | None
    ended_on: datetime.date | None
    agreement: int | None
    agreement_title: str | None
    decision: int | None
    decision_label: str | None
    end_decision: int | None
    end_decision_label: str | None
    contacts: list[int] = Field(
        description="Ids of the contacts; empty for those who may not see personal data."
    )
    last_reviewed_on: datetime.date | None
    review_due_on: datetime.date | None = Field(
        description="When the periodic review is due (the interval is a register setting)."
    )
    description: str
    purpose: str
    administration_benefit: str
    long_term_commitment: str
    nordic_european_link: str
    resources_needed: str
    committee_opinions: str
    consideration_complete: bool = Field(
        description="Whether every part of the consideration is filled in."
    )
    source_url: str
    is_demo: bool
    version: int
    flags: list[str] = FLAGS

    @staticmethod
    def resolve_partner(obj):
        return obj.partner_id

    @staticmethod
    def resolve_partner_name(obj):
        return obj.partner.name

    @staticmethod
    def resolve_country(obj):
        return obj.partner.country.code

    @staticmethod
    def resolve_country_name(obj):
        return str(obj.partner.country.name)

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_agreement(obj):
        return obj.agreement_id

    @staticmethod
    def resolve_agreement_title(obj):
        return obj.agreement.title if obj.agreement_id else None

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id

    @staticmethod
    def resolve_decision_label(obj):
        return name_of(obj.decision) if obj.decision_id else None

    @staticmethod
    def resolve_end_decision(obj):
        return obj.end_decision_id

    @staticmethod
    def resolve_end_decision_label(obj):
        return name_of(obj.end_decision) if obj.end_decision_id else None

    @staticmethod
    def resolve_contacts(obj, context):
        return [contact.pk for contact in visible_contacts(request_of(context), obj)]

    @staticmethod
    def resolve_review_due_on(obj, context):
        return obj.review_due_on(review_interval(request_of(context)))

    @staticmethod
    def resolve_flags(obj, context):
        return flags_of(obj, context)


class TwinTownDetail(TwinTownOut):
    contact_names: list[str] = Field(
        description="The contacts' names, in the order of `contacts`; empty like it."
    )
    notes: list[TwinTownNoteOut] = Field(description="Notes of the dialogue, newest first.")

    @staticmethod
    def resolve_contact_names(obj, context):
        return [str(contact) for contact in visible_contacts(request_of(context), obj)]

    @staticmethod
    def resolve_notes(obj):
        return list(obj.notes.all())


class TwinTownIn(Schema):
    partner: int = Field(description="Id of a municipality or region abroad (a partner).")
    kind: TwinTownKind = TwinTown.Kind.TWIN_TOWN.value
    status: TwinTownStatus = TwinTown.Status.PROPOSED.value
    status_reason: str = Field("", description="Needed when the relation is paused or ended.")
    since: datetime.date | None = None
    ended_on: datetime.date | None = None
    agreement: int | None = None
    decision: int | None = Field(None, description="The council's decision to enter.")
    end_decision: int | None = Field(None, description="The council's decision to end.")
    contacts: list[int] = Field(default_factory=list, description="Ids of contacts.")
    last_reviewed_on: datetime.date | None = None
    description: str = ""
    purpose: str = ""
    administration_benefit: str = ""
    long_term_commitment: str = ""
    nordic_european_link: str = ""
    resources_needed: str = ""
    committee_opinions: str = ""
    source_url: str = ""


class TwinTownUpdate(TwinTownIn):
    version: int = VERSION


class TwinTownFilter(CountryInput):
    status: TwinTownStatus | None = None
    kind: TwinTownKind | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code of the partner.")
    q: str | None = Field(None, description="Part of the partner's name.")


class TwinTownConflict(Schema):
    message: str
    current: TwinTownOut


class TwinTownNoteIn(Schema):
    noted_on: datetime.date
    text: str


router = Router(auth=SIGNED_IN, tags=["twin-towns"])


def _form(request, payload, twin_town):
    data = adapters.form_data(payload)
    if not access.sees_personal_data(request):
        # Whoever may not see the contacts keeps them as they are.
        data["contacts"] = [c.pk for c in twin_town.contacts.all()] if twin_town.pk else []
    return adapters.parse(TwinTownForm(data, instance=twin_town, municipality=request.municipality))


@router.get("/twin-towns", response={200: list[TwinTownOut], **LIST})
@paginate(PageNumberPagination)
def list_twin_towns(request, filters: Query[TwinTownFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
    twin_towns = access.twin_towns_for(request, with_contacts=True).order_by("partner__name", "pk")
    if filters.status:
        twin_towns = twin_towns.filter(status=filters.status)
    if filters.kind:
        twin_towns = twin_towns.filter(kind=filters.kind)
    if filters.country:
        twin_towns = twin_towns.filter(partner__country=filters.country)
    if filters.q:
        q = filters.q.strip()
        twin_towns = twin_towns.filter(
            Q(partner__name__icontains=q) | Q(partner__local_name__icontains=q)
        )
    return twin_towns


@router.get("/twin-towns/{twin_town_id}", response={200: TwinTownDetail, **READ})
def get_twin_town(request, twin_town_id: int):
    return access.get_twin_town_for(request, twin_town_id, with_contacts=True)


@router.post("/twin-towns", response={201: TwinTownDetail, **WRITE})
def create_twin_town(request, payload: TwinTownIn):
    authorize(request.user, "samverkan.add_record", TwinTown(municipality=request.municipality))
    form = _form(request, payload, TwinTown(municipality=request.municipality))
    twin_town = actions.create_twin_town(
        request.municipality, form.changes(), acting_user=request.user
    )
    return Status(201, access.get_twin_town_for(request, twin_town.pk, with_contacts=True))


@router.put(
    "/twin-towns/{twin_town_id}",
    response={200: TwinTownDetail, **WRITE, 409: TwinTownConflict},
)
def update_twin_town(request, twin_town_id: int, payload: TwinTownUpdate):
    twin_town = access.get_twin_town_for(
        request, twin_town_id, perm="samverkan.change_record", with_contacts=True
    )
    form = _form(request, payload, twin_town)
    try:
        actions.update_twin_town(
            twin_town, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as error:
        return adapters.conflict(
            payload.version, access.get_twin_town_for(request, error.current.pk, with_contacts=True)
        )
    return access.get_twin_town_for(request, twin_town.pk, with_contacts=True)


@router.delete("/twin-towns/{twin_town_id}", response=DELETE)
def delete_twin_town(request, twin_town_id: int):
    twin_town = access.get_twin_town_for(
        request, twin_town_id, perm="samverkan.delete_record", with_contacts=True
    )
    actions.delete_twin_town(twin_town, acting_user=request.user)
    return Status(204, None)


@router.post("/twin-towns/{twin_town_id}/notes", response={201: TwinTownNoteOut, **WRITE})
def add_twin_town_note(request, twin_town_id: int, payload: TwinTownNoteIn):
    """A note of the dialogue with the twin town."""
    twin_town = access.get_twin_town_for(
        request, twin_town_id, perm="samverkan.change_record", with_contacts=True
    )
    note = TwinTownNote(municipality=request.municipality, twin_town=twin_town)
    form = adapters.parse(
        TwinTownNoteForm(
            adapters.form_data(payload), instance=note, municipality=request.municipality
        )
    )
    return Status(
        201, actions.add_twin_town_note(twin_town, form.changes(), acting_user=request.user)
    )
