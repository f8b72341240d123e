"""What the registry endpoints share: the error answers of each kind of operation, and
per-request lookups for the outputs.

The resources live in partners.py, contacts.py, decisions.py, twin_towns.py,
agreements.py, memberships.py, documents.py and control_log.py; they fetch through
registry.access and change through registry.actions. Outputs that need the caller
(flags, personal data, confidential files) look it up here once per request, so a list
costs the same number of queries however many rows it has.
"""

from ninja import Field, Schema
from pydantic import field_validator

from samverkan.registry import access, authority
from samverkan.registry.models import RegisterSettings

from ..schemas import Error, InvalidInput

# The error answers each kind of operation may give, for the OpenAPI document.
LIST = {400: InvalidInput, 401: Error, 403: Error}
READ = {401: Error, 403: Error, 404: Error}
# 503: the data folder is read-only or full (samverkan.lib.readonly), nothing was written.
WRITE = {400: InvalidInput, **READ, 503: Error}
DELETE = {204: None, **READ, 409: Error, 503: Error}


# What the registry's schemas share ------------------------------------------------------

VERSION = Field(description="The version you read; a newer one answers 409.")
FLAGS = Field(
    description="The decision rules this record breaks (records made before a rule or "
    "imported), each as the policy's message. Flagged, never hidden."
)


def request_of(context):
    return (context or {}).get("request")


def flags_of(obj, context) -> list[str]:
    # Computed once per request for the whole municipality, not once per row.
    return flags_for(request_of(context), obj)


def name_of(obj) -> str | None:
    return str(obj) if obj is not None else None


class RecordRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj):
        return str(obj)


class CountryInput(Schema):
    """An input with a country: "fi" and " FI " mean Finland."""

    @field_validator("country", mode="before", check_fields=False)
    @classmethod
    def _upper(cls, value):
        # Anything else is for the form to refuse.
        return value.strip().upper() if isinstance(value, str) else value


# Per-request lookups for the outputs ------------------------------------------------------


def _cached(request, key, compute):
    cache = request.__dict__.setdefault("_registry_api_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def flags_for(request, record) -> list[str]:
    """The decision rules `record` breaks; all of the municipality's found in one pass."""

    def compute():
        found = {}
        for violation in authority.violations(request.municipality.pk):
            key = (violation.record._meta.label_lower, violation.record.pk)
            found.setdefault(key, []).append(violation.message)
        return found

    if request is None or getattr(request, "municipality", None) is None:
        return authority.violations_of(record)
    return _cached(request, "flags", compute).get((record._meta.label_lower, record.pk), [])


sees_personal_data = access.sees_personal_data


def visible_partners(request, queryset):
    """TRANSITION: other apps' endpoints; registry.access.visible_partners is the one."""
    return access.visible_partners(request, queryset)


def visible_parties(request, agreement) -> list:
    parties = list(agreement.parties.all())
    if access.sees_personal_data(request):
        return parties
    return [party for party in parties if party.is_public]


def visible_contacts(request, twin_town) -> list:
    return list(twin_town.contacts.all()) if access.sees_personal_data(request) else []


def visible_documents(request, parent) -> list:
    documents = list(parent.documents.all())
    if request is not None and request.user.has_perm("samverkan.view_confidential", parent):
        return documents
    return [document for document in documents if document.is_public]


def review_interval(request) -> int:
    def compute():
        settings = RegisterSettings.for_municipality(request.municipality)
        return settings.twin_town_review_interval_months

    return _cached(request, "review_interval", compute)
