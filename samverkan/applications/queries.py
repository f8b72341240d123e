"""The application list's filters, search and sorting, shared by the list page and the API."""

from django.db.models import Q

SEARCH_FIELDS = ["title", "programme_name", "programme__name", "funder_reference", "description"]
SORTS = [
    "title",
    "status",
    "call_deadline",
    "submitted_on",
    "amount_applied_sek",
    "amount_granted_sek",
]
DEFAULT_SORT = "-submitted_on"


def search(queryset, query: str):
    query = (query or "").strip()
    if not query:
        return queryset
    condition = Q()
    for field in SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition)


def filter_programme(queryset, value: str):
    """A catalogue programme by id, or a programme named freely as "name:<name>"."""
    if value.startswith("name:"):
        return queryset.filter(programme__isnull=True, programme_name=value[5:])
    if not value.isdigit():
        return queryset.none()
    return queryset.filter(programme_id=value)


LOOKUPS = {
    "status": "status",
    "programme": filter_programme,
    "lead_body": "lead_body_id",
    "year": "submitted_on__year",
}


def apply_filter(queryset, name: str, value):
    lookup = LOOKUPS[name]
    if callable(lookup):
        return lookup(queryset, str(value))
    return queryset.filter(**{lookup: value})


def sort(queryset, key: str | None):
    key = key if key and key.lstrip("-") in SORTS else DEFAULT_SORT
    return queryset.order_by(key, "pk")
