"""The one way pages and the API fetch the registry's records.

Each `get_<record>_for(request, pk)` answers 404 for another municipality's record (or
a missing one) and 403 for one the user may not see; the querysets are scoped to the
request's municipality and carry what the pages and the API show.
"""

from samverkan.organisation import tenancy

from .models import Agreement, Decision, NetworkMembership, Partner, TwinTown


def sees_personal_data(request) -> bool:
    return request is not None and request.user.has_perm(
        "samverkan.view_personal_data", request.municipality
    )


def visible_partners(request, queryset=None):
    """Partners as the caller may see them: a citizen is a person, shown to few roles."""
    queryset = tenancy.scoped(request, Partner) if queryset is None else queryset
    if not sees_personal_data(request):
        queryset = queryset.exclude(kind__in=Partner.PERSONAL_KINDS)
    return queryset


def twin_towns_for(request):
    return tenancy.scoped(request, TwinTown).select_related(
        "partner", "agreement", "decision__body", "end_decision__body"
    )


def get_twin_town_for(request, pk, *, perm="samverkan.view_record") -> TwinTown:
    return tenancy.get_for(request, TwinTown, pk, queryset=twin_towns_for(request), perm=perm)


# The registers that keep a control log, by the name their pages and the API use.
CONTROLLED = {
    "decision": Decision,
    "agreement": Agreement,
    "twin-town": TwinTown,
    "membership": NetworkMembership,
    "partner": Partner,
}


def get_controlled_item_for(request, model, pk, *, perm="samverkan.view_record"):
    """A register item whose control log is read or written (citizens only for the roles
    that see personal data)."""
    queryset = tenancy.scoped(request, model)
    if model is Partner:
        queryset = visible_partners(request, queryset)
    return tenancy.get_for(request, model, pk, queryset=queryset, perm=perm)
