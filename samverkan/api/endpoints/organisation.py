"""Decision bodies and development goals of the caller's municipality.

Records are fetched only through organisation.access, so another municipality's id
answers 404 like a missing one; changes go through organisation.actions, as on the pages.
"""

from typing import Literal

from django.db.models import Q
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
from samverkan.lib.actions import VersionConflict, authorize
from samverkan.organisation import access, actions, tenancy
from samverkan.organisation.forms import BodyForm, GoalForm
from samverkan.organisation.models import Body, Goal

from .. import adapters
from ..auth import SIGNED_IN
from ..schemas import Error, InvalidInput

BodyKind = Literal[tuple(Body.Kind.values)]
GoalLevel = Literal[tuple(Goal.Level.values)]


class BodyOut(Schema):
    id: int
    kind: BodyKind
    name: str
    abbreviation: str
    delegated_by: int | None = Field(
        None, description="For a working committee or officer: the body it decides for."
    )
    administration: str
    description: str
    version: int

    @staticmethod
    def resolve_delegated_by(obj):
        return obj.delegated_by_id


class BodyIn(Schema):
    kind: BodyKind
    name: str
    abbreviation: str = ""
    delegated_by: int | None = Field(
        None, description="For a working committee or officer: id of the body it decides for."
    )
    administration: str = ""
    description: str = ""


class BodyUpdate(BodyIn):
    version: int = Field(description="The version you read; a newer one answers 409.")


class BodyFilter(Schema):
    kind: BodyKind | None = None
    q: str | None = Field(None, description="Part of the name.")


class BodyConflict(Schema):
    message: str
    current: BodyOut


# Development programme goals -------------------------------------------------------


class GoalOut(Schema):
    id: int
    parent: int | None = Field(description="Id of the goal this one is part of.")
    level: GoalLevel
    code: str
    title: str
    description: str
    valid_from_year: int
    valid_to_year: int | None
    version: int

    @staticmethod
    def resolve_parent(obj):
        return obj.parent_id


class GoalIn(Schema):
    parent: int | None = Field(
        None, description="Id of a goal of the same municipality, one level up."
    )
    level: GoalLevel
    code: str = ""
    title: str
    description: str = ""
    valid_from_year: int
    valid_to_year: int | None = None


class GoalUpdate(GoalIn):
    version: int = Field(description="The version you read; a newer one answers 409.")


class GoalFilter(Schema):
    level: GoalLevel | None = None
    year: int | None = Field(None, description="Only goals that apply in this year.")


class GoalConflict(Schema):
    message: str
    current: GoalOut


router = Router(auth=SIGNED_IN)

# The error answers each kind of operation may give, for the OpenAPI document.
LIST = {400: InvalidInput, 401: Error, 403: Error}
READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: InvalidInput, **READ}


# Decision bodies ---------------------------------------------------------------------


@router.get("/bodies", response={200: list[BodyOut], **LIST}, tags=["bodies"])
@paginate(PageNumberPagination)
def list_bodies(request, filters: Query[BodyFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
    bodies = tenancy.scoped(request, Body).order_by("kind", "name", "pk")
    if filters.kind:
        bodies = bodies.filter(kind=filters.kind)
    if filters.q:
        bodies = bodies.filter(name__icontains=filters.q.strip())
    return bodies


@router.get("/bodies/{body_id}", response={200: BodyOut, **READ}, tags=["bodies"])
def get_body(request, body_id: int):
    return access.get_body_for(request, body_id)


@router.post("/bodies", response={201: BodyOut, **WRITE}, tags=["bodies"])
def create_body(request, payload: BodyIn):
    authorize(request.user, "samverkan.manage_structure", Body(municipality=request.municipality))
    form = adapters.parse(
        BodyForm(adapters.form_data(payload), instance=Body(municipality=request.municipality))
    )
    body = actions.create_body(request.municipality, form.changes(), acting_user=request.user)
    return Status(201, body)


@router.put(
    "/bodies/{body_id}", response={200: BodyOut, **WRITE, 409: BodyConflict}, tags=["bodies"]
)
def update_body(request, body_id: int, payload: BodyUpdate):
    body = access.get_body_for(request, body_id, perm="samverkan.change_record")
    # Parsed whole; the action decides what a committee editor may change (not the name).
    form = adapters.parse(
        BodyForm(
            adapters.form_data(payload),
            instance=Body(pk=body.pk, municipality_id=body.municipality_id),
        )
    )
    try:
        return actions.update_body(
            body, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as conflict:
        return adapters.conflict(payload.version, conflict.current)


@router.delete("/bodies/{body_id}", response={204: None, **READ, 409: Error}, tags=["bodies"])
def delete_body(request, body_id: int):
    body = access.get_body_for(request, body_id)
    actions.delete_body(body, acting_user=request.user)
    return Status(204, None)


# Development programme (LUP) goals ---------------------------------------------------


def _goal_form(request, payload, goal):
    # Parents come from the caller's municipality only: another's id is "not a valid choice".
    return adapters.parse(
        GoalForm(
            adapters.form_data(payload), instance=goal, parent_queryset=access.goals_for(request)
        )
    )


@router.get("/goals", response={200: list[GoalOut], **LIST}, tags=["goals"])
@paginate(PageNumberPagination)
def list_goals(request, filters: Query[GoalFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
    goals = access.goals_for(request).order_by("code", "title", "pk")
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
    return access.get_goal_for(request, goal_id)


@router.post("/goals", response={201: GoalOut, **WRITE}, tags=["goals"])
def create_goal(request, payload: GoalIn):
    authorize(request.user, "samverkan.manage_structure", Goal(municipality=request.municipality))
    form = _goal_form(request, payload, Goal(municipality=request.municipality))
    goal = actions.create_goal(request.municipality, form.changes(), acting_user=request.user)
    return Status(201, goal)


@router.put("/goals/{goal_id}", response={200: GoalOut, **WRITE, 409: GoalConflict}, tags=["goals"])
def update_goal(request, goal_id: int, payload: GoalUpdate):
    goal = access.get_goal_for(request, goal_id, perm="samverkan.manage_structure")
    form = _goal_form(request, payload, goal)
    try:
        return actions.update_goal(
            goal, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as conflict:
        return adapters.conflict(payload.version, conflict.current)


@router.delete("/goals/{goal_id}", response={204: None, **READ, 409: Error}, tags=["goals"])
def delete_goal(request, goal_id: int):
    goal = access.get_goal_for(request, goal_id)
    actions.delete_goal(goal, acting_user=request.user)
    return Status(204, None)
