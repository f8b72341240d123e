"""Partners: municipalities and regions abroad, institutions, networks and local actors.

A citizen with a network abroad is a person: such partners exist only for the roles
that may see personal data, as on the pages.
"""

from typing import Literal

from django.db.models import Q
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
from samverkan.lib.actions import VersionConflict, authorize
from samverkan.registry import access, actions, countries
from samverkan.registry.forms import PartnerForm
from samverkan.registry.models import (
    Partner,
)

from .. import adapters
from ..auth import SIGNED_IN
from .registry import DELETE, LIST, READ, VERSION, WRITE, CountryInput

# What the endpoints take and give ------------------------------------------------

PartnerKind = Literal[tuple(Partner.Kind.values)]
CountryGroup = Literal[countries.NORDIC, countries.EU, countries.EEA]


class PartnerOut(Schema):
    id: int
    kind: PartnerKind
    kind_label: str
    name: str
    local_name: str
    is_local_actor: bool
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. FI.")
    country_name: str
    country_groups: list[CountryGroup] = Field(
        description="The groups the country belongs to today (nordic, eu, eea)."
    )
    city: str
    website: str
    description: str
    source_url: str
    is_demo: bool
    version: int

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_country(obj):
        return obj.country.code

    @staticmethod
    def resolve_country_name(obj):
        return str(obj.country.name)

    @staticmethod
    def resolve_country_groups(obj):
        groups = countries.groups_of(obj.country.code, timezone.localdate())
        return [
            group for group in (countries.NORDIC, countries.EU, countries.EEA) if group in groups
        ]


class PartnerIn(CountryInput):
    name: str
    local_name: str = ""
    kind: PartnerKind
    is_local_actor: bool = False
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. FI.")
    city: str = ""
    website: str = ""
    description: str = ""
    source_url: str = ""


class PartnerUpdate(PartnerIn):
    version: int = VERSION


class PartnerFilter(CountryInput):
    kind: PartnerKind | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code, e.g. FI.")
    local: bool | None = Field(None, description="Only local actors (true) or only others.")
    group: CountryGroup | None = Field(None, description="Countries in this group today.")
    q: str | None = Field(None, description="Part of the name, the local name or the place.")


class PartnerConflict(Schema):
    message: str
    current: PartnerOut


router = Router(auth=SIGNED_IN, tags=["partners"])


def _form(request, payload, partner):
    return adapters.parse(
        PartnerForm(
            adapters.form_data(payload), instance=partner, municipality=request.municipality
        )
    )


@router.get("/partners", response={200: list[PartnerOut], **LIST})
@paginate(PageNumberPagination)
def list_partners(request, filters: Query[PartnerFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
    partners = access.visible_partners(request).order_by("name", "pk")
    if filters.kind:
        partners = partners.filter(kind=filters.kind)
    if filters.country:
        partners = partners.filter(country=filters.country)
    if filters.local is not None:
        partners = partners.filter(is_local_actor=filters.local)
    if filters.group:
        members = countries.countries_in(filters.group, timezone.localdate())
        partners = partners.filter(country__in=members)
    if filters.q:
        q = filters.q.strip()
        partners = partners.filter(
            Q(name__icontains=q) | Q(local_name__icontains=q) | Q(city__icontains=q)
        )
    return partners


@router.get("/partners/{partner_id}", response={200: PartnerOut, **READ})
def get_partner(request, partner_id: int):
    return access.get_partner_for(request, partner_id)


@router.post("/partners", response={201: PartnerOut, **WRITE})
def create_partner(request, payload: PartnerIn):
    authorize(request.user, "samverkan.add_record", Partner(municipality=request.municipality))
    form = _form(request, payload, Partner(municipality=request.municipality))
    partner = actions.create_partner(request.municipality, form.changes(), acting_user=request.user)
    return Status(201, partner)


@router.put("/partners/{partner_id}", response={200: PartnerOut, **WRITE, 409: PartnerConflict})
def update_partner(request, partner_id: int, payload: PartnerUpdate):
    partner = access.get_partner_for(request, partner_id, perm="samverkan.change_record")
    form = _form(request, payload, partner)
    try:
        actions.update_partner(
            partner, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as error:
        return adapters.conflict(payload.version, access.get_partner_for(request, error.current.pk))
    return access.get_partner_for(request, partner.pk)


@router.delete("/partners/{partner_id}", response=DELETE)
def delete_partner(request, partner_id: int):
    partner = access.get_partner_for(request, partner_id, perm="samverkan.delete_record")
    actions.delete_partner(partner, acting_user=request.user)
    return Status(204, None)
