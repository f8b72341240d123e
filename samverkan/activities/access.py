"""The one way pages and the API fetch activities, trainings and resources.

Each `get_<record>_for(request, pk)` answers 404 for another municipality's record (or
a missing one) and 403 for one the user may not `perm`; the querysets are scoped to the
request's municipality. Who may create a committee's record is organisation.access's
(`can_create`, `require_create`); the `*_maker` functions here build the blank record
it tries for each committee.
"""

from samverkan.lib.actions import authorize
from samverkan.organisation import tenancy

from .models import Activity, ActivityAttachment, FundingLine, Resource, Training


def activities_for(request):
    return tenancy.scoped(request, Activity)


def get_activity_for(request, pk, *, perm="samverkan.view_record", queryset=None) -> Activity:
    """One activity; `queryset` (scoped) says what to fetch along with it."""
    return tenancy.get_for(
        request,
        Activity,
        pk,
        queryset=activities_for(request) if queryset is None else queryset,
        perm=perm,
    )


def activity_maker(request):
    return lambda body: Activity(municipality=request.municipality, committee=body)


def get_funding_line_for(request, pk, *, perm="samverkan.change_record") -> FundingLine:
    """A funding line, with `perm` checked on its activity (a line has no rights of its own)."""
    queryset = tenancy.scoped(request, FundingLine).select_related("activity")
    line = tenancy.get_for(request, FundingLine, pk, queryset=queryset, perm=None)
    authorize(request.user, perm, line.activity)
    return line


def get_attachment_for(request, pk) -> ActivityAttachment:
    """A file on an activity: a public one for whoever sees the activity, an internal one
    only for those who keep the activity (403 for the others)."""
    queryset = tenancy.scoped(request, ActivityAttachment).select_related("activity")
    attachment = tenancy.get_for(request, ActivityAttachment, pk, queryset=queryset, perm=None)
    authorize(request.user, "samverkan.view_record", attachment.activity)
    if not attachment.is_public:
        # Internal files are for those who keep the activity; others are told nothing more.
        authorize(request.user, "samverkan.change_record", attachment.activity)
    return attachment


def trainings_for(request):
    return tenancy.scoped(request, Training)


def get_training_for(request, pk, *, perm="samverkan.view_record") -> Training:
    queryset = trainings_for(request).select_related("committee")
    return tenancy.get_for(request, Training, pk, queryset=queryset, perm=perm)


def training_maker(request):
    return lambda body: Training(municipality=request.municipality, committee=body)


def resources_for(request):
    return tenancy.scoped(request, Resource).select_related("body")


def get_resource_for(request, pk, *, perm="samverkan.view_record") -> Resource:
    return tenancy.get_for(request, Resource, pk, queryset=resources_for(request), perm=perm)


def resource_maker(request):
    return lambda body: Resource(municipality=request.municipality, body=body)
