"""Memberships in international organisations and networks (P6, P13).

The detail gives the annual fees, the participation log and the value reviews,
read-only; they are written on the membership's page.
"""

from django.db.models import Q
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.registry.forms import NetworkMembershipForm
from samverkan.registry.models import NetworkMembership

from .. import records
from ..auth import SIGNED_IN
from ..schemas_registry import (
    MembershipConflict,
    MembershipDetail,
    MembershipFilter,
    MembershipIn,
    MembershipOut,
    MembershipUpdate,
)
from .registry import DELETE, LIST, READ, WRITE, save_changed, save_new

router = Router(auth=SIGNED_IN, tags=["memberships"])


def _memberships(request):
    return (
        tenancy.scoped(request, NetworkMembership)
        .select_related("organisation", "held_through", "committee", "decision__body")
        .prefetch_related("participating_committees")
    )


def _get(request, membership_id):
    membership = tenancy.get_scoped_or_404(
        request, NetworkMembership, membership_id, _memberships(request)
    )
    require(request, "samverkan.view_record", membership)
    return membership


def _form(request, payload, membership):
    return NetworkMembershipForm(
        records.form_data(payload), instance=membership, municipality=request.municipality
    )


@router.get("/memberships", response={200: list[MembershipOut], **LIST})
@paginate(PageNumberPagination)
def list_memberships(request, filters: Query[MembershipFilter]):
    require(request, "samverkan.view_record", request.municipality)
    memberships = _memberships(request).order_by("organisation__name", "pk")
    if filters.scope:
        memberships = memberships.filter(scope=filters.scope)
    if filters.active is not None:
        today = timezone.localdate()
        active = Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        memberships = memberships.filter(active) if filters.active else memberships.exclude(active)
    if filters.committee is not None:
        memberships = memberships.filter(participating_committees=filters.committee)
    if filters.q:
        memberships = memberships.filter(organisation__name__icontains=filters.q.strip())
    return memberships


@router.get("/memberships/{membership_id}", response={200: MembershipDetail, **READ})
def get_membership(request, membership_id: int):
    return _get(request, membership_id)


@router.post("/memberships", response={201: MembershipDetail, **WRITE})
def create_membership(request, payload: MembershipIn):
    membership = NetworkMembership(municipality=request.municipality)
    require(request, "samverkan.add_record", membership)
    save_new(request, _form(request, payload, membership), "samverkan.add_record")
    return Status(201, _get(request, membership.pk))


@router.put(
    "/memberships/{membership_id}",
    response={200: MembershipDetail, **WRITE, 409: MembershipConflict},
)
def update_membership(request, membership_id: int, payload: MembershipUpdate):
    membership = _get(request, membership_id)
    require(request, "samverkan.change_record", membership)
    return save_changed(
        request,
        _form(request, payload, membership),
        "samverkan.change_record",
        payload.version,
        lambda pk: _get(request, pk),
    )


@router.delete("/memberships/{membership_id}", response=DELETE)
def delete_membership(request, membership_id: int):
    membership = _get(request, membership_id)
    require(request, "samverkan.delete_record", membership)
    records.delete(membership, acting_user=request.user)
    return Status(204, None)
