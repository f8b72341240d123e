"""Decision bodies and development goals of the caller's municipality.

Records are fetched only through `tenancy`, so another municipality's id answers
404 like a missing one; permissions are the rules the pages use.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.lib.versioning import VersionConflict
from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.organisation.forms import BodyForm, CommitteeBodyForm, GoalForm
from samverkan.organisation.models import Body, Goal

from .. import records
from ..auth import SIGNED_IN
from ..errors import InvalidInputError
from ..schemas import (
    BodyConflict,
    BodyFilter,
    BodyIn,
    BodyOut,
    BodyUpdate,
    Error,
    GoalConflict,
    GoalFilter,
    GoalIn,
    GoalOut,
    GoalUpdate,
    InvalidInput,
)

router = Router(auth=SIGNED_IN)

# The error answers each kind of operation may give, for the OpenAPI document.
LIST = {400: InvalidInput, 401: Error, 403: Error}
READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: InvalidInput, **READ}


def _conflict_message(sent: int, current) -> str:
    return _(
        "Someone else changed this record: you sent version %(sent)s, it is now at "
        "version %(current)s. Read it again and repeat your change."
    ) % {"sent": sent, "current": current.version}


# Decision bodies ---------------------------------------------------------------------


def _name_taken(name) -> list[tuple[str, str]]:
    return [("name", _("There is already a body named %(name)s.") % {"name": name})]


def _check_unique_name(request, body) -> None:
    if tenancy.scoped(request, Body).filter(name=body.name).exclude(pk=body.pk).exists():
        raise InvalidInputError(_name_taken(body.name))


@router.get("/bodies", response={200: list[BodyOut], **LIST}, tags=["bodies"])
@paginate(PageNumberPagination)
def list_bodies(request, filters: Query[BodyFilter]):
    require(request, "samverkan.view_record", request.municipality)
    bodies = tenancy.scoped(request, Body).order_by("kind", "name", "pk")
    if filters.kind:
        bodies = bodies.filter(kind=filters.kind)
    if filters.q:
        bodies = bodies.filter(name__icontains=filters.q.strip())
    return bodies


@router.get("/bodies/{body_id}", response={200: BodyOut, **READ}, tags=["bodies"])
def get_body(request, body_id: int):
    body = tenancy.get_scoped_or_404(request, Body, body_id)
    require(request, "samverkan.view_record", body)
    return body


@router.post("/bodies", response={201: BodyOut, **WRITE}, tags=["bodies"])
def create_body(request, payload: BodyIn):
    body = Body(municipality=request.municipality)
    require(request, "samverkan.manage_structure", body)
    form = BodyForm(records.form_data(payload), instance=body)
    records.check(form)
    _check_unique_name(request, body)
    records.save(form, on_integrity_error=_name_taken(body.name))
    return Status(201, body)


@router.put(
    "/bodies/{body_id}", response={200: BodyOut, **WRITE, 409: BodyConflict}, tags=["bodies"]
)
def update_body(request, body_id: int, payload: BodyUpdate):
    body = tenancy.get_scoped_or_404(request, Body, body_id)
    require(request, "samverkan.change_record", body)
    form_class = BodyForm
    if not request.user.has_perm("samverkan.manage_structure", body):
        # A committee editor may describe their committee, not rename or re-kind it.
        form_class = CommitteeBodyForm
        locked = [f for f in BodyForm._meta.fields if f not in CommitteeBodyForm._meta.fields]
        if any(getattr(payload, name) != getattr(body, name) for name in locked):
            raise PermissionDenied(
                _("You may change only the administration and the description of this body.")
            )
    form = form_class(records.form_data(payload), instance=body)
    records.check(form)
    _check_unique_name(request, body)
    try:
        records.save(form, version=payload.version, on_integrity_error=_name_taken(body.name))
    except VersionConflict as conflict:
        return Status(
            409,
            {
                "message": _conflict_message(payload.version, conflict.current),
                "current": conflict.current,
            },
        )
    return body


@router.delete("/bodies/{body_id}", response={204: None, **READ, 409: Error}, tags=["bodies"])
def delete_body(request, body_id: int):
    body = tenancy.get_scoped_or_404(request, Body, body_id)
    require(request, "samverkan.manage_structure", body)
    records.delete(body, acting_user=request.user)
    return Status(204, None)


# Development programme (LUP) goals ---------------------------------------------------


def _goal_form(request, payload, goal):
    # Parents come from the caller's municipality only: another's id is "not a valid choice".
    return GoalForm(
        records.form_data(payload), instance=goal, parent_queryset=tenancy.scoped(request, Goal)
    )


@router.get("/goals", response={200: list[GoalOut], **LIST}, tags=["goals"])
@paginate(PageNumberPagination)
def list_goals(request, filters: Query[GoalFilter]):
    require(request, "samverkan.view_record", request.municipality)
    goals = tenancy.scoped(request, Goal).order_by("code", "title", "pk")
    if filters.level:
        goals = goals.filter(level=filters.level)
    if filters.year is not None:
        goals = goals.filter(
            Q(valid_from_year__lte=filters.year),
            Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=filters.year),
        )
    return goals


@router.get("/goals/{goal_id}", response={200: GoalOut, **READ}, tags=["goals"])
def get_goal(request, goal_id: int):
    goal = tenancy.get_scoped_or_404(request, Goal, goal_id)
    require(request, "samverkan.view_record", goal)
    return goal


@router.post("/goals", response={201: GoalOut, **WRITE}, tags=["goals"])
def create_goal(request, payload: GoalIn):
    goal = Goal(municipality=request.municipality)
    require(request, "samverkan.manage_structure", goal)
    form = _goal_form(request, payload, goal)
    records.check(form)
    records.save(form)
    return Status(201, goal)


@router.put("/goals/{goal_id}", response={200: GoalOut, **WRITE, 409: GoalConflict}, tags=["goals"])
def update_goal(request, goal_id: int, payload: GoalUpdate):
    goal = tenancy.get_scoped_or_404(request, Goal, goal_id)
    require(request, "samverkan.manage_structure", goal)
    form = _goal_form(request, payload, goal)
    records.check(form)
    try:
        records.save(form, version=payload.version)
    except VersionConflict as conflict:
        return Status(
            409,
            {
                "message": _conflict_message(payload.version, conflict.current),
                "current": conflict.current,
            },
        )
    return goal


@router.delete("/goals/{goal_id}", response={204: None, **READ, 409: Error}, tags=["goals"])
def delete_goal(request, goal_id: int):
    goal = tenancy.get_scoped_or_404(request, Goal, goal_id)
    require(request, "samverkan.manage_structure", goal)
    records.delete(goal, acting_user=request.user)
    return Status(204, None)
