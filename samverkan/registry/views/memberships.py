"""Membership pages: networks and organisations, their fees, participation (P6) and value."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.history.display import history_entries
from samverkan.lib.listing import Listing, list_controls
from samverkan.lib.views import confirm_delete, form_page, require, run_action
from samverkan.organisation import tenancy
from samverkan.organisation.models import Body

from .. import access, actions
from ..forms import (
    MembershipFeeForm,
    NetworkMembershipForm,
    ParticipationEntryForm,
    ValueReviewForm,
)
from ..models import MembershipFee, NetworkMembership, ParticipationEntry, ValueReview
from .records import control_log_context, flags_context

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def _active(queryset, value):
    today = timezone.localdate()
    active = Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    return queryset.filter(active) if value == "yes" else queryset.exclude(active)


@login_required
def membership_list(request):
    require(request, "samverkan.view_record", request.municipality)
    memberships = access.memberships_for(request).prefetch_related("participating_committees")
    committees = tenancy.scoped(request, Body).filter(kind=Body.Kind.COMMITTEE)
    listing = Listing(
        request,
        memberships,
        search=["organisation__name"],
        filters={
            "scope": NetworkMembership.Scope.choices,
            "active": YES_NO,
            "committee": [(str(c.pk), c.name) for c in committees],
        },
        filter_lookups={"active": _active, "committee": "participating_committees"},
        sorts={"organisation__name": _("Organisation"), "started_on": _("From")},
        default_sort="organisation__name",
    )
    return TemplateResponse(
        request,
        "registry/membership_list.html",
        {
            **listing.context(),
            **list_controls(
                listing,
                {
                    "scope": _("Scope"),
                    "active": _("Active today"),
                    "committee": _("Participating committee"),
                },
                label=_("Filter memberships"),
                search_label=_("Search organisation"),
            ),
            "today": timezone.localdate(),
            "can_add": request.user.has_perm(
                "samverkan.add_record", NetworkMembership(municipality=request.municipality)
            ),
        },
    )


def _participation_committees(request, membership):
    """Which committees a user may log participation for; None means any.

    A committee editor logs for their own committees that take part in the membership
    (the entry then belongs to that committee: ParticipationEntry.owning_committees).
    """
    allowed = access.participation_committees(request.user, membership)
    if allowed is not None and not allowed.exists():
        raise PermissionDenied
    return allowed


@login_required
def membership_detail(request, pk):
    membership = access.get_membership_for(request, pk)
    user = request.user
    can_change = user.has_perm("samverkan.change_record", membership)
    try:
        can_log = can_change or _participation_committees(request, membership) is not None
    except PermissionDenied:
        can_log = False
    return TemplateResponse(
        request,
        "registry/membership_detail.html",
        {
            "membership": membership,
            "active_today": membership.is_active_on(timezone.localdate()),
            "participating_committees": membership.participating_committees.all(),
            "fees": membership.fees.all(),
            "participation": membership.participation.select_related("committee"),
            "value_reviews": membership.value_reviews.all(),
            "history": history_entries(membership),
            "can_change": can_change,
            "can_log_participation": can_log,
            "can_delete": user.has_perm("samverkan.delete_record", membership),
            **control_log_context(request, membership, "membership"),
            **flags_context(membership),
        },
    )


@login_required
def membership_create(request):
    membership = NetworkMembership(municipality=request.municipality)
    require(request, "samverkan.add_record", membership)
    form = NetworkMembershipForm(
        request.POST or None, instance=membership, municipality=request.municipality
    )
    return form_page(
        request,
        form,
        save=lambda form: actions.create_membership(
            request.municipality, form.changes(), acting_user=request.user
        ),
        title=_("New membership"),
        cancel_url=reverse("membership-list"),
        saved_message=_("The membership was saved."),
        detail_url_name="membership-detail",
    )


@login_required
def membership_edit(request, pk):
    membership = access.get_membership_for(request, pk, perm="samverkan.change_record")
    form = NetworkMembershipForm(
        request.POST or None, instance=membership, municipality=request.municipality
    )
    return form_page(
        request,
        form,
        save=lambda form: actions.update_membership(
            membership,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        ),
        title=_("Edit membership in %(name)s") % {"name": membership},
        cancel_url=reverse("membership-detail", args=[membership.pk]),
        saved_message=_("The membership was saved."),
        detail_url_name="membership-detail",
    )


@login_required
def membership_delete(request, pk):
    membership = access.get_membership_for(request, pk, perm="samverkan.delete_record")
    return confirm_delete(
        request,
        membership,
        reverse("membership-list"),
        reverse("membership-detail", args=[pk]),
        delete=lambda membership: actions.delete_membership(membership, acting_user=request.user),
    )


def _child_page(request, membership, form, title, done_message, *, add):
    """A fee, a participation entry or a value review: `add(membership, values, acting_user=)`
    is its action."""
    if request.method == "POST" and form.is_valid():
        _entry, ok = run_action(
            form, lambda: add(membership, form.changes(), acting_user=request.user)
        )
        if ok:
            messages.success(request, done_message)
            return redirect("membership-detail", pk=membership.pk)
    return TemplateResponse(
        request,
        "organisation/edit.html",
        {
            "form": form,
            "title": title % {"name": membership},
            "cancel_url": reverse("membership-detail", args=[membership.pk]),
        },
    )


@login_required
def membership_fee_create(request, pk):
    membership = access.get_membership_for(request, pk, perm="samverkan.change_record")
    fee = MembershipFee(municipality=request.municipality, membership=membership)
    form = MembershipFeeForm(
        request.POST or None,
        instance=fee,
        municipality=request.municipality,
        initial={"year": timezone.localdate().year},
    )
    return _child_page(
        request,
        membership,
        form,
        _("Annual fee for %(name)s"),
        _("The fee was saved."),
        add=actions.add_membership_fee,
    )


@login_required
def membership_participation_create(request, pk):
    membership = access.get_membership_for(request, pk)
    committees = _participation_committees(request, membership)
    entry = ParticipationEntry(municipality=request.municipality, membership=membership)
    form = ParticipationEntryForm(
        request.POST or None,
        instance=entry,
        municipality=request.municipality,
        initial={"occurred_on": timezone.localdate()},
    )
    if committees is not None:
        # An editor logs for their own participating committee, so the entry is theirs.
        form.fields["committee"].queryset = committees
        form.fields["committee"].required = True
    return _child_page(
        request,
        membership,
        form,
        _("Participation in %(name)s"),
        _("The participation was logged."),
        add=actions.log_participation,
    )


@login_required
def membership_review_create(request, pk):
    membership = access.get_membership_for(request, pk, perm="samverkan.change_record")
    review = ValueReview(municipality=request.municipality, membership=membership)
    form = ValueReviewForm(
        request.POST or None,
        instance=review,
        municipality=request.municipality,
        initial={
            "year": timezone.localdate().year,
            "reviewed_by": request.user.get_full_name() or request.user.get_username(),
        },
    )
    return _child_page(
        request,
        membership,
        form,
        _("Value review of %(name)s"),
        _("The value review was saved."),
        add=actions.add_value_review,
    )
