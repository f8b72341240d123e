"""Memberships in international organisations and networks.

The detail gives the annual fees, the participation log and the value reviews;
each is added on its own (POST), like on the membership's page.
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
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
from .registry import DELETE, FLAGS, LIST, READ, VERSION, WRITE, flags_of, name_of

# What the endpoints take and give ------------------------------------------------

MembershipScope = Literal[tuple(NetworkMembership.Scope.values)]


class FeeOut(Schema):
    id: int
    year: int
    amount: Decimal
    currency: Literal["SEK", "EUR"]


class ParticipationOut(Schema):
    id: int
    kind: Literal[tuple(ParticipationEntry.Kind.values)]
    kind_label: str
    occurred_on: datetime.date
    committee: int | None
    committee_name: str | None
    description: str
    participants: str

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_committee(obj):
        return obj.committee_id

    @staticmethod
    def resolve_committee_name(obj):
        return obj.committee.name if obj.committee_id else None


class ValueReviewOut(Schema):
    id: int
    year: int
    benefits: str
    recommendation: Literal[tuple(ValueReview.Recommendation.values)]
    recommendation_label: str
    reviewed_by: str

    @staticmethod
    def resolve_recommendation_label(obj):
        return obj.get_recommendation_display()


class MembershipOut(Schema):
    id: int
    organisation: int
    organisation_name: str
    held_through: int | None
    held_through_name: str | None
    scope: MembershipScope
    scope_label: str
    committee: int | None
    committee_name: str | None
    started_on: datetime.date
    ended_on: datetime.date | None
    active: bool = Field(description="Whether the membership runs today.")
    decision: int | None
    decision_label: str | None
    participating_committees: list[int]
    participating_committee_names: list[str]
    representatives: str
    description: str
    source_url: str
    is_demo: bool
    version: int
    flags: list[str] = FLAGS

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_held_through(obj):
        return obj.held_through_id

    @staticmethod
    def resolve_held_through_name(obj):
        return obj.held_through.name if obj.held_through_id else None

    @staticmethod
    def resolve_scope_label(obj):
        return obj.get_scope_display()

    @staticmethod
    def resolve_committee(obj):
        return obj.committee_id

    @staticmethod
    def resolve_committee_name(obj):
        return obj.committee.name if obj.committee_id else None

    @staticmethod
    def resolve_active(obj):
        return obj.is_active_on(timezone.localdate())

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id

    @staticmethod
    def resolve_decision_label(obj):
        return name_of(obj.decision) if obj.decision_id else None

    @staticmethod
    def resolve_participating_committees(obj):
        return [body.pk for body in obj.participating_committees.all()]

    @staticmethod
    def resolve_participating_committee_names(obj):
        return [body.name for body in obj.participating_committees.all()]

    @staticmethod
    def resolve_flags(obj, context):
        return flags_of(obj, context)


class MembershipDetail(MembershipOut):
    fees: list[FeeOut] = Field(description="The annual fee per year, newest first.")
    participation: list[ParticipationOut] = Field(
        description="Meetings attended and roles held, newest first."
    )
    value_reviews: list[ValueReviewOut] = Field(description="The yearly value reviews.")

    @staticmethod
    def resolve_fees(obj):
        return list(obj.fees.all())

    @staticmethod
    def resolve_participation(obj):
        return list(obj.participation.select_related("committee"))

    @staticmethod
    def resolve_value_reviews(obj):
        return list(obj.value_reviews.all())


class MembershipIn(Schema):
    organisation: int = Field(description="Id of the organisation or network (a partner).")
    held_through: int | None = Field(
        None, description="Id of the partner through which the municipality is a member."
    )
    scope: MembershipScope = NetworkMembership.Scope.MUNICIPALITY.value
    committee: int | None = Field(None, description="Id of the committee, for scope committee.")
    started_on: datetime.date
    ended_on: datetime.date | None = None
    decision: int | None = None
    participating_committees: list[int] = Field(
        default_factory=list, description="Ids of committees that take part."
    )
    representatives: str = ""
    description: str = ""
    source_url: str = ""


class MembershipUpdate(MembershipIn):
    version: int = VERSION


class MembershipFilter(Schema):
    scope: MembershipScope | None = None
    active: bool | None = Field(None, description="Runs today (true), or does not (false).")
    committee: int | None = Field(None, description="Id of a participating committee.")
    q: str | None = Field(None, description="Part of the organisation's name.")


class MembershipConflict(Schema):
    message: str
    current: MembershipOut


class FeeIn(Schema):
    year: int
    amount: Decimal = Field(description="The annual fee; not negative.")
    currency: Literal["SEK", "EUR"] = "SEK"


class ParticipationIn(Schema):
    kind: Literal[tuple(ParticipationEntry.Kind.values)] = ParticipationEntry.Kind.MEETING.value
    occurred_on: datetime.date
    committee: int | None = Field(
        None,
        description="Id of the committee that took part; a committee editor logs for their own.",
    )
    description: str
    participants: str = ""


class ValueReviewIn(Schema):
    year: int
    benefits: str = Field(description="What the membership gave.")
    recommendation: Literal[tuple(ValueReview.Recommendation.values)]
    reviewed_by: str = ""


router = Router(auth=SIGNED_IN, tags=["memberships"])


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
    memberships = access.memberships_for(request, with_committees=True).order_by(
        "organisation__name", "pk"
    )
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
    return access.get_membership_for(request, membership_id, with_committees=True)


@router.post("/memberships", response={201: MembershipDetail, **WRITE})
def create_membership(request, payload: MembershipIn):
    authorize(
        request.user, "samverkan.add_record", NetworkMembership(municipality=request.municipality)
    )
    form = _form(request, payload, NetworkMembership(municipality=request.municipality))
    membership = actions.create_membership(
        request.municipality, form.changes(), acting_user=request.user
    )
    return Status(201, access.get_membership_for(request, membership.pk, with_committees=True))


@router.put(
    "/memberships/{membership_id}",
    response={200: MembershipDetail, **WRITE, 409: MembershipConflict},
)
def update_membership(request, membership_id: int, payload: MembershipUpdate):
    membership = access.get_membership_for(
        request, membership_id, perm="samverkan.change_record", with_committees=True
    )
    form = _form(request, payload, membership)
    try:
        actions.update_membership(
            membership, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as error:
        return adapters.conflict(
            payload.version,
            access.get_membership_for(request, error.current.pk, with_committees=True),
        )
    return access.get_membership_for(request, membership.pk, with_committees=True)


@router.delete("/memberships/{membership_id}", response=DELETE)
def delete_membership(request, membership_id: int):
    membership = access.get_membership_for(
        request, membership_id, perm="samverkan.delete_record", with_committees=True
    )
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
    membership = access.get_membership_for(
        request, membership_id, perm="samverkan.change_record", with_committees=True
    )
    return _add(
        request, membership, MembershipFeeForm, MembershipFee, payload, actions.add_membership_fee
    )


@router.post(
    "/memberships/{membership_id}/participation", response={201: ParticipationOut, **WRITE}
)
def add_membership_participation(request, membership_id: int, payload: ParticipationIn):
    """Log a meeting attended or a role held.

    A committee editor logs for their own committee that takes part in the membership.
    """
    membership = access.get_membership_for(request, membership_id, with_committees=True)
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
    membership = access.get_membership_for(
        request, membership_id, perm="samverkan.change_record", with_committees=True
    )
    return _add(
        request, membership, ValueReviewForm, ValueReview, payload, actions.add_value_review
    )
