"""The REST API, version 1, mounted at /api/v1/ (OpenAPI document at /api/v1/openapi.json)."""

from ninja import NinjaAPI

from . import errors
from .endpoints import (
    activities,
    agreements,
    applications,
    contacts,
    control_log,
    decisions,
    documents,
    followup,
    funding,
    memberships,
    monitoring,
    municipalities,
    organisation,
    partners,
    public,
    resources,
    trainings,
    twin_towns,
)


class SamverkanAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        # "list_bodies", not "samverkan_api_endpoints_organisation_list_bodies".
        return operation.view_func.__name__


api = SamverkanAPI(
    title="Samverkan API",
    version="1",
    description=(
        "Samverkan's records for scripts and integrations. Authenticate with "
        "`Authorization: Bearer <token>` (made with `samverkan create_token USERNAME`) "
        "or the session of a signed-in browser. Every error is JSON with a `message`."
    ),
    urls_namespace="api-1",
)
errors.install(api)
api.add_router("/", municipalities.router)
api.add_router("/", public.router)
api.add_router("/", organisation.router)
for registry in (
    partners,
    contacts,
    decisions,
    twin_towns,
    agreements,
    memberships,
    documents,
    control_log,
):
    api.add_router("/", registry.router)
for follow_up in (activities, trainings, resources):
    api.add_router("/", follow_up.router)
for app_endpoints in (funding, applications, monitoring, followup):
    for router in app_endpoints.routers:
        api.add_router("/", router)
