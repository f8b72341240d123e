"""Memberships in international organisations and networks (P6, P13).

The detail gives the annual fees, the participation log and the value reviews;
each is added on its own (POST), like on the membership's page.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.lib.actions import VersionConflict, authorize
from samverkan.registry import access, actions
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

from .. import adapters
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
from .registry import DELETE, LIST, READ, WRITE

router = Router(auth=SIGNED_IN, tags=["memberships"])


def _memberships(request):
    return access.memberships_for(request).prefetch_related("participating_committees")


def _get(request, membership_id, perm="samverkan.view_record"):
    # The membership as the answer shows it, its committees read at once.
    return access.get_membership_for(
        request, membership_id, perm=perm, queryset=_memberships(request)
    )


def _form(request, payload, membership):
    return adapters.parse(
        NetworkMembershipForm(
            adapters.form_data(payload), instance=membership, municipality=request.municipality
        )
    )


@router.get("/memberships", response={200: list[MembershipOut], **LIST})
@paginate(PageNumberPagination)
def list_memberships(request, filters: Query[MembershipFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
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
    authorize(
        request.user, "samverkan.add_record", NetworkMembership(municipality=request.municipality)
    )
    form = _form(request, payload, NetworkMembership(municipality=request.municipality))
    membership = actions.create_membership(
        request.municipality, form.changes(), acting_user=request.user
    )
    return Status(201, _get(request, membership.pk))


@router.put(
    "/memberships/{membership_id}",
    response={200: MembershipDetail, **WRITE, 409: MembershipConflict},
)
def update_membership(request, membership_id: int, payload: MembershipUpdate):
    membership = _get(request, membership_id, perm="samverkan.change_record")
    form = _form(request, payload, membership)
    try:
        actions.update_membership(
            membership, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as error:
        return adapters.conflict(payload.version, _get(request, error.current.pk))
    return _get(request, membership.pk)


@router.delete("/memberships/{membership_id}", response=DELETE)
def delete_membership(request, membership_id: int):
    membership = _get(request, membership_id, perm="samverkan.delete_record")
    actions.delete_membership(membership, acting_user=request.user)
    return Status(204, None)


# Sub-records ---------------------------------------------------------------------------


def _add(request, membership, form_class, model, payload, add, *, narrow=None):
    """Parse an entry's payload with the page's form, then add it through `add` (its action)."""
    entry = model(municipality=request.municipality, membership=membership)
    form = form_class(
        adapters.form_data(payload), instance=entry, municipality=request.municipality
    )
    if narrow is not None:
        narrow(form)
    adapters.parse(form)
    return Status(201, add(membership, form.changes(), acting_user=request.user))


@router.post("/memberships/{membership_id}/fees", response={201: FeeOut, **WRITE})
def add_membership_fee(request, membership_id: int, payload: FeeIn):
    membership = _get(request, membership_id, perm="samverkan.change_record")
    return _add(
        request, membership, MembershipFeeForm, MembershipFee, payload, actions.add_membership_fee
    )


@router.post(
    "/memberships/{membership_id}/participation", response={201: ParticipationOut, **WRITE}
)
def add_membership_participation(request, membership_id: int, payload: ParticipationIn):
    """Log a meeting attended or a role held (P6).

    A committee editor logs for their own committee that takes part in the membership.
    """
    membership = _get(request, membership_id)
    allowed = access.participation_committees(request.user, membership)
    narrow = None
    if allowed is not None:
        if not allowed.exists():
            raise PermissionDenied

        def narrow(form):
            form.fields["committee"].queryset = allowed
            form.fields["committee"].required = True

    return _add(
        request,
        membership,
        ParticipationEntryForm,
        ParticipationEntry,
        payload,
        actions.log_participation,
        narrow=narrow,
    )


@router.post("/memberships/{membership_id}/value-reviews", response={201: ValueReviewOut, **WRITE})
def add_membership_value_review(request, membership_id: int, payload: ValueReviewIn):
    """The yearly review of what the membership gave, and whether to keep it."""
    membership = _get(request, membership_id, perm="samverkan.change_record")
    return _add(
        request, membership, ValueReviewForm, ValueReview, payload, actions.add_value_review
    )
