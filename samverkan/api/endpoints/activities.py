"""Activities abroad (P1, P3, P4, P7): the filtered list with its totals, and editing.

The list reads its filters, sorting and totals through samverkan/activities/queries.py,
the same functions as the list page and the export, so the three agree on the same
filter. Funding lines and milestones come nested in the detail and are added one at a
time (POST), like on the activity's page; a funding line may change the derived EU
priority. Every endpoint needs sign-in, so internal (non-public) activities are shown
only to the municipality's own members.
"""

from django.db.models import (
    Prefetch,
    Q,
    prefetch_related_objects,
)
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.activities import queries
from samverkan.activities.forms import ActivityForm, FundingLineForm, MilestoneForm
from samverkan.activities.models import Activity, FundingLine, Milestone
from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.organisation.access import require_create
from samverkan.registry.models import NetworkMembership, Partner, TwinTown

from .. import records
from ..auth import SIGNED_IN
from ..schemas_activities import (
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
from .registry import DELETE, LIST, READ, WRITE, save_changed, save_new, visible_partners

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
    """Page numbers as everywhere, plus the part trees of the page's activities."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = list(page[self.items_attribute])
        load_part_trees(items)
        page[self.items_attribute] = items
        return page


def _activities(request):
    """The caller's activities with everything the output shows, in fixed queries."""
    partners = visible_partners(request, Partner.objects.order_by("name", "pk"))
    return (
        tenancy.scoped(request, Activity)
        .select_related("committee", "parent")
        .prefetch_related(
            "countries",
            Prefetch("partners", queryset=partners),
            Prefetch("twin_towns", queryset=TwinTown.objects.select_related("partner")),
            Prefetch(
                "memberships", queryset=NetworkMembership.objects.select_related("organisation")
            ),
            "goals",
        )
    )


def _get(request, activity_id):
    """One activity as the detail shows it (with its funding, milestones and parts)."""
    queryset = _activities(request).prefetch_related("funding_lines", "milestones")
    activity = tenancy.get_scoped_or_404(request, Activity, activity_id, queryset)
    require(request, "samverkan.view_record", activity)
    load_part_trees([activity])
    return activity


def _get_for_writing(request, activity_id):
    # Without prefetched rows: saving countries or funding recomputes the EU priority
    # from the database, not from a cache read before the change.
    queryset = tenancy.scoped(request, Activity).select_related("committee")
    activity = tenancy.get_scoped_or_404(request, Activity, activity_id, queryset)
    require(request, "samverkan.view_record", activity)
    return activity


def _form(request, payload, activity):
    form = ActivityForm(
        records.form_data(payload), instance=activity, municipality=request.municipality
    )
    # As on the page: an activity is part of a project; the current parent stays a choice
    # whatever its kind, so that sending a record back as read never fails on it.
    parent = form.fields["parent"]
    parent.queryset = parent.queryset.filter(
        Q(kind=Activity.Kind.PROJECT) | Q(pk=activity.parent_id)
    )
    return form


def _external_id_taken(payload) -> list[tuple[str, str]]:
    message = _("Another activity already has the external id %(id)s.")
    return [("external_id", message % {"id": payload.external_id})]


@router.get("/activities", response={200: list[ActivityOut], **LIST})
@paginate(ActivityPagination)
def list_activities(request, filters: Query[ActivitySorted]):
    """The list page's filters and sorting (queries.filter_activities, sort_activities)."""
    require(request, "samverkan.view_record", request.municipality)
    params = filters.params()
    activities = queries.filter_activities(_activities(request), params)
    return queries.sort_activities(activities, params.get("sort"))


@router.get("/activities/totals", response={200: ActivityTotals, **LIST})
def get_activity_totals(request, filters: Query[ActivityFilter]):
    """Count, participants, own costs and external funding of the whole filtered set.

    The same figures as above the list page and in the export for the same filter.
    """
    require(request, "samverkan.view_record", request.municipality)
    activities = queries.filter_activities(tenancy.scoped(request, Activity), filters.params())
    return queries.totals(activities)


@router.get("/activities/{activity_id}", response={200: ActivityDetail, **READ})
def get_activity(request, activity_id: int):
    return _get(request, activity_id)


@router.post("/activities", response={201: ActivityDetail, **WRITE})
def create_activity(request, payload: ActivityIn):
    # A committee editor may add activities, but only their own committee's (checked
    # again on the filled-in record by save_new).
    def maker(body):
        return Activity(municipality=request.municipality, committee=body)

    require_create(request, maker)
    activity = Activity(municipality=request.municipality)
    save_new(
        request,
        _form(request, payload, activity),
        "samverkan.add_record",
        on_integrity_error=_external_id_taken(payload),
    )
    return Status(201, _get(request, activity.pk))


@router.put(
    "/activities/{activity_id}",
    response={200: ActivityDetail, **WRITE, 409: ActivityConflict},
)
def update_activity(request, activity_id: int, payload: ActivityUpdate):
    activity = _get_for_writing(request, activity_id)
    require(request, "samverkan.change_record", activity)
    return save_changed(
        request,
        _form(request, payload, activity),
        "samverkan.change_record",
        payload.version,
        lambda pk: _get(request, pk),
        on_integrity_error=_external_id_taken(payload),
    )


@router.delete("/activities/{activity_id}", response=DELETE)
def delete_activity(request, activity_id: int):
    """To the trash, with its countries, funding, milestones and files (restorable)."""
    activity = _get_for_writing(request, activity_id)
    require(request, "samverkan.delete_record", activity)
    records.delete(activity, acting_user=request.user)
    return Status(204, None)


# Sub-records ---------------------------------------------------------------------------


def _add(request, activity_id, form_class, model, payload):
    activity = _get_for_writing(request, activity_id)
    require(request, "samverkan.change_record", activity)
    entry = model(municipality=request.municipality, activity=activity)
    form = form_class(records.form_data(payload), instance=entry, municipality=request.municipality)
    records.check(form)
    records.save(form)
    # Read back as stored (amounts with their decimals, the SEK conversion).
    return Status(201, model.objects.get(pk=entry.pk))


@router.post("/activities/{activity_id}/funding-lines", response={201: FundingLineOut, **WRITE})
def add_activity_funding_line(request, activity_id: int, payload: FundingLineIn):
    """A source of money; an EU programme makes the activity an EU priority."""
    return _add(request, activity_id, FundingLineForm, FundingLine, payload)


@router.post("/activities/{activity_id}/milestones", response={201: MilestoneOut, **WRITE})
def add_activity_milestone(request, activity_id: int, payload: MilestoneIn):
    return _add(request, activity_id, MilestoneForm, Milestone, payload)
