"""Decision pages: what a body decided, checked against the policy pack's decision rules."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.history.display import history_entries
from samverkan.lib.listing import Listing, list_controls
from samverkan.lib.views import confirm_delete, form_page, require
from samverkan.organisation import tenancy
from samverkan.organisation.models import Body

from .. import access, actions, authority
from ..forms import DecisionForm
from ..links import with_urls
from ..models import Decision, DecisionType
from .records import control_log_context, documents_context, flags_context


@login_required
def decision_list(request):
    require(request, "samverkan.view_record", request.municipality)
    decisions = access.decisions_for(request)
    years = sorted(set(decisions.values_list("year", flat=True)), reverse=True)
    listing = Listing(
        request,
        decisions,
        search=["title", "registration_number"],
        filters={
            "body": [(str(b.pk), b.name) for b in tenancy.scoped(request, Body)],
            "type": DecisionType.choices,
            "year": [(str(y), str(y)) for y in years],
        },
        filter_lookups={"body": "body_id", "type": "decision_type"},
        sorts={"meeting_date": _("Meeting date"), "body__name": _("Body")},
        default_sort="-meeting_date",
    )
    context = listing.context()
    # One query for the whole page, however many rows: which of them break the rules.
    page_ids = [decision.pk for decision in context["page"]]
    flagged = set(
        authority.decisions_without_authority(
            Decision.objects.filter(pk__in=page_ids), request.municipality.pk
        ).values_list("pk", flat=True)
    )
    return TemplateResponse(
        request,
        "registry/decision_list.html",
        {
            **context,
            **list_controls(
                listing,
                {"body": _("Body"), "type": _("Decision type"), "year": _("Year")},
                label=_("Filter decisions"),
                search_label=_("Search title or registration number"),
            ),
            "flagged": flagged,
            "can_add": access.can_record_decisions(request),
        },
    )


@login_required
def decision_detail(request, pk):
    decision = access.get_decision_for(request, pk)
    user = request.user
    return TemplateResponse(
        request,
        "registry/decision_detail.html",
        {
            "decision": decision,
            "agreements": with_urls(decision.agreements.all()),
            "memberships": with_urls(decision.memberships.select_related("organisation")),
            "twin_towns_decided": with_urls(decision.twin_towns_decided.select_related("partner")),
            "twin_towns_ended": with_urls(decision.twin_towns_ended.select_related("partner")),
            **documents_context(request, decision, "decision"),
            "history": history_entries(decision),
            "can_change": user.has_perm("samverkan.record_decision", decision),
            "can_delete": user.has_perm("samverkan.delete_decision", decision),
            **control_log_context(request, decision, "decision"),
            **flags_context(decision),
        },
    )


def _limit_bodies(request, form) -> None:
    """A committee editor records decisions of their own committees only."""
    bodies = access.decision_body_choices(request)
    if bodies is not None:
        field = form.fields["body"]
        field.queryset = field.queryset.filter(pk__in=[body.pk for body in bodies])
        field.empty_label = None


@login_required
def decision_create(request):
    decision = Decision(municipality=request.municipality)
    if not access.can_record_decisions(request):
        raise PermissionDenied
    form = DecisionForm(request.POST or None, instance=decision, municipality=request.municipality)
    _limit_bodies(request, form)
    return form_page(
        request,
        form,
        save=lambda form: actions.record_decision(
            request.municipality, form.changes(), acting_user=request.user
        ),
        title=_("Record a decision"),
        cancel_url=reverse("decision-list"),
        saved_message=_("The decision was recorded."),
        detail_url_name="decision-detail",
    )


@login_required
def decision_edit(request, pk):
    decision = access.get_decision_for(request, pk, perm="samverkan.record_decision")
    form = DecisionForm(request.POST or None, instance=decision, municipality=request.municipality)
    _limit_bodies(request, form)
    return form_page(
        request,
        form,
        save=lambda form: actions.update_decision(
            decision,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        ),
        title=_("Edit %(name)s") % {"name": decision},
        cancel_url=reverse("decision-detail", args=[decision.pk]),
        saved_message=_("The decision was saved."),
        detail_url_name="decision-detail",
    )


@login_required
def decision_delete(request, pk):
    decision = access.get_decision_for(request, pk, perm="samverkan.delete_decision")
    return confirm_delete(
        request,
        decision,
        reverse("decision-list"),
        reverse("decision-detail", args=[pk]),
        delete=lambda decision: actions.delete_decision(decision, acting_user=request.user),
    )


def _day(text: str, default):
    try:
        return datetime.date.fromisoformat(text) if text else default
    except ValueError:
        return None


@login_required
def delegated_decisions(request):
    """The decisions taken by delegation for one body in a period: the list reported back
    to the body (anmälan av delegationsbeslut), printable."""
    require(request, "samverkan.view_record", request.municipality)
    delegating = (
        tenancy.scoped(request, Body)
        .filter(delegates__isnull=False)
        .distinct()
        .order_by("kind", "name")
    )
    today = timezone.localdate()
    start = _day(request.GET.get("from", ""), today.replace(month=1, day=1))
    end = _day(request.GET.get("to", ""), today)
    errors = []
    if start is None or end is None:
        errors.append(_("Write the dates as YYYY-MM-DD."))
    elif end < start:
        errors.append(_("The period ends before it begins."))
    body = None
    chosen = request.GET.get("body", "")
    if chosen:
        body = delegating.filter(pk=chosen).first() if chosen.isdigit() else None
        if body is None:
            errors.append(_("Choose a body that delegates decisions."))
    elif len(delegating) == 1:
        body = delegating[0]
    decisions = []
    if body is not None and not errors:
        decisions = list(authority.delegated_decisions(request.municipality.pk, body, start, end))
    return TemplateResponse(
        request,
        "registry/delegated_decisions.html",
        {
            "bodies": delegating,
            "body": body,
            "start": start,
            "end": end,
            "errors": errors,
            "decisions": with_urls(decisions),
        },
        status=400 if errors else 200,
    )
