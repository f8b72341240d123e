"""Memberships in international organisations and networks (P6, P13).

The detail gives the annual fees, the participation log and the value reviews;
each is added on its own (POST), like on the membership's page.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.organisation.rules import role_of
from samverkan.registry.forms import (
    MembershipFeeForm,
    NetworkMembershipForm,
    ParticipationEntryForm,
    ValueReviewForm,
)
from samverkan.registry.models import (
    MembershipFee,
    NetworkMembership,
    ParticipationEntry,
    ValueReview,
)

from .. import records
from ..auth import SIGNED_IN
from ..schemas_registry import (
    FeeIn,
    FeeOut,
    MembershipConflict,
    MembershipDetail,
    MembershipFilter,
    MembershipIn,
    MembershipOut,
    MembershipUpdate,
    ParticipationIn,
    ParticipationOut,
    ValueReviewIn,
    ValueReviewOut,
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


# Sub-records ---------------------------------------------------------------------------


def _add(request, membership, form_class, model, payload, *, year_taken=None, narrow=None):
    entry = model(municipality=request.municipality, membership=membership)
    form = form_class(records.form_data(payload), instance=entry, municipality=request.municipality)
    if narrow:
        narrow(form)
    records.check(form)
    # The entry as filled in decides (a participation entry belongs to its committee too).
    require(request, "samverkan.change_record", entry)
    taken = [("year", year_taken % {"year": payload.year})] if year_taken else None
    records.save(form, on_integrity_error=taken)
    return Status(201, entry)


@router.post("/memberships/{membership_id}/fees", response={201: FeeOut, **WRITE})
def add_membership_fee(request, membership_id: int, payload: FeeIn):
    membership = _get(request, membership_id)
    require(request, "samverkan.change_record", membership)
    return _add(
        request,
        membership,
        MembershipFeeForm,
        MembershipFee,
        payload,
        year_taken=_("There is already a fee for %(year)s."),
    )


@router.post(
    "/memberships/{membership_id}/participation", response={201: ParticipationOut, **WRITE}
)
def add_membership_participation(request, membership_id: int, payload: ParticipationIn):
    """Log a meeting attended or a role held (P6).

    A committee editor logs for their own committee that takes part in the membership.
    """
    membership = _get(request, membership_id)
    narrow = None
    if not request.user.has_perm("samverkan.change_record", membership):
        role = role_of(request.user, membership)
        own = {c.pk for c in role.committees.all()} if role else set()
        allowed = membership.participating_committees.filter(pk__in=own)
        if not allowed.exists():
            raise PermissionDenied

        def narrow(form):
            form.fields["committee"].queryset = allowed
            form.fields["committee"].required = True

    return _add(
        request, membership, ParticipationEntryForm, ParticipationEntry, payload, narrow=narrow
    )


@router.post("/memberships/{membership_id}/value-reviews", response={201: ValueReviewOut, **WRITE})
def add_membership_value_review(request, membership_id: int, payload: ValueReviewIn):
    """The yearly review of what the membership gave, and whether to keep it."""
    membership = _get(request, membership_id)
    require(request, "samverkan.change_record", membership)
    return _add(
        request,
        membership,
        ValueReviewForm,
        ValueReview,
        payload,
        year_taken=_("There is already a value review for %(year)s."),
    )
