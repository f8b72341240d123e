"""Contact pages: persons at partners. Personal data, so every page needs view_personal_data."""

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.history.display import history_entries
from samverkan.lib.downloads import CONTACT, attachment
from samverkan.lib.listing import Listing, list_controls
from samverkan.lib.views import confirm_delete, form_page, require
from samverkan.organisation import tenancy

from .. import access, actions, privacy
from ..forms import ContactForm
from ..links import with_urls
from ..models import Contact, Partner

# P9: institutions not contacted for 12 months are followed up.
STALE_AFTER = datetime.timedelta(days=365)


def _stale(queryset, value):
    limit = timezone.localdate() - STALE_AFTER
    stale = Q(last_contact_on__lt=limit) | Q(last_contact_on__isnull=True)
    return queryset.filter(stale) if value == "yes" else queryset.exclude(stale)


@login_required
def contact_list(request):
    require(request, "samverkan.view_personal_data", request.municipality)
    contacts = access.contacts_for(request)
    partners = tenancy.scoped(request, Partner).filter(contacts__isnull=False).distinct()
    listing = Listing(
        request,
        contacts,
        search=["name", "email"],
        filters={
            "partner": [(str(p.pk), p.name) for p in partners.order_by("name")],
            "stale": [
                ("yes", gettext_lazy("Not contacted for 12 months")),
                ("no", gettext_lazy("Contacted within 12 months")),
            ],
        },
        filter_lookups={"partner": "partner_id", "stale": _stale},
        sorts={
            "name": _("Name"),
            "partner__name": _("Partner"),
            "last_contact_on": _("Last contact"),
        },
        default_sort="name",
    )
    return TemplateResponse(
        request,
        "registry/contact_list.html",
        {
            **listing.context(),
            **list_controls(
                listing,
                {"partner": _("Partner"), "stale": _("Last contact")},
                label=_("Filter contacts"),
                search_label=_("Search name or e-mail"),
            ),
            "stale_before": timezone.localdate() - STALE_AFTER,
            "can_add": request.user.has_perm(
                "samverkan.change_personal_data", request.municipality
            ),
        },
    )


@login_required
def contact_detail(request, pk):
    contact = access.get_contact_for(request, pk)
    user = request.user
    return TemplateResponse(
        request,
        "registry/contact_detail.html",
        {
            "contact": contact,
            "twin_towns": with_urls(contact.twin_towns.select_related("partner")),
            "history": history_entries(contact),
            "can_change": user.has_perm("samverkan.change_personal_data", contact)
            and not contact.erased_at,
            "can_manage": user.has_perm("samverkan.manage_personal_data", contact),
            "retention_ends_on": privacy.retention_ends_on(contact),
        },
    )


@login_required
def contact_create(request):
    contact = Contact(municipality=request.municipality)
    require(request, "samverkan.change_personal_data", contact)
    initial = {}
    if request.GET.get("partner", "").isdigit():
        initial["partner"] = request.GET["partner"]
    form = ContactForm(
        request.POST or None, instance=contact, municipality=request.municipality, initial=initial
    )
    return form_page(
        request,
        form,
        save=lambda form: actions.create_contact(
            request.municipality, form.changes(), acting_user=request.user
        ),
        title=_("New contact"),
        cancel_url=reverse("contact-list"),
        saved_message=_("The contact was saved."),
        detail_url_name="contact-detail",
    )


@login_required
def contact_edit(request, pk):
    contact = access.get_contact_for(request, pk, perm="samverkan.change_personal_data")
    if contact.erased_at:
        # Its personal data is gone for good; editing would bring some back.
        messages.error(request, _("An erased contact cannot be edited."))
        return redirect("contact-detail", pk=contact.pk)
    form = ContactForm(request.POST or None, instance=contact, municipality=request.municipality)
    return form_page(
        request,
        form,
        save=lambda form: actions.update_contact(
            contact,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        ),
        title=_("Edit %(name)s") % {"name": contact},
        cancel_url=reverse("contact-detail", args=[contact.pk]),
        saved_message=_("The contact was saved."),
        detail_url_name="contact-detail",
    )


@login_required
def contact_delete(request, pk):
    contact = access.get_contact_for(request, pk, perm="samverkan.change_personal_data")
    return confirm_delete(
        request,
        contact,
        reverse("contact-list"),
        reverse("contact-detail", args=[pk]),
        delete=lambda contact: actions.delete_contact(contact, acting_user=request.user),
    )


@login_required
def contact_export(request, pk):
    """A data-subject access request: everything kept about the person, as JSON."""
    contact = access.get_contact_for(request, pk, perm="samverkan.manage_personal_data")
    data = privacy.export_contact(contact)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = attachment(CONTACT, contact.pk, extension="json")
    response["Cache-Control"] = "no-store"
    return response


@login_required
def contact_erase(request, pk):
    """Blank the person's data here and in history, unless a retention rule keeps it."""
    contact = access.get_contact_for(request, pk, perm="samverkan.manage_personal_data")
    if contact.erased_at:
        messages.info(request, _("This contact is already erased."))
        return redirect("contact-detail", pk=contact.pk)
    if request.method == "POST":
        try:
            actions.erase_contact(contact, acting_user=request.user)
        except privacy.ErasureRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("contact-detail", pk=contact.pk)
        messages.success(
            request,
            _("The contact's personal data was erased, also from its history."),
        )
        return redirect("contact-detail", pk=contact.pk)
    return TemplateResponse(
        request,
        "registry/contact_erase.html",
        {"contact": contact, "retention_ends_on": privacy.retention_ends_on(contact)},
    )
