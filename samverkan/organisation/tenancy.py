"""The one place where records are scoped to the current user's municipality.

Pages and API fetch domain records only through `scoped()` and `get_for()` (each app's
`access.py` names them per record: `get_twin_town_for(request, pk)`),
so a user of one municipality can neither list, read nor confirm the existence of
another municipality's record: a foreign id answers 404, like a missing one.
"""

from samverkan.lib import changes
from samverkan.lib.scoping import get_for, get_scoped_or_404, scoped

from .backends import roles_of

# Scoping itself needs only request.municipality, so it lives in lib where every app,
# the trash included, can use it; here it is named with the activation it depends on.
__all__ = ["SESSION_KEY", "activate", "get_for", "get_scoped_or_404", "scoped"]

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
    # One query: the roles with their municipalities (whose data version comes along);
    # the committees of a role are kept under that version, read again only after a change.
    memberships = getattr(user, "_samverkan_role_rows", None)  # read with the user
    if memberships is None:  # a user read otherwise (an API token's)
        memberships = roles_of(user.pk)
        for role in memberships:
            role.user = user
    user._samverkan_roles = {m.municipality_id: m for m in memberships}
    if not memberships:
        return
    chosen_id = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    membership = user._samverkan_roles.get(chosen_id, memberships[0])
    for role in memberships:
        changes.seen_version(role.municipality_id, role.municipality.data_version)
        _set_committees(role)
    request.role_assignment = membership
    request.municipality = membership.municipality


def _set_committees(role) -> None:
    """`role.committees.all()` answered from the cache (as a prefetch would leave it)."""
    committees = changes.cached(
        role.municipality_id,
        f"role-committees:{role.pk}",
        lambda: list(role.committees.all()),
    )
    queryset = role.committees.all()  # not evaluated: filled in as prefetching does
    queryset._result_cache = committees
    queryset._prefetch_done = True
    role._prefetched_objects_cache = {"committees": queryset}
