"""Partner pages: foreign municipalities, institutions, networks and local actors."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries as all_countries

from samverkan.history.display import history_entries
from samverkan.lib.listing import Listing, list_controls
from samverkan.lib.views import confirm_delete, form_page, require

from .. import access, actions, countries
from ..forms import PartnerForm
from ..links import record_url
from ..models import Partner
from .records import control_log_context

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def _in_group(queryset, group):
    return queryset.filter(country__in=countries.countries_in(group, timezone.localdate()))


@login_required
def partner_list(request):
    require(request, "samverkan.view_record", request.municipality)
    partners = access.visible_partners(request)
    used = sorted(set(partners.values_list("country", flat=True)))
    country_choices = sorted(
        ((code, all_countries.name(code)) for code in used), key=lambda c: str(c[1])
    )
    listing = Listing(
        request,
        partners,
        search=["name", "local_name", "city"],
        filters={
            "kind": Partner.Kind.choices,
            "country": country_choices,
            "local": YES_NO,
            "group": list(countries.GROUP_LABELS.items()),
        },
        filter_lookups={
            "local": lambda qs, value: qs.filter(is_local_actor=value == "yes"),
            "group": _in_group,
        },
        sorts={"name": _("Name"), "kind": _("Kind"), "country": _("Country")},
        default_sort="name",
    )
    labels = {
        "kind": _("Kind"),
        "country": _("Country"),
        "local": _("Local actor"),
        "group": _("Country group today"),
    }
    return TemplateResponse(
        request,
        "registry/partner_list.html",
        {
            **listing.context(),
            **list_controls(
                listing,
                labels,
                label=_("Filter partners"),
                search_label=_("Search name or place"),
            ),
            "can_add": request.user.has_perm(
                "samverkan.add_record", Partner(municipality=request.municipality)
            ),
        },
    )


@login_required
def partner_detail(request, pk):
    partner = access.get_partner_for(request, pk)
    can_see_contacts = request.user.has_perm("samverkan.view_personal_data", partner)
    groups = partner.country_groups()
    return TemplateResponse(
        request,
        "registry/partner_detail.html",
        {
            "partner": partner,
            "country_groups": [
                label for key, label in countries.GROUP_LABELS.items() if key in groups
            ],
            "can_see_contacts": can_see_contacts,
            "contacts": partner.contacts.all() if can_see_contacts else [],
            "can_add_contact": request.user.has_perm("samverkan.change_personal_data", partner),
            "twin_towns": [
                {"record": t, "url": record_url(t)}
                for t in partner.twin_towns.select_related("partner")
            ],
            "agreements": [{"record": a, "url": record_url(a)} for a in partner.agreements.all()],
            "memberships": [
                {"record": m, "url": record_url(m)}
                for m in partner.memberships.select_related("organisation")
            ],
            "history": history_entries(partner),
            "can_change": request.user.has_perm("samverkan.change_record", partner),
            "can_delete": request.user.has_perm("samverkan.delete_record", partner),
            **control_log_context(request, partner, "partner"),
        },
    )


@login_required
def partner_create(request):
    partner = Partner(municipality=request.municipality)
    require(request, "samverkan.add_record", partner)
    form = PartnerForm(request.POST or None, instance=partner, municipality=request.municipality)
    return form_page(
        request,
        form,
        save=lambda form: actions.create_partner(
            request.municipality, form.changes(), acting_user=request.user
        ),
        title=_("New partner"),
        cancel_url=reverse("partner-list"),
        saved_message=_("The partner was saved."),
        detail_url_name="partner-detail",
    )


@login_required
def partner_edit(request, pk):
    partner = access.get_partner_for(request, pk, perm="samverkan.change_record")
    form = PartnerForm(request.POST or None, instance=partner, municipality=request.municipality)
    return form_page(
        request,
        form,
        save=lambda form: actions.update_partner(
            partner,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        ),
        title=_("Edit %(name)s") % {"name": partner.name},
        cancel_url=reverse("partner-detail", args=[partner.pk]),
        saved_message=_("The partner was saved."),
        detail_url_name="partner-detail",
    )


@login_required
def partner_delete(request, pk):
    partner = access.get_partner_for(request, pk, perm="samverkan.delete_record")
    return confirm_delete(
        request,
        partner,
        reverse("partner-list"),
        reverse("partner-detail", args=[pk]),
        delete=lambda partner: actions.delete_partner(partner, acting_user=request.user),
    )
