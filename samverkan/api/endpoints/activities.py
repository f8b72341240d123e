"""Activities abroad (P1, P3, P4, P7): the filtered list with its totals, and editing.

The list reads its filters, sorting and totals through the activity QuerySet's methods
(samverkan/activities/queries.py), the same as the list page and the export, so the
three agree on the same filter; the schemas are beside, in activities_schemas.py.
Funding lines and milestones come nested in the detail and are added one at a time
(POST), like on the activity's page, through the same actions; a funding line may
change the derived EU priority and the external funding. Every endpoint needs sign-in,
so internal (non-public) activities are shown only to the municipality's own members.
"""

import datetime
from decimal import Decimal

from django.db.models import Q, prefetch_related_objects
from django.utils.translation import get_language
from ninja import Query, Router, Status
from ninja.pagination import paginate

from samverkan.activities import access, actions
from samverkan.activities.forms import ActivityForm, FundingLineForm, MilestoneForm
from samverkan.activities.models import Activity, FundingLine, Milestone
from samverkan.api.pagination import PageNumberPagination
from samverkan.lib import changes
from samverkan.lib.actions import VersionConflict, authorize
from samverkan.organisation.access import require_create
from samverkan.registry.access import sees_personal_data

from .. import adapters
from ..auth import SIGNED_IN
from .activities_schemas import (
    ActivityConflict,
    ActivityDetail,
    ActivityFilter,
    ActivityIn,
    ActivityOut,
    ActivitySorted,
    ActivityTotals,
    ActivityUpdate,
    FundingLineIn,
    FundingLineOut,
    MilestoneIn,
    MilestoneOut,
)
from .activity_rows import activity_rows
from .registry import DELETE, LIST, READ, WRITE

router = Router(auth=SIGNED_IN, tags=["activities"])

# Projects nest rarely more than two levels; the cap only guards against a bad tree.
MAX_PART_DEPTH = 20


def load_part_trees(activities) -> None:
    """Fetch the parts below `activities`, one query per level, for the progress roll-up.

    Activity.rolled_up_progress() then reads them from memory: a list costs the same
    number of queries however many rows (or parts) it has.
    """
    level = list(activities)
    for _depth in range(MAX_PART_DEPTH):
        if not level:
            return
        prefetch_related_objects(level, "parts")
        level = [part for activity in level for part in activity.parts.all()]


class ActivityPagination(PageNumberPagination):
    """Page numbers as everywhere; a page's rows are kept under the data version.

    Scripts read the same pages again and again (a nightly sync, a dashboard) far more
    often than the municipality changes an activity: a page is kept per query, language
    and what the caller may see (partners who are persons), and every action that changes
    a record of the municipality moves its data version (lib/changes.py), so the next
    read computes it anew.
    """

    def paginate_queryset(self, queryset, pagination, request, **params):
        read_page = super().paginate_queryset

        def rows():
            page = read_page(queryset, pagination, request, **params)
            items = list(page[self.items_attribute])
            load_part_trees(items)
            # Kept as text: a cached page is unpickled on every read, and dates and
            # decimals rebuilt from their pickled form cost more than the rest; the
            # schema reads them back from their text exactly (ISO dates, decimal digits).
            page[self.items_attribute] = [
                {
                    key: str(value) if isinstance(value, Decimal | datetime.date) else value
                    for key, value in row.items()
                }
                for row in activity_rows(request, items)
            ]
            return page

        name = (
            f"api-activities:{get_language()}:{int(sees_personal_data(request))}:"
            f"{changes.query_name(request)}"
        )
        return changes.cached(request.municipality.pk, name, rows)


def _activities(request):
    """The caller's activities; activity_rows adds their related rows (5 queries)."""
    return access.activities_for(request).select_related("committee", "parent")


def _activity_as_shown(request, activity_id) -> dict:
    """One activity as the detail shows it (with its funding, milestones and parts)."""
    queryset = _activities(request).prefetch_related("funding_lines", "milestones")
    activity = access.get_activity_for(request, activity_id, queryset=queryset)
    load_part_trees([activity])
    return activity_rows(request, [activity])[0] | {
        "funding_lines": list(activity.funding_lines.all()),
        "milestones": list(activity.milestones.all()),
        "parts": list(activity.parts.all()),
    }


def _activity_to_change(request, activity_id, perm):
    # Without prefetched rows: saving countries or funding recomputes the EU priority
    # from the database, not from a cache read before the change.
    queryset = access.activities_for(request).select_related("committee")
    return access.get_activity_for(request, activity_id, queryset=queryset, perm=perm)


def _form(request, payload, activity):
    form = ActivityForm(
        adapters.form_data(payload), instance=activity, municipality=request.municipality
    )
    # As on the page: an activity is part of a project; the current parent stays a choice
    # whatever its kind, so that sending a record back as read never fails on it.
    parent = form.fields["parent"]
    parent.queryset = parent.queryset.filter(
        Q(kind=Activity.Kind.PROJECT) | Q(pk=activity.parent_id)
    )
    return adapters.parse(form)


@router.get("/activities", response={200: list[ActivityOut], **LIST})
@paginate(ActivityPagination)
def list_activities(request, filters: Query[ActivitySorted]):
    """The list page's filters and sorting (queries.filter_activities, sort_activities)."""
    # The same reads as ActivityQuerySet.filtered and sorted_by; the text above is the
    # published description of the operation.
    authorize(request.user, "samverkan.view_record", request.municipality)
    return _activities(request).filtered(filters.to_filters()).sorted_by(filters.sort)


@router.get("/activities/totals", response={200: ActivityTotals, **LIST})
def get_activity_totals(request, filters: Query[ActivityFilter]):
    """Count, participants, own costs and external funding of the whole filtered set.

    The same figures as above the list page and in the export for the same filter.
    """
    authorize(request.user, "samverkan.view_record", request.municipality)
    return access.activities_for(request).filtered(filters.to_filters()).totals()


@router.get("/activities/{activity_id}", response={200: ActivityDetail, **READ})
def get_activity(request, activity_id: int):
    return _activity_as_shown(request, activity_id)


@router.post("/activities", response={201: ActivityDetail, **WRITE})
def create_activity(request, payload: ActivityIn):
    # A committee editor may add activities, but only their own committee's (checked
    # again by the action on the filled-in record).
    require_create(request, access.activity_maker(request))
    form = _form(request, payload, Activity(municipality=request.municipality))
    activity = actions.create_activity(
        request.municipality, form.changes(), acting_user=request.user
    )
    return Status(201, _activity_as_shown(request, activity.pk))


@router.put(
    "/activities/{activity_id}",
    response={200: ActivityDetail, **WRITE, 409: ActivityConflict},
)
def update_activity(request, activity_id: int, payload: ActivityUpdate):
    activity = _activity_to_change(request, activity_id, "samverkan.change_record")
    form = _form(request, payload, activity)
    try:
        actions.update_activity(
            activity,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        )
    except VersionConflict as conflict:
        return adapters.conflict(payload.version, _activity_as_shown(request, conflict.current.pk))
    return _activity_as_shown(request, activity.pk)


@router.delete("/activities/{activity_id}", response=DELETE)
def delete_activity(request, activity_id: int):
    """To the trash, with its countries, funding, milestones and files (restorable)."""
    activity = _activity_to_change(request, activity_id, "samverkan.delete_record")
    actions.delete_activity(activity, acting_user=request.user)
    return Status(204, None)


# Sub-records ---------------------------------------------------------------------------


def _sub_record_form(request, activity, form_class, model, payload):
    entry = model(municipality=request.municipality, activity=activity)
    return adapters.parse(
        form_class(adapters.form_data(payload), instance=entry, municipality=request.municipality)
    )


@router.post("/activities/{activity_id}/funding-lines", response={201: FundingLineOut, **WRITE})
def add_activity_funding_line(request, activity_id: int, payload: FundingLineIn):
    """A source of money; an EU programme makes the activity an EU priority."""
    activity = _activity_to_change(request, activity_id, "samverkan.change_record")
    form = _sub_record_form(request, activity, FundingLineForm, FundingLine, payload)
    line = actions.add_funding_line(activity, form.changes(), acting_user=request.user)
    # Read back as stored (amounts with their decimals, the SEK conversion).
    return Status(201, FundingLine.objects.get(pk=line.pk))


@router.post("/activities/{activity_id}/milestones", response={201: MilestoneOut, **WRITE})
def add_activity_milestone(request, activity_id: int, payload: MilestoneIn):
    activity = _activity_to_change(request, activity_id, "samverkan.change_record")
    form = _sub_record_form(request, activity, MilestoneForm, Milestone, payload)
    milestone = actions.add_milestone(activity, form.changes(), acting_user=request.user)
    return Status(201, Milestone.objects.get(pk=milestone.pk))
