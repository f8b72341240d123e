"""Resources: each body's budget (SEK) and staff time (FTE) for international work,
one row per body and year; the executive board's central support likewise. Changes go
through the same actions as the pages.
"""

from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.activities import access, actions
from samverkan.activities.forms import ResourceForm
from samverkan.activities.models import Resource
from samverkan.api.pagination import PageNumberPagination
from samverkan.lib.actions import VersionConflict, authorize
from samverkan.organisation.access import require_create

from .. import adapters
from ..auth import SIGNED_IN
from .activities_schemas import VERSION
from .registry import DELETE, LIST, READ, WRITE

router = Router(auth=SIGNED_IN, tags=["resources"])


class ResourceOut(Schema):
    id: int
    body: int
    body_name: str
    year: int
    budget_sek: Decimal
    staff_fte: Decimal = Field(description="Staff time in full-time equivalents.")
    note: str
    is_demo: bool
    version: int

    @staticmethod
    def resolve_body(obj):
        return obj.body_id

    @staticmethod
    def resolve_body_name(obj):
        return obj.body.name


class ResourceIn(Schema):
    body: int = Field(description="Id of the executive board or a committee; one row a year.")
    year: int
    budget_sek: Decimal = Field(Decimal("0"), description="Not negative.")
    staff_fte: Decimal = Field(Decimal("0"), description="Not negative.")
    note: str = ""


class ResourceUpdate(ResourceIn):
    version: int = VERSION


class ResourceFilter(Schema):
    year: int | None = None
    body: int | None = Field(None, description="Id of a body.")


class ResourceConflict(Schema):
    message: str
    current: ResourceOut


def _form(request, payload, resource):
    return adapters.parse(
        ResourceForm(
            adapters.form_data(payload), instance=resource, municipality=request.municipality
        )
    )


@router.get("/resources", response={200: list[ResourceOut], **LIST})
@paginate(PageNumberPagination)
def list_resources(request, filters: Query[ResourceFilter]):
    authorize(request.user, "samverkan.view_record", request.municipality)
    resources = access.resources_for(request).order_by("-year", "body__name", "pk")
    if filters.year is not None:
        resources = resources.filter(year=filters.year)
    if filters.body is not None:
        resources = resources.filter(body_id=filters.body)
    return resources


@router.get("/resources/{resource_id}", response={200: ResourceOut, **READ})
def get_resource(request, resource_id: int):
    return access.get_resource_for(request, resource_id)


@router.post("/resources", response={201: ResourceOut, **WRITE})
def create_resource(request, payload: ResourceIn):
    # A committee editor records their own committee's resources only (checked on the record).
    require_create(request, access.resource_maker(request))
    form = _form(request, payload, Resource(municipality=request.municipality))
    resource = actions.create_resource(
        request.municipality, form.changes(), acting_user=request.user
    )
    return Status(201, access.get_resource_for(request, resource.pk))


@router.put("/resources/{resource_id}", response={200: ResourceOut, **WRITE, 409: ResourceConflict})
def update_resource(request, resource_id: int, payload: ResourceUpdate):
    resource = access.get_resource_for(request, resource_id, perm="samverkan.change_record")
    form = _form(request, payload, resource)
    try:
        actions.update_resource(
            resource,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        )
    except VersionConflict as conflict:
        return adapters.conflict(
            payload.version, access.get_resource_for(request, conflict.current.pk)
        )
    return access.get_resource_for(request, resource.pk)


@router.delete("/resources/{resource_id}", response=DELETE)
def delete_resource(request, resource_id: int):
    resource = access.get_resource_for(request, resource_id, perm="samverkan.delete_record")
    actions.delete_resource(resource, acting_user=request.user)
    return Status(204, None)
