"""The one way pages and API fetch the organisation's records (bodies, goals), and who
may create records that belong to a committee: shared by every app whose records carry a
committee (activities, trainings, resources, applications, watch items)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from . import tenancy
from .models import Body, Goal, RoleAssignment
from .rules import role_of


def committee_choices_for(request, record) -> QuerySet | None:
    """The bodies a user may choose as a record's committee; None means any of the municipality.

    Administrators and coordinators choose any body; a committee editor only their own
    committees, so that what they create is theirs to change afterwards.
    """
    if request.user.has_perm("samverkan.manage_structure", record):
        return None
    role = role_of(request.user, record)
    own = [c.pk for c in role.committees.all()] if role else []
    return tenancy.scoped(request, Body).filter(pk__in=own)


def limit_committee_field(request, form, field_name: str) -> None:
    bodies = committee_choices_for(request, form.instance)
    if bodies is None:
        return
    field = form.fields[field_name]
    field.queryset = field.queryset.filter(pk__in=bodies.values("pk"))
    field.required = True
    field.empty_label = None


def can_create(request, make) -> bool:
    """Whether the user may create a record that `make(body)` builds for some body.

    A committee editor may add only their own committees' records, so a blank record
    (no committee yet) is not enough to decide: try each of their committees.
    """
    user = request.user
    if user.has_perm("samverkan.add_record", make(None)):
        return True
    bodies = committee_choices_for(request, make(None))
    return bodies is not None and any(
        user.has_perm("samverkan.add_record", make(body)) for body in bodies
    )


def require_create(request, make) -> None:
    if not can_create(request, make):
        raise PermissionDenied


def get_body_for(request, pk, *, perm="samverkan.view_record") -> Body:
    return tenancy.get_for(request, Body, pk, perm=perm)


def goals_for(request):
    return tenancy.scoped(request, Goal)


def get_goal_for(request, pk, *, perm="samverkan.view_record") -> Goal:
    return tenancy.get_for(
        request, Goal, pk, queryset=goals_for(request).select_related("parent"), perm=perm
    )


def role_assignments_for(request):
    """People's roles in the request's municipality (for its administrators)."""
    return (
        tenancy.scoped(request, RoleAssignment)
        .select_related("user")
        .prefetch_related("committees")
    )


def get_role_assignment_for(request, pk, *, perm="samverkan.manage_users") -> RoleAssignment:
    return tenancy.get_for(
        request, RoleAssignment, pk, queryset=role_assignments_for(request), perm=perm
    )
