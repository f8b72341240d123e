"""Pages of the funding app: programmes, calls for us, follow/dismiss, saved searches and
watch profiles. Thin views: the reading is in queries.py, the changes in actions.py."""

import datetime
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from samverkan.history.display import history_entries
from samverkan.lib import changes
from samverkan.lib.actions import RuleViolation
from samverkan.lib.countries import sorted_by_name
from samverkan.lib.listing import Listing, list_controls
from samverkan.lib.rows import choice_label
from samverkan.lib.views import confirm_delete, form_page, paginate, require
from samverkan.operations import actions as operations
from samverkan.organisation import tenancy

from . import access, actions, fetching, queries
from .catalogue import subject_area_label
from .forms import FetchCallsForm, ProgrammeForm, SavedSearchForm, WatchProfileForm
from .matching import new_matches_for
from .models import Call, CallMark, Programme, SavedSearch, WatchProfile
from .tasks import fetch_calls


def _no_op(queryset, value):
    return queryset


# Programmes ---------------------------------------------------------------------------


def _area_choices(areas) -> list[tuple[str, str]]:
    """The subject areas (stored keys) named and sorted in the reader's language."""
    named = [(area, subject_area_label(area)) for area in areas]
    return sorted_by_name(named, name=lambda choice: choice[1])


@login_required
def programme_list(request):
    require(request, "samverkan.view_record", request.municipality)
    programmes = access.programmes_for(request)
    areas = sorted({a for row in programmes.values_list("subject_areas", flat=True) for a in row})
    listing = Listing(
        request,
        programmes,
        search=["name", "owner", "description"],
        filters={"level": Programme.Level.choices, "area": _area_choices(areas)},
        filter_lookups={"area": lambda qs, value: qs.filter(subject_areas__icontains=value)},
        sorts={"name": _("Name"), "level": _("Level"), "owner": _("Owner")},
        default_sort="name",
        per_page=50,
    )
    if "area" in listing.active:
        # icontains on a JSON list may match a longer area; keep exact ones only.
        chosen = listing.active["area"]
        listing.queryset = listing.queryset.filter(
            pk__in=[p.pk for p in listing.queryset if chosen in p.subject_areas]
        )
    return TemplateResponse(
        request,
        "funding/programme_list.html",
        {
            **listing.context(),
            **list_controls(
                listing,
                {"level": _("Level"), "area": _("Subject area")},
                label=_("Filter programmes"),
                search_label=_("Search name or owner"),
            ),
            "can_add": request.user.has_perm("samverkan.manage_programmes", request.municipality),
        },
    )


@login_required
def programme_detail(request, pk):
    programme = access.get_programme_for(request, pk)
    return TemplateResponse(
        request,
        "funding/programme_detail.html",
        {
            "programme": programme,
            "calls": programme.calls.order_by("-relevance", "next_deadline", "pk")[:10],
            "call_count": programme.calls.count(),
            "history": history_entries(programme),
            "can_change": request.user.has_perm("samverkan.manage_programmes", programme),
        },
    )


@login_required
def programme_create(request):
    programme = Programme(municipality=request.municipality)
    require(request, "samverkan.manage_programmes", programme)
    form = ProgrammeForm(
        request.POST or None, instance=programme, municipality=request.municipality
    )
    return form_page(
        request,
        form,
        save=lambda form: actions.create_programme(
            form.changes(), municipality=request.municipality, acting_user=request.user
        ),
        title=_("New programme"),
        cancel_url=reverse("programme-list"),
        saved_message=_("The programme was saved."),
        detail_url_name="programme-detail",
    )


@login_required
def programme_edit(request, pk):
    programme = access.get_programme_for(request, pk, perm="samverkan.manage_programmes")
    form = ProgrammeForm(
        request.POST or None, instance=programme, municipality=request.municipality
    )
    return form_page(
        request,
        form,
        save=lambda form: actions.update_programme(
            programme,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        ),
        title=_("Edit %(name)s") % {"name": programme.display_name},
        cancel_url=reverse("programme-detail", args=[pk]),
        saved_message=_("The programme was saved."),
        detail_url_name="programme-detail",
    )


@login_required
def programme_delete(request, pk):
    programme = access.get_programme_for(request, pk, perm="samverkan.manage_programmes")
    return confirm_delete(
        request,
        programme,
        reverse("programme-list"),
        reverse("programme-detail", args=[pk]),
        delete=lambda record: actions.delete_programme(record, acting_user=request.user),
    )


# Calls --------------------------------------------------------------------------------

SORT_CHOICES = [
    ("deadline", gettext_lazy("Next deadline")),
    ("relevance", gettext_lazy("Relevance, then deadline")),
    ("title", gettext_lazy("Title")),
]


@login_required
def call_list(request):
    """Calls for us, each once: open ones first by deadline (or by relevance), closed ones
    after; dismissed ones hidden by default."""
    require(request, "samverkan.view_record", request.municipality)
    # On every list request, changed only by actions: kept under the data version.
    programme_choices = changes.cached(
        request.municipality.pk,
        f"call-programme-menu:{get_language()}",
        lambda: sorted_by_name(
            [(p.pk, p.display_name) for p in tenancy.scoped(request, Programme)],
            name=lambda choice: choice[1],
        ),
    )
    listing = Listing(
        request,
        tenancy.scoped(request, Call),
        filters={
            "programme": programme_choices,
            "status": queries.STATUS_CHOICES,
            "window": queries.WINDOW_CHOICES,
            "mark": queries.MARK_CHOICES,
            "sort": SORT_CHOICES,
        },
        filter_lookups=dict.fromkeys(("programme", "status", "window", "mark", "sort"), _no_op),
    )
    active = listing.active
    listing.queryset = queries.filter_calls(
        listing.queryset,
        q=listing.query,
        programme=active.get("programme"),
        status=active.get("status", ""),
        window=active.get("window", ""),
        mark=active.get("mark", ""),
        sort=active.get("sort", queries.DEFAULT_SORT),
    )
    controls = list_controls(
        listing,
        {
            "programme": _("Programme"),
            "status": _("Status"),
            "window": _("Deadline"),
            "mark": _("Followed or dismissed"),
            "sort": _("Sort by"),
        },
        label=_("Filter calls"),
        search_label=_("Search title or identifier"),
    )
    can_mark = request.user.has_perm("samverkan.mark_call", request.municipality)

    def count_and_rows() -> dict:
        page = paginate(request, listing.queryset, listing.per_page)
        shown = {
            "shown_calls": _shown_calls(page.object_list),
            "can_mark": can_mark,
            "has_calls": tenancy.scoped(request, Call).exists(),
        }
        return {
            "count": page.paginator.count,
            "number": page.number,
            "rows": render_to_string("funding/includes/call_rows.html", shown),
        }

    # Read far more often than calls are imported or marked (both actions): kept under
    # the data version per language, query and minute (a call opens or closes at its
    # deadline, so a row's status is at most a minute old).
    minute = timezone.now().strftime("%Y%m%d%H%M")
    kept = changes.cached(
        request.municipality.pk,
        f"call-list:{get_language()}:{int(can_mark)}:{minute}:{changes.query_name(request)}",
        count_and_rows,
    )
    paginator = Paginator(listing.queryset, listing.per_page)
    paginator.count = kept["count"]
    context = listing.context(page=paginator.page(kept["number"]))  # rows are kept, not read
    return TemplateResponse(
        request,
        "funding/call_list.html",
        {
            **context,
            **controls,
            "rows": mark_safe(kept["rows"]),  # noqa: S308 - rendered by the template above
            "can_mark": can_mark,
            "can_fetch": request.user.has_perm(actions.MANAGE, request.municipality),
        },
    )


def _shown_calls(calls) -> list:
    """The page's calls with what the rows show looked up once here (labels, the deadline's
    day in UTC as the portal gives it, the words that matched): in the template these took
    most of the list's rendering time."""
    shown = list(calls)
    now = timezone.now()
    for call in shown:
        call.status_label = choice_label(Call.Status, call.derived_status(now))
        call.programme_name = (
            call.programme.display_name if call.programme_id else ""
        ) or call.framework_code
        call.deadline_day = (
            call.next_deadline.astimezone(datetime.UTC).date().isoformat()
            if call.next_deadline
            else ""
        )
        call.why_words = ", ".join(str(hit.get("word", "")) for hit in call.relevance_why[:4])
        mark = _mark(call)
        call.mark_kind = mark.kind if mark else ""
        call.mark_label = choice_label(CallMark.Kind, mark.kind) if mark else ""
    return shown


def _mark(call):
    try:
        return call.mark
    except CallMark.DoesNotExist:
        return None


@login_required
def call_detail(request, pk):
    call = access.get_call_for(request, pk)
    mark = getattr(call, "mark", None)
    return TemplateResponse(
        request,
        "funding/call_detail.html",
        {
            "call": call,
            "mark": mark,
            "deadlines": call.deadline_datetimes(),
            "next_deadline": call.upcoming_deadline(),
            "can_mark": request.user.has_perm("samverkan.mark_call", call),
        },
    )


@login_required
def call_mark(request, pk):
    """POST action=follow|dismiss|clear: the municipality's decision about the call."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    call = access.get_call_for(
        request, pk, perm="samverkan.mark_call", queryset=tenancy.scoped(request, Call)
    )
    action = request.POST.get("action") or ""
    try:
        actions.mark_call(call, action, acting_user=request.user)
    except RuleViolation as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, actions.mark_message(action, call))
    target = request.POST.get("next") or reverse("call-detail", args=[pk])
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("call-detail", args=[pk])
    return redirect(target)


# Saved searches -----------------------------------------------------------------------


@login_required
def savedsearch_list(request):
    require(request, "samverkan.view_record", request.municipality)
    searches = list(access.saved_searches_for(request).prefetch_related("programmes"))
    rows = [{"search": s, "new": len(new_matches_for(s))} for s in searches]
    return TemplateResponse(request, "funding/savedsearch_list.html", {"rows": rows})


@login_required
def savedsearch_create(request):
    require(request, "samverkan.view_record", request.municipality)
    search = SavedSearch(municipality=request.municipality, owner=request.user)
    form = SavedSearchForm(request.POST or None, instance=search, municipality=request.municipality)
    return form_page(
        request,
        form,
        save=lambda form: actions.create_saved_search(
            form.changes(),
            municipality=request.municipality,
            owner=request.user,
            acting_user=request.user,
        ),
        title=_("New saved search"),
        cancel_url=reverse("savedsearch-list"),
        saved_message=_("The search was saved."),
        success_url=reverse("savedsearch-list"),
    )


@login_required
def savedsearch_edit(request, pk):
    search = access.get_saved_search_for(request, pk)
    form = SavedSearchForm(request.POST or None, instance=search, municipality=request.municipality)
    return form_page(
        request,
        form,
        save=lambda form: actions.update_saved_search(
            search,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        ),
        title=_("Change the saved search %(name)s") % {"name": search.name},
        cancel_url=reverse("savedsearch-list"),
        saved_message=_("The search was saved."),
        success_url=reverse("savedsearch-list"),
    )


@login_required
def savedsearch_delete(request, pk):
    search = access.get_saved_search_for(request, pk)
    return confirm_delete(
        request,
        search,
        reverse("savedsearch-list"),
        reverse("savedsearch-list"),
        delete=lambda record: actions.delete_saved_search(record, acting_user=request.user),
    )


# Watch profiles -----------------------------------------------------------------------


@login_required
def watchprofile_list(request):
    require(request, "samverkan.view_record", request.municipality)
    return TemplateResponse(
        request,
        "funding/watchprofile_list.html",
        {
            "profiles": access.watch_profiles_for(request),
            "can_change": request.user.has_perm(
                "samverkan.manage_programmes", request.municipality
            ),
        },
    )


def _profile_page(request, profile, title, save):
    form = WatchProfileForm(
        request.POST or None, instance=profile, municipality=request.municipality
    )
    return form_page(
        request,
        form,
        save=save,
        title=title,
        cancel_url=reverse("watchprofile-list"),
        saved_message=_("The watch profile was saved and the calls scored again."),
        detail_url_name="watchprofile-edit",
    )


@login_required
def watchprofile_create(request):
    profile = WatchProfile(municipality=request.municipality)
    require(request, "samverkan.manage_programmes", profile)
    return _profile_page(
        request,
        profile,
        _("New watch profile"),
        lambda form: actions.create_watch_profile(
            form.changes(), municipality=request.municipality, acting_user=request.user
        ),
    )


@login_required
def watchprofile_edit(request, pk):
    profile = access.get_watch_profile_for(request, pk)
    return _profile_page(
        request,
        profile,
        _("Edit %(name)s") % {"name": profile.name},
        lambda form: actions.update_watch_profile(
            profile,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        ),
    )


# Fetching calls (a background job) ------------------------------------------------------


@login_required
def call_fetch(request):
    """Fetch calls from the portal's address as a job (funding/tasks.py); the job's page
    follows it. For those who may import calls, as the command's action asks."""
    require(request, actions.MANAGE, request.municipality)
    form = FetchCallsForm(
        request.POST if request.method == "POST" else None,
        allow_private=fetching.private_hosts_allowed(),
    )
    if request.method == "POST" and form.is_valid():
        url = form.cleaned_data["url"]
        job = operations.start_job(
            request,
            kind="calls-fetch",
            title=_("Fetching calls from %(host)s") % {"host": urlsplit(url).hostname},
            task=fetch_calls,
            source=url,
            skip_bad=form.cleaned_data["skip_bad"],
        )
        return redirect("job", pk=job.pk)
    return TemplateResponse(
        request, "funding/call_fetch.html", {"form": form, "cancel_url": reverse("call-list")}
    )
