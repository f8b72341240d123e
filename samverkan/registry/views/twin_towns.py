"""Twin-town pages: the relation's life cycle, its consideration, reviews and Wikidata."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_countries import countries as all_countries

from samverkan.history.display import history_entries
from samverkan.lib.downloads import TWIN_TOWNS, attachment
from samverkan.lib.listing import Listing, list_controls
from samverkan.lib.versioning import VersionConflict
from samverkan.lib.views import confirm_delete, form_page, require, run_action

from .. import access, actions, authority, wikidata
from ..forms import TwinTownForm, TwinTownNoteForm
from ..models import RegisterSettings, TwinTown, TwinTownNote, max_upload_bytes
from .records import control_log_context, flags_context

# The life cycle in order, for the detail page's status line.
LIFE_CYCLE = [
    TwinTown.Status.PROPOSED,
    TwinTown.Status.DECIDED,
    TwinTown.Status.ACTIVE,
    TwinTown.Status.UNDER_REVIEW,
    TwinTown.Status.PAUSED,
    TwinTown.Status.ENDED,
]


class ReviewForm(forms.Form):
    findings = forms.CharField(
        label=gettext_lazy("Does the relation still serve the policy? Findings"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class WikidataCheckForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File of P190 statements"),
        help_text=gettext_lazy(
            'The JSON result of a Wikidata query ({"head": …, "results": {"bindings": …}}) '
            "or a CSV with the columns item,itemLabel,twin,twinLabel,country,start."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.")
                % {"size": max_upload_bytes() // (1024 * 1024)}
            )
        try:
            self.statements = wikidata.parse_statements(upload.read())
        except wikidata.WikidataFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def _interval(request) -> int:
    return RegisterSettings.for_municipality(request.municipality).twin_town_review_interval_months


@login_required
def twintown_list(request):
    require(request, "samverkan.view_record", request.municipality)
    twin_towns = access.twin_towns_for(request)
    used = set(twin_towns.values_list("partner__country", flat=True))
    country_choices = sorted(
        ((code, all_countries.name(code)) for code in used), key=lambda c: str(c[1])
    )
    listing = Listing(
        request,
        twin_towns,
        search=["partner__name", "partner__local_name"],
        filters={
            "status": TwinTown.Status.choices,
            "kind": TwinTown.Kind.choices,
            "country": country_choices,
        },
        filter_lookups={"country": "partner__country"},
        sorts={"partner__name": _("Partner"), "status": _("Status"), "since": _("Since")},
        default_sort="partner__name",
    )
    context = listing.context()
    interval = _interval(request)
    today = timezone.localdate()
    rows = []
    for twin_town in context["page"]:
        due = twin_town.review_due_on(interval)
        rows.append({"twin_town": twin_town, "review_due_on": due, "overdue": due and due <= today})
    return TemplateResponse(
        request,
        "registry/twintown_list.html",
        {
            **context,
            **list_controls(
                listing,
                {"status": _("Status"), "kind": _("Kind"), "country": _("Country")},
                label=_("Filter twin towns"),
                search_label=_("Search partner name"),
            ),
            "rows": rows,
            "interval": interval,
            "can_add": request.user.has_perm(
                "samverkan.add_record", TwinTown(municipality=request.municipality)
            ),
        },
    )


ACTIVITY_LOG_LENGTH = 20


def _detail_context(request, twin_town, review_form=None) -> dict:
    user = request.user
    can_see_contacts = user.has_perm("samverkan.view_personal_data", twin_town)
    interval = _interval(request)
    due = twin_town.review_due_on(interval)
    can_change = user.has_perm("samverkan.change_record", twin_town)
    # The activity log: activities are kept in the activities app, linked here.
    activities = twin_town.activities.select_related("committee").order_by("-start_date")
    return {
        "twin_town": twin_town,
        "activities": activities[:ACTIVITY_LOG_LENGTH],
        "activity_count": activities.count(),
        "life_cycle": [
            {"value": status, "label": status.label, "current": status == twin_town.status}
            for status in LIFE_CYCLE
        ],
        "consideration": [
            {
                "label": twin_town._meta.get_field(name).verbose_name,
                "text": getattr(twin_town, name),
            }
            for name in TwinTown.CONSIDERATION_FIELDS
        ],
        "missing_consideration": authority.missing_consideration(twin_town),
        "can_see_contacts": can_see_contacts,
        "contacts": twin_town.contacts.select_related("partner") if can_see_contacts else [],
        "contact_count": twin_town.contacts.count(),
        "notes": twin_town.notes.all(),
        "interval": interval,
        "review_due_on": due,
        "review_overdue": bool(due and due <= timezone.localdate()),
        "review_form": review_form or (ReviewForm() if can_change else None),
        "history": history_entries(twin_town),
        "can_change": can_change,
        "can_delete": user.has_perm("samverkan.delete_record", twin_town),
        **control_log_context(request, twin_town, "twin-town"),
        **flags_context(twin_town),
    }


@login_required
def twintown_detail(request, pk):
    twin_town = access.get_twin_town_for(request, pk)
    return TemplateResponse(
        request, "registry/twintown_detail.html", _detail_context(request, twin_town)
    )


def _form_page(request, form, *, save, title, cancel_url):
    return form_page(
        request,
        form,
        save=save,
        title=title,
        cancel_url=cancel_url,
        saved_message=_("The twin town was saved."),
        detail_url_name="twintown-detail",
        template="registry/twintown_form.html",
        context={
            "consideration_fields": [form[name] for name in TwinTown.CONSIDERATION_FIELDS],
            "relation_fields": [
                form[name]
                for name in form.fields
                if name not in TwinTown.CONSIDERATION_FIELDS and name != "opened_version"
            ],
        },
    )


@login_required
def twintown_create(request):
    twin_town = TwinTown(municipality=request.municipality)
    require(request, "samverkan.add_record", twin_town)
    initial = {}
    if request.GET.get("partner", "").isdigit():
        initial["partner"] = request.GET["partner"]
    form = TwinTownForm(
        request.POST or None,
        instance=twin_town,
        municipality=request.municipality,
        initial=initial,
    )
    return _form_page(
        request,
        form,
        save=lambda form: actions.create_twin_town(
            request.municipality, form.changes(), acting_user=request.user
        ),
        title=_("New twin town"),
        cancel_url=reverse("twintown-list"),
    )


@login_required
def twintown_edit(request, pk):
    twin_town = access.get_twin_town_for(request, pk, perm="samverkan.change_record")
    form = TwinTownForm(request.POST or None, instance=twin_town, municipality=request.municipality)
    return _form_page(
        request,
        form,
        save=lambda form: actions.update_twin_town(
            twin_town,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        ),
        title=_("Edit %(name)s") % {"name": twin_town},
        cancel_url=reverse("twintown-detail", args=[twin_town.pk]),
    )


@login_required
def twintown_delete(request, pk):
    twin_town = access.get_twin_town_for(request, pk, perm="samverkan.delete_record")
    return confirm_delete(
        request,
        twin_town,
        reverse("twintown-list"),
        reverse("twintown-detail", args=[pk]),
        delete=lambda twin_town: actions.delete_twin_town(twin_town, acting_user=request.user),
    )


@login_required
def twintown_note_create(request, pk):
    twin_town = access.get_twin_town_for(request, pk, perm="samverkan.change_record")
    note = TwinTownNote(municipality=request.municipality, twin_town=twin_town)
    form = TwinTownNoteForm(
        request.POST or None,
        instance=note,
        municipality=request.municipality,
        initial={"noted_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        _note, ok = run_action(
            form,
            lambda: actions.add_twin_town_note(twin_town, form.changes(), acting_user=request.user),
        )
        if ok:
            messages.success(request, _("The dialogue note was saved."))
            return redirect("twintown-detail", pk=twin_town.pk)
    return TemplateResponse(
        request,
        "organisation/edit.html",
        {
            "form": form,
            "title": _("Dialogue note for %(name)s") % {"name": twin_town},
            "cancel_url": reverse("twintown-detail", args=[twin_town.pk]),
        },
    )


@login_required
@require_POST
def twintown_review(request, pk):
    """The periodic review: is the relation still worth it? Dated in the control log."""
    twin_town = access.get_twin_town_for(request, pk, perm="samverkan.change_record")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "registry/twintown_detail.html",
            _detail_context(request, twin_town, review_form=form),
        )
    try:
        actions.record_review(
            twin_town,
            findings=form.cleaned_data["findings"],
            reviewed_on=timezone.localdate(),
            acting_user=request.user,
        )
    except VersionConflict:
        messages.error(request, _("The twin town changed meanwhile: record the review again."))
        return redirect("twintown-detail", pk=twin_town.pk)
    messages.success(request, _("The review was recorded."))
    return redirect("twintown-detail", pk=twin_town.pk)


def _relations(request) -> list[wikidata.Relation]:
    # A proposal is not yet a twin town, so Wikidata should not have it.
    twin_towns = access.twin_towns_for(request).exclude(status=TwinTown.Status.PROPOSED)
    return [
        wikidata.Relation(
            name=t.partner.name,
            local_name=t.partner.local_name,
            country=t.partner.country.code or "",
            since=t.since,
            ended_on=t.ended_on,
            status=t.get_status_display(),
            pk=t.pk,
        )
        for t in twin_towns.order_by("partner__name")
    ]


@login_required
def twintown_wikidata_export(request):
    require(request, "samverkan.view_record", request.municipality)
    municipality = request.municipality
    rows = wikidata.export_rows(municipality.name, _relations(request))
    stem = (municipality.name, TWIN_TOWNS, "p190")
    if request.GET.get("format") == "json":
        response = HttpResponse(
            wikidata.to_sparql_json(rows), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = attachment(*stem, extension="json")
    else:
        response = HttpResponse(wikidata.to_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = attachment(*stem, extension="csv")
    return response


@login_required
def twintown_wikidata_check(request):
    require(request, "samverkan.view_record", request.municipality)
    form = WikidataCheckForm(request.POST or None, request.FILES or None)
    comparison = None
    if request.method == "POST" and form.is_valid():
        comparison = wikidata.compare(
            _relations(request), form.statements, request.municipality.name
        )
    return TemplateResponse(
        request,
        "registry/twintown_wikidata_check.html",
        {"form": form, "comparison": comparison},
    )
