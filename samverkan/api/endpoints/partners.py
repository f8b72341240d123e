"""Partners: municipalities and regions abroad, institutions, networks and local actors.

A citizen with a network abroad is a person: such partners exist only for the roles
that may see personal data, as on the pages.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.registry import countries
from samverkan.registry.forms import PartnerForm
from samverkan.registry.models import Partner

from .. import records
from ..auth import SIGNED_IN
from ..schemas_registry import (
    PartnerConflict,
    PartnerFilter,
    PartnerIn,
    PartnerOut,
    PartnerUpdate,
)
from .registry import DELETE, LIST, READ, WRITE, save_changed, save_new, visible_partners

router = Router(auth=SIGNED_IN, tags=["partners"])


def _partners(request):
    return visible_partners(request, tenancy.scoped(request, Partner))


def _get(request, partner_id):
    return tenancy.get_scoped_or_404(request, Partner, partner_id, _partners(request))


def _name_taken(payload) -> list[tuple[str, str]]:
    message = _("There is already a partner named %(name)s in this country.")
    return [("name", message % {"name": payload.name})]


@router.get("/partners", response={200: list[PartnerOut], **LIST})
@paginate(PageNumberPagination)
def list_partners(request, filters: Query[PartnerFilter]):
    require(request, "samverkan.view_record", request.municipality)
    partners = _partners(request).order_by("name", "pk")
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
    partner = _get(request, partner_id)
    require(request, "samverkan.view_record", partner)
    return partner


@router.post("/partners", response={201: PartnerOut, **WRITE})
def create_partner(request, payload: PartnerIn):
    partner = Partner(municipality=request.municipality)
    require(request, "samverkan.add_record", partner)
    form = PartnerForm(
        records.form_data(payload), instance=partner, municipality=request.municipality
    )
    save_new(request, form, "samverkan.add_record", on_integrity_error=_name_taken(payload))
    return Status(201, partner)


@router.put("/partners/{partner_id}", response={200: PartnerOut, **WRITE, 409: PartnerConflict})
def update_partner(request, partner_id: int, payload: PartnerUpdate):
    partner = _get(request, partner_id)
    require(request, "samverkan.change_record", partner)
    form = PartnerForm(
        records.form_data(payload), instance=partner, municipality=request.municipality
    )
    return save_changed(
        request,
        form,
        "samverkan.change_record",
        payload.version,
        lambda pk: _get(request, pk),
        on_integrity_error=_name_taken(payload),
    )


@router.delete("/partners/{partner_id}", response=DELETE)
def delete_partner(request, partner_id: int):
    partner = _get(request, partner_id)
    require(request, "samverkan.delete_record", partner)
    records.delete(partner, acting_user=request.user)
    return Status(204, None)
