"""Resources (P14): each body's budget (SEK) and staff time (FTE) for international work,
one row per body and year; the executive board's central support likewise.
"""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.activities.forms import ResourceForm
from samverkan.activities.models import Resource
from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.organisation.access import require_create

from .. import records
from ..auth import SIGNED_IN
from ..schemas_activities import (
    ResourceConflict,
    ResourceFilter,
    ResourceIn,
    ResourceOut,
    ResourceUpdate,
)
from .registry import DELETE, LIST, READ, WRITE, save_changed, save_new

router = Router(auth=SIGNED_IN, tags=["resources"])


def _resources(request):
    return tenancy.scoped(request, Resource).select_related("body")


def _get(request, resource_id):
    resource = tenancy.get_scoped_or_404(request, Resource, resource_id, _resources(request))
    require(request, "samverkan.view_record", resource)
    return resource


def _form(request, payload, resource):
    return ResourceForm(
        records.form_data(payload), instance=resource, municipality=request.municipality
    )


def _year_taken(payload) -> list[tuple[str, str]]:
    # Reached only when two requests add the same year at once; the form catches the rest.
    message = _("Resources for this body and %(year)s are already recorded.")
    return [("year", message % {"year": payload.year})]


@router.get("/resources", response={200: list[ResourceOut], **LIST})
@paginate(PageNumberPagination)
def list_resources(request, filters: Query[ResourceFilter]):
    require(request, "samverkan.view_record", request.municipality)
    resources = _resources(request).order_by("-year", "body__name", "pk")
    if filters.year is not None:
        resources = resources.filter(year=filters.year)
    if filters.body is not None:
        resources = resources.filter(body_id=filters.body)
    return resources


@router.get("/resources/{resource_id}", response={200: ResourceOut, **READ})
def get_resource(request, resource_id: int):
    return _get(request, resource_id)


@router.post("/resources", response={201: ResourceOut, **WRITE})
def create_resource(request, payload: ResourceIn):
    # A committee editor records their own committee's resources only (checked on the record).
    require_create(request, lambda body: Resource(municipality=request.municipality, body=body))
    resource = Resource(municipality=request.municipality)
    save_new(
        request,
        _form(request, payload, resource),
        "samverkan.add_record",
        on_integrity_error=_year_taken(payload),
    )
    return Status(201, _get(request, resource.pk))


@router.put("/resources/{resource_id}", response={200: ResourceOut, **WRITE, 409: ResourceConflict})
def update_resource(request, resource_id: int, payload: ResourceUpdate):
    resource = _get(request, resource_id)
    require(request, "samverkan.change_record", resource)
    return save_changed(
        request,
        _form(request, payload, resource),
        "samverkan.change_record",
        payload.version,
        lambda pk: _get(request, pk),
        on_integrity_error=_year_taken(payload),
    )


@router.delete("/resources/{resource_id}", response=DELETE)
def delete_resource(request, resource_id: int):
    resource = _get(request, resource_id)
    require(request, "samverkan.delete_record", resource)
    records.delete(resource, acting_user=request.user)
    return Status(204, None)
