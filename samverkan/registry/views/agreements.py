"""Agreement pages: parties, validity, the signing body and its decision, and renewals."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.history.display import history_entries
from samverkan.lib.listing import Listing, list_controls
from samverkan.lib.views import confirm_delete, form_page, require
from samverkan.organisation import tenancy
from samverkan.organisation.models import Body

from .. import access, actions
from ..forms import AgreementForm, PartyAgreementForm
from ..models import Agreement, Partner
from .records import control_log_context, documents_context, flags_context

# The window: agreements that end or must be renewed within 90 days.
RENEWAL_WINDOW = datetime.timedelta(days=90)


def _with_parties(request, agreements):
    return agreements.prefetch_related(
        Prefetch("parties", queryset=access.visible_partners(request))
    )


def _due_q(today: datetime.date) -> Q:
    return Agreement.dated_between(today, today + RENEWAL_WINDOW)


def _due(queryset, value):
    return queryset.filter(_due_q(timezone.localdate()))


@login_required
def agreement_list(request):
    require(request, "samverkan.view_record", request.municipality)
    agreements = _with_parties(request, access.agreements_for(request))
    parties = (
        access.visible_partners(request)
        .filter(agreements__isnull=False)
        .distinct()
        .order_by("name")
    )
    signing = tenancy.scoped(request, Body).filter(signed_agreements__isnull=False).distinct()
    listing = Listing(
        request,
        agreements,
        search=["title"],
        filters={
            "kind": Agreement.Kind.choices,
            "signing_body": [(str(b.pk), b.name) for b in signing],
            "party": [(str(p.pk), p.name) for p in parties],
            "due": [("90", gettext_lazy("Ends or is renewed within 90 days"))],
        },
        filter_lookups={"signing_body": "signing_body_id", "party": "parties", "due": _due},
        sorts={"title": _("Title"), "signed_on": _("Signed"), "valid_until": _("Valid until")},
        default_sort="title",
    )
    return TemplateResponse(
        request,
        "registry/agreement_list.html",
        {
            **listing.context(),
            **list_controls(
                listing,
                {
                    "kind": _("Type"),
                    "signing_body": _("Signing body"),
                    "party": _("Party"),
                    "due": _("Renewal"),
                },
                label=_("Filter agreements"),
                search_label=_("Search title"),
            ),
            "can_add": request.user.has_perm(
                "samverkan.add_record", Agreement(municipality=request.municipality)
            ),
        },
    )


def renewal_rows(agreements, today: datetime.date) -> list[dict]:
    """Each agreement with its nearest date in the window and what happens then, soonest first."""
    end = today + RENEWAL_WINDOW
    labels = {Agreement.ENDS: _("Ends"), Agreement.RENEWAL: _("Must be renewed")}
    rows = []
    for agreement in agreements:
        events = agreement.dates_between(today, end)
        if not events:
            continue
        day, kind = events[0]
        what = labels[kind]
        rows.append(
            {"agreement": agreement, "date": day, "what": what, "days_left": (day - today).days}
        )
    rows.sort(key=lambda row: (row["date"], row["agreement"].title))
    return rows


@login_required
def agreement_renewals(request):
    require(request, "samverkan.view_record", request.municipality)
    today = timezone.localdate()
    agreements = _with_parties(request, access.agreements_for(request).filter(_due_q(today)))
    return TemplateResponse(
        request,
        "registry/agreement_renewals.html",
        {
            "rows": renewal_rows(agreements, today),
            "today": today,
            "window_end": today + RENEWAL_WINDOW,
        },
    )


@login_required
def agreement_detail(request, pk):
    agreement = access.get_agreement_for(request, pk)
    user = request.user
    party_only = actions.is_party_only(agreement, user)
    return TemplateResponse(
        request,
        "registry/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": (
                # Another municipality's partners: the organisations, never a person.
                agreement.parties.exclude(kind__in=Partner.PERSONAL_KINDS)
                if party_only
                else access.visible_partners(request).filter(agreements=agreement)
            ),
            "party_only": party_only,
            "shared_with": agreement.shared_with.order_by("name"),
            "can_delete": user.has_perm("samverkan.delete_record", agreement) and not party_only,
            "twin_towns": agreement.twin_towns.select_related("partner"),
            "history": history_entries(agreement),
            "can_change": user.has_perm("samverkan.change_record", agreement),
            **documents_context(request, agreement, "agreement"),
            **control_log_context(request, agreement, "agreement"),
            **flags_context(agreement),
        },
    )


@login_required
def agreement_create(request):
    agreement = Agreement(municipality=request.municipality)
    require(request, "samverkan.add_record", agreement)
    form = AgreementForm(
        request.POST or None, instance=agreement, municipality=request.municipality
    )
    return form_page(
        request,
        form,
        save=lambda form: actions.create_agreement(
            request.municipality, form.changes(), acting_user=request.user
        ),
        title=_("New agreement"),
        cancel_url=reverse("agreement-list"),
        saved_message=_("The agreement was saved."),
        detail_url_name="agreement-detail",
    )


@login_required
def agreement_edit(request, pk):
    agreement = access.get_agreement_for(request, pk, perm="samverkan.change_record")
    # A party municipality keeps the dates and words of an agreement another registered.
    form_class = (
        PartyAgreementForm if actions.is_party_only(agreement, request.user) else AgreementForm
    )
    form = form_class(request.POST or None, instance=agreement, municipality=request.municipality)
    return form_page(
        request,
        form,
        save=lambda form: actions.update_agreement(
            agreement,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        ),
        title=_("Edit %(name)s") % {"name": agreement},
        cancel_url=reverse("agreement-detail", args=[agreement.pk]),
        saved_message=_("The agreement was saved."),
        detail_url_name="agreement-detail",
    )


@login_required
def agreement_delete(request, pk):
    agreement = access.get_agreement_for(request, pk, perm="samverkan.delete_record")
    return confirm_delete(
        request,
        agreement,
        reverse("agreement-list"),
        reverse("agreement-detail", args=[pk]),
        delete=lambda agreement: actions.delete_agreement(agreement, acting_user=request.user),
    )
