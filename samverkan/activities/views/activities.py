"""Activity pages: the filtered list with totals, the record page, and editing (P1, P3, P4, P7).

The list's filters, sorting and totals come from ..queries, which the export and the
API use too, so the three always agree on the same query string.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from samverkan.history.display import history_entries
from samverkan.lib import changes
from samverkan.lib.countries import country_name
from samverkan.lib.listing import Listing
from samverkan.lib.rows import choice_label, prefetch_listed, related_rows
from samverkan.lib.views import confirm_delete, form_page, require, run_action
from samverkan.organisation import tenancy
from samverkan.organisation.access import can_create, limit_committee_field, require_create
from samverkan.organisation.models import Body, Goal
from samverkan.registry import countries as country_groups
from samverkan.registry.links import record_url

from .. import access, actions, queries
from ..forms import ActivityAttachmentForm, ActivityForm, FundingLineForm, MilestoneForm
from ..models import Activity, ActivityAttachment, FundingLine, Milestone
from .helpers import max_upload_mb, sort_context, url_or_none

PER_PAGE = 25
FILTER_LABELS = {
    "year": gettext_lazy("Year"),
    "committee": gettext_lazy("Committee"),
    "kind": gettext_lazy("Kind"),
    "country": gettext_lazy("Country"),
    "region": gettext_lazy("Region"),
    "goal": gettext_lazy("Development goal"),
    "status": gettext_lazy("Status"),
    "eu_priority": gettext_lazy("EU priority"),
    "public": gettext_lazy("Public"),
}


def _year_span(request) -> tuple[int, int]:
    """First and last year with activities: two index lookups, fast at any size."""
    this_year = timezone.localdate().year
    dates = tenancy.scoped(request, Activity).values_list("start_date", flat=True)
    first = dates.order_by("start_date").first()
    last = dates.order_by("-start_date").first()
    return (first.year if first else this_year, last.year if last else this_year)


def _municipal_menus(request) -> dict:
    """The menus read from the municipality's own records: on every list request, changed
    only by actions, so kept under its data version (lib.changes)."""
    first, last = _year_span(request)
    return {
        "year": [(str(year), str(year)) for year in range(last, first - 1, -1)],
        "committee": [
            (str(body.pk), body.name)
            for body in tenancy.scoped(request, Body).exclude(kind=Body.Kind.COUNCIL)
        ],
        "goal": [(queries.NO_GOAL, _("No goal given"))]
        + [(str(goal.pk), str(goal)) for goal in tenancy.scoped(request, Goal)],
    }


def _filter_controls(request, cleaned: dict) -> list[dict]:
    """The filter menus: queries for the year span, committees and goals, none per row.

    The country menu offers every country: finding the ones in use would read every
    country row of the municipality on each request.
    """
    municipal = changes.cached(
        request.municipality.pk,
        f"activity-filter-menus:{timezone.localdate().year}:{get_language()}",
        lambda: _municipal_menus(request),
    )
    choices = {
        "year": municipal["year"],
        "committee": municipal["committee"],
        "kind": Activity.Kind.choices,
        "country": [(str(code), str(name)) for code, name in country_names],
        "region": queries.REGIONS,
        "goal": municipal["goal"],
        "status": Activity.Status.choices,
        "eu_priority": queries.YES_NO,
        "public": queries.YES_NO,
    }
    controls = []
    for name, options in choices.items():
        value = cleaned.get(name, "")
        if isinstance(value, bool):
            value = "1" if value else "0"
        controls.append(
            {"name": name, "label": FILTER_LABELS[name], "choices": options, "value": str(value)}
        )
    return controls


@login_required
def activity_list(request):
    require(request, "samverkan.view_record", request.municipality)
    filters = queries.ActivityFilters.from_params(request.GET)
    cleaned = filters.given()
    filtered = access.activities_for(request).filtered(filters)
    sort = queries.current_sort(request.GET.get("sort"))
    rows = (
        filtered.sorted_by(sort)
        .select_related("committee")
        .prefetch_related(prefetch_listed("countries"))
    )
    listing = Listing(request, rows)

    def figures_and_rows() -> dict:
        figures = filtered.totals()
        paginator = Paginator(rows, PER_PAGE)
        # The totals have counted the filtered set already; the paginator need not again.
        paginator.count = figures.count
        page = paginator.get_page(request.GET.get("page"))
        context = {"shown_activities": _shown_rows(page.object_list), "query": listing.query}
        context["active_filters"] = bool(cleaned)
        return {
            "figures": figures,
            "number": page.number,
            "rows": render_to_string("activities/includes/activity_rows.html", context),
        }

    # The list is read far more often than the municipality's activities change: its
    # figures and rows are kept under the data version (lib/changes.py), per language and
    # query; the activities are the same for every member of the municipality.
    kept = changes.cached(
        request.municipality.pk,
        f"activity-list:{get_language()}:{changes.query_name(request)}",
        figures_and_rows,
    )
    figures = kept["figures"]
    paginator = Paginator(rows, PER_PAGE)
    paginator.count = figures.count
    page = paginator.page(kept["number"])  # the rows are not read again: they are kept
    export_url = url_or_none("activity-export")
    if export_url and listing.querystring():
        export_url = f"{export_url}?{listing.querystring()}"
    return TemplateResponse(
        request,
        "activities/activity_list.html",
        {
            "page": page,
            "rows": mark_safe(kept["rows"]),  # noqa: S308 - rendered by the template above
            "query": listing.query,
            "page_querystring": listing.querystring(),
            **sort_context(listing.querystring, queries.SORT_LABELS, sort),
            "active_filters": {k: v for k, v in cleaned.items() if k != "q"},
            "list_filters": _filter_controls(request, cleaned),
            "list_label": _("Filter activities"),
            "search_label": _("Search activities"),
            "totals": figures,
            "import_url": url_or_none("activity-import"),
            "export_url": export_url,
            "can_add": can_create(request, access.activity_maker(request)),
        },
    )


def _shown_rows(activities) -> list:
    """The page's activities with their labels and country names looked up once here: in
    the template, choice labels, date filters and country objects took most of a list's
    rendering time."""
    shown = list(activities)
    for activity in shown:
        activity.kind_label = choice_label(Activity.Kind, activity.kind)
        activity.status_label = choice_label(Activity.Status, activity.status)
        activity.country_names = ", ".join(
            country_name(row.country.code) for row in related_rows(activity, "countries")
        )
    return shown


def _country_rows(activity, countries, funding_lines) -> tuple[list[dict], list[str]]:
    """Each country with its groups on the activity's date, and why it is an EU priority."""
    day = activity.start_date
    rows, reasons = [], []
    for row in countries:
        groups = country_groups.groups_of(row.country.code, day)
        labels = [str(country_groups.GROUP_LABELS[g]) for g in sorted(groups)]
        rows.append({"country": row.country, "groups": labels})
        if country_groups.EU in groups:
            reasons.append(
                _("%(country)s was in the EU on %(date)s.")
                % {"country": row.country.name, "date": day.isoformat()}
            )
    for line in funding_lines:
        if line.source == FundingLine.Source.EU_PROGRAMME:
            reasons.append(
                _("EU funding: %(programme)s.")
                % {"programme": line.programme or line.get_source_display()}
            )
    return rows, reasons


def _progress_parts(activity) -> list[dict]:
    """The parts of a project with their weight and share, as the roll-up counts them."""
    parts = list(activity.parts.all())
    total = sum((part.weight for part in parts), Decimal("0"))
    return [
        {
            "activity": part,
            "weight": part.weight,
            "share": (part.weight / total * 100) if total else None,
            "progress": part.rolled_up_progress(),
        }
        for part in parts
    ]


@login_required
def activity_detail(request, pk):
    activity = access.get_activity_for(
        request,
        pk,
        # Two levels of parts prefetched: the roll-up reads them without a query per part.
        queryset=access.activities_for(request)
        .select_related("committee", "parent")
        .prefetch_related("parts__parts"),
    )
    user = request.user
    can_change = user.has_perm("samverkan.change_record", activity)
    countries = list(activity.countries.all())
    funding_lines = list(activity.funding_lines.all())
    country_rows, eu_reasons = _country_rows(activity, countries, funding_lines)
    goals = list(activity.goals.all())
    attachments = list(activity.attachments.all())
    visible_attachments = [a for a in attachments if can_change or a.is_public]
    external = sum((line.amount_sek for line in funding_lines if line.is_external), Decimal("0"))
    parts = _progress_parts(activity)
    return TemplateResponse(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "country_rows": country_rows,
            "eu_reasons": eu_reasons,
            "partners": [
                {"record": p, "url": record_url(p)}
                for p in activity.partners.all().order_by("name")
            ],
            "twin_towns": [
                {"record": t, "url": record_url(t)}
                for t in activity.twin_towns.select_related("partner")
            ],
            "memberships": [
                {"record": m, "url": record_url(m)}
                for m in activity.memberships.select_related("organisation")
            ],
            "goals": goals,
            "participant_groups": [
                (_("Elected officials"), activity.participants_elected),
                (_("Employees"), activity.participants_employees),
                (_("Residents"), activity.participants_residents),
                (_("Young people"), activity.participants_young),
            ],
            "funding_lines": funding_lines,
            "external_funding": external,
            "parts": parts,
            "rolled_up_progress": activity.rolled_up_progress() if parts else activity.progress,
            "milestones": activity.milestones.all(),
            "attachments": visible_attachments,
            "hidden_attachments": len(attachments) - len(visible_attachments),
            "is_travel": activity.kind in Activity.TRAVEL_KINDS,
            "agenda_goals": sorted(activity.agenda_2030_goals or []),
            "history": history_entries(activity),
            "can_change": can_change,
            "can_delete": user.has_perm("samverkan.delete_record", activity),
        },
    )


def _activity_form(request, activity):
    form = ActivityForm(request.POST or None, instance=activity, municipality=request.municipality)
    limit_committee_field(request, form, "committee")
    # A parent is a project; listing every activity would make the menu unusable. The
    # current parent stays a choice whatever its kind, so an edit never loses it.
    form.fields["parent"].queryset = form.fields["parent"].queryset.filter(
        Q(kind=Activity.Kind.PROJECT) | Q(pk=activity.parent_id)
    )
    return form


def _save_activity(request):
    def save(form):
        if form.instance._state.adding:
            return actions.create_activity(
                request.municipality, form.changes(), acting_user=request.user
            )
        return actions.update_activity(
            form.instance,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        )

    return save


@login_required
def activity_create(request):
    require_create(request, access.activity_maker(request))
    form = _activity_form(request, Activity(municipality=request.municipality))
    return form_page(
        request,
        form,
        # The committee chosen decides: an editor may add only their own committee's.
        save=_save_activity(request),
        title=_("New activity"),
        cancel_url=reverse("activity-list"),
        saved_message=_("The activity was saved."),
        detail_url_name="activity-detail",
    )


@login_required
def activity_edit(request, pk):
    activity = access.get_activity_for(request, pk, perm="samverkan.change_record")
    return form_page(
        request,
        _activity_form(request, activity),
        save=_save_activity(request),
        title=_("Edit %(title)s") % {"title": activity.title},
        cancel_url=reverse("activity-detail", args=[activity.pk]),
        saved_message=_("The activity was saved."),
        detail_url_name="activity-detail",
    )


@login_required
def activity_delete(request, pk):
    activity = access.get_activity_for(request, pk, perm="samverkan.delete_record")
    return confirm_delete(
        request,
        activity,
        reverse("activity-list"),
        reverse("activity-detail", args=[pk]),
        delete=lambda obj: actions.delete_activity(obj, acting_user=request.user),
    )


def _child_page(
    request, activity, form, add, title, done_message, template="organisation/edit.html"
):
    """Add a funding line, milestone or file to an activity: `add(values)` is the action."""
    if request.method == "POST" and form.is_valid():
        _record, ok = run_action(form, lambda: add(form.changes()))
        if ok:
            messages.success(request, done_message)
            return redirect("activity-detail", pk=activity.pk)
    return TemplateResponse(
        request,
        template,
        {
            "form": form,
            "title": title % {"title": activity.title},
            "cancel_url": reverse("activity-detail", args=[activity.pk]),
            "max_upload_mb": max_upload_mb(),
        },
    )


@login_required
def activity_funding_create(request, pk):
    activity = access.get_activity_for(request, pk, perm="samverkan.change_record")
    line = FundingLine(municipality=request.municipality, activity=activity)
    form = FundingLineForm(request.POST or None, instance=line, municipality=request.municipality)
    return _child_page(
        request,
        activity,
        form,
        lambda values: actions.add_funding_line(activity, values, acting_user=request.user),
        _("Funding for %(title)s"),
        _("The funding line was saved."),
    )


@login_required
def activity_funding_delete(request, pk):
    line = access.get_funding_line_for(request, pk)
    url = reverse("activity-detail", args=[line.activity_id])
    # Without an EU funding line the activity may no longer be an EU priority: the action
    # refreshes it.
    return confirm_delete(
        request,
        line,
        url,
        url,
        delete=lambda obj: actions.delete_funding_line(obj, acting_user=request.user),
    )


@login_required
def activity_milestone_create(request, pk):
    activity = access.get_activity_for(request, pk, perm="samverkan.change_record")
    milestone = Milestone(municipality=request.municipality, activity=activity)
    form = MilestoneForm(
        request.POST or None, instance=milestone, municipality=request.municipality
    )
    return _child_page(
        request,
        activity,
        form,
        lambda values: actions.add_milestone(activity, values, acting_user=request.user),
        _("Milestone for %(title)s"),
        _("The milestone was saved."),
    )


@login_required
def activity_attachment_create(request, pk):
    activity = access.get_activity_for(request, pk, perm="samverkan.change_record")
    attachment = ActivityAttachment(municipality=request.municipality, activity=activity)
    form = ActivityAttachmentForm(
        request.POST or None,
        request.FILES or None,
        instance=attachment,
        municipality=request.municipality,
    )
    return _child_page(
        request,
        activity,
        form,
        lambda values: actions.add_attachment(activity, values, acting_user=request.user),
        _("Upload a file to %(title)s"),
        _("The file was uploaded."),
        template="activities/attachment_form.html",
    )


@login_required
def activity_attachment_download(request, pk):
    attachment = access.get_attachment_for(request, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from the storage.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name or attachment.file.name.rsplit("/", 1)[-1],
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not attachment.is_public:
        response["Cache-Control"] = "private, no-store"
    return response
