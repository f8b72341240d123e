"""Object permissions (django-rules), built from the role matrix in `roles.py`.

Every permission of the project is registered here from that one table; nothing else
declares who may do what. Each is checked against an object that has a
`municipality_id` (a record, possibly unsaved) or against a Municipality, and a role
counts only in its own municipality.
"""

import rules

from . import roles
from .models import Municipality


def _municipality_id(obj):
    if obj is None:
        return None
    if isinstance(obj, Municipality):
        return obj.pk
    return getattr(obj, "municipality_id", None)


def role_of(user, obj):
    """The user's role in the municipality `obj` belongs to, or None."""
    if not user.is_authenticated:
        return None
    memberships = getattr(user, "_samverkan_roles", None)
    if memberships is None:
        memberships = {
            m.municipality_id: m
            for m in user.role_assignments.select_related("municipality").prefetch_related(
                "committees"
            )
        }
        user._samverkan_roles = memberships
    found = memberships.get(_municipality_id(obj))
    if found is None and hasattr(obj, "shared_municipality_ids"):
        # A record shared with other municipalities (an agreement they are party to):
        # a role in one of them counts too.
        found = next(
            (memberships[pk] for pk in obj.shared_municipality_ids() if pk in memberships), None
        )
    return found


def _owned_by_own_committee(user, obj, membership) -> bool:
    owning = obj.owning_committees() if hasattr(obj, "owning_committees") else set()
    return bool(owning & {c.pk for c in membership.committees.all()})


def _is_named_reporter(user, obj, membership) -> bool:
    reporter_id = getattr(obj, "reporter_id", None)
    return reporter_id is not None and reporter_id == getattr(user, "pk", None)


CONDITIONS = {
    roles.ANY: lambda user, obj, membership: True,
    roles.OWN_COMMITTEE: _owned_by_own_committee,
    roles.NAMED_REPORTER: _is_named_reporter,
}


def predicate_for(permission: roles.Permission):
    """The predicate of one row of the matrix: the user's role in the object's
    municipality, then any of that role's conditions on the object."""

    @rules.predicate(name=permission.name)
    def allowed(user, obj=None):
        membership = role_of(user, obj)
        if membership is None:
            return False
        return any(
            CONDITIONS[condition](user, obj, membership)
            for condition in permission.conditions(membership.role)
        )

    return allowed


for _permission in roles.PERMISSIONS:
    rules.add_perm(_permission.name, predicate_for(_permission))
