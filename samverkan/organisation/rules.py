"""Object permissions, all in one module (django-rules).

Permission names are generic over domain records:
    samverkan.view_record, samverkan.add_record, samverkan.change_record,
    samverkan.delete_record, samverkan.restore_record, samverkan.manage_structure,
    samverkan.record_decision, samverkan.view_confidential,
    samverkan.view_personal_data, samverkan.change_personal_data,
    samverkan.manage_personal_data
Each is checked against an object that has a `municipality_id` (a record, possibly
unsaved) or against a Municipality. A role counts only in its own municipality.
"""

import rules

from .models import Municipality, Role


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
    return memberships.get(_municipality_id(obj))


def _has_role(*roles):
    @rules.predicate(name=f"has_role({', '.join(roles)})")
    def predicate(user, obj=None):
        membership = role_of(user, obj)
        return membership is not None and membership.role in roles

    return predicate


is_member = _has_role(*Role.values)
is_administrator = _has_role(Role.ADMINISTRATOR)
is_coordinator = _has_role(Role.COORDINATOR)
is_registrar = _has_role(Role.REGISTRAR)


@rules.predicate
def is_editor_of_owning_committee(user, obj=None):
    """A committee editor may change only records that belong to one of their committees."""
    membership = role_of(user, obj)
    if membership is None or membership.role != Role.COMMITTEE_EDITOR:
        return False
    owning = obj.owning_committees() if hasattr(obj, "owning_committees") else set()
    return bool(owning & {c.pk for c in membership.committees.all()})


can_edit = is_administrator | is_coordinator | is_editor_of_owning_committee

rules.add_perm("samverkan.view_record", is_member)
rules.add_perm("samverkan.add_record", can_edit)
rules.add_perm("samverkan.change_record", can_edit)
rules.add_perm("samverkan.delete_record", can_edit)
# Structure: the bodies, goals and policy that everything else hangs on.
rules.add_perm("samverkan.manage_structure", is_administrator | is_coordinator)
rules.add_perm("samverkan.restore_record", is_administrator)
# Decisions are recorded by registrars too (secretaries attach the minutes).
rules.add_perm("samverkan.record_decision", can_edit | is_registrar)
# Confidential documents: those who keep the record, not every reader.
rules.add_perm("samverkan.view_confidential", can_edit | is_registrar)
# Personal data (contacts) is shown only to the roles that work with contacts.
is_committee_editor = _has_role(Role.COMMITTEE_EDITOR)
rules.add_perm(
    "samverkan.view_personal_data", is_administrator | is_coordinator | is_committee_editor
)
rules.add_perm("samverkan.change_personal_data", is_administrator | is_coordinator)
# Data-subject requests: export a person's data, or erase it.
rules.add_perm("samverkan.manage_personal_data", is_administrator | is_coordinator)
rules.add_perm("samverkan.manage_users", is_administrator)
