"""The one place where records are scoped to the current user's municipality.

Pages and API fetch domain records only through `scoped()` and `get_for()` (each app's
`access.py` names them per record: `get_twin_town_for(request, pk)`),
so a user of one municipality can neither list, read nor confirm the existence of
another municipality's record: a foreign id answers 404, like a missing one.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import RoleAssignment

SESSION_KEY = "samverkan_municipality_id"


def activate(request, user) -> None:
    """Set request.role_assignment and request.municipality for `user`.

    A user with roles in several municipalities works in one at a time; the
    choice is kept in the session.
    """
    request.role_assignment = None
    request.municipality = None
    if not user.is_authenticated:
        return
    memberships = list(
        RoleAssignment.objects.filter(user=user)
        .select_related("municipality")
        .prefetch_related("committees")
        .order_by("municipality__name")
    )
    user._samverkan_roles = {m.municipality_id: m for m in memberships}
    if not memberships:
        return
    chosen_id = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    membership = user._samverkan_roles.get(chosen_id, memberships[0])
    request.role_assignment = membership
    request.municipality = membership.municipality


def scoped(request, model):
    """All rows of `model` that belong to the request's municipality."""
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        return model.objects.none()
    return model.objects.for_municipality(municipality)


def get_for(request, model, pk, *, queryset=None, perm: str | None = "samverkan.view_record"):
    """The one way pages and API fetch a protected record: each app's access helpers
    (`get_<record>_for`) call this with their queryset.

    Another municipality's record answers 404 like a missing one; a record of the
    user's own municipality that the user may not `perm` answers 403.
    """
    record = get_scoped_or_404(request, model, pk, queryset)
    if perm and not request.user.has_perm(perm, record):
        raise PermissionDenied
    return record


def get_scoped_or_404(request, model, pk, queryset=None):
    queryset = scoped(request, model) if queryset is None else queryset
    try:
        return queryset.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {model._meta.verbose_name} with id {pk}") from None
