"""Every change of the monitoring app's records: one named function each (lib.actions).

Pages, the API, commands and the demo call these; none saves a record itself. An
influence action that names a contact moves the contact's last contact date (P9,
registry.actions.note_contact) in the same transaction, however it was saved.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.history.actions import trash
from samverkan.lib.actions import (
    SYSTEM,
    RuleViolation,
    apply_values,
    authorize,
    check_rules,
    save_changes,
    save_new,
)
from samverkan.organisation.models import Body
from samverkan.registry.actions import note_contact
from samverkan.registry.models import Partner

from .models import CalendarFeed, InfluenceAction, SubjectArea, WatchItem

# The bodies that can answer for a subject area or a watch item: not the council.
RESPONSIBLE_BODY_KINDS = (Body.Kind.COMMITTEE, Body.Kind.EXECUTIVE_BOARD)


def _own(record, related, field: str, message) -> None:
    """A related record must be the same municipality's (another's id is no valid choice)."""
    if related is not None and related.municipality_id != record.municipality_id:
        raise RuleViolation(message, field)


def _responsible_body(record) -> None:
    committee = record.committee
    _own(record, committee, "committee", _("Choose a committee of your own municipality."))
    if committee is not None and committee.kind not in RESPONSIBLE_BODY_KINDS:
        raise RuleViolation(_("Choose a committee of your own municipality."), "committee")


# Subject areas -----------------------------------------------------------------------------


def _name_taken(area) -> RuleViolation:
    return RuleViolation(
        _("There is already a subject area named %(name)s.") % {"name": area.name}, "name"
    )


def _check_area(area) -> None:
    _responsible_body(area)
    check_rules(area)


def create_subject_area(municipality, values: dict, *, acting_user) -> SubjectArea:
    area = SubjectArea(municipality=municipality)
    apply_values(area, values)
    authorize(acting_user, "samverkan.manage_structure", area)
    _check_area(area)
    return save_new(area, acting_user=acting_user, perm=None, on_integrity_error=_name_taken(area))


def update_subject_area(area, values: dict, *, expected_version, acting_user) -> SubjectArea:
    authorize(acting_user, "samverkan.manage_structure", area)
    fields, _m2m = apply_values(area, values)
    _check_area(area)
    return save_changes(
        area,
        fields,
        expected_version=expected_version,
        acting_user=acting_user,
        perm="samverkan.manage_structure",
        on_integrity_error=_name_taken(area),
    )


def delete_subject_area(area, *, acting_user) -> None:
    trash(area, acting_user=acting_user, perm="samverkan.manage_structure")


# Watch items -------------------------------------------------------------------------------


def _check_item(item) -> None:
    _own(item, item.subject_area, "subject_area", _("Choose a subject area of your municipality."))
    _responsible_body(item)
    person = item.responsible_person
    if person is not None and not (
        person.is_active
        and person.role_assignments.filter(municipality_id=item.municipality_id).exists()
    ):
        raise RuleViolation(
            _("Choose a person with a role in your municipality."), "responsible_person"
        )
    check_rules(item)


def create_watch_item(municipality, values: dict, *, acting_user) -> WatchItem:
    """A new watch item; a committee editor adds their own committee's items only."""
    item = WatchItem(municipality=municipality)
    apply_values(item, values)
    _check_item(item)
    return save_new(item, acting_user=acting_user, perm="samverkan.add_record")


def update_watch_item(item, values: dict, *, expected_version, acting_user) -> WatchItem:
    """Change a watch item; the item as it will be is checked too, so an editor cannot hand
    it to another committee."""
    authorize(acting_user, "samverkan.change_record", item)
    fields, _m2m = apply_values(item, values)
    _check_item(item)
    return save_changes(item, fields, expected_version=expected_version, acting_user=acting_user)


def delete_watch_item(item, *, acting_user) -> None:
    """Move a watch item, with its influence actions, to the trash."""
    trash(item, acting_user=acting_user, perm="samverkan.delete_record")


# Influence actions ---------------------------------------------------------------------------


def _check_action(action) -> None:
    _own(action, action.watch_item, "watch_item", _("Choose a watch item of your municipality."))
    channel = action.channel
    _own(action, channel, "channel", _("Choose a partner of your municipality."))
    if channel is not None and channel.kind in Partner.PERSONAL_KINDS:
        raise RuleViolation(_("Choose a partner of your municipality."), "channel")
    contact = action.contact
    _own(action, contact, "contact", _("Choose a contact of your municipality."))
    if contact is not None and contact.erased_at is not None:
        raise RuleViolation(_("Choose a contact of your municipality."), "contact")
    # The model's rules: the contact works at the channel, which defaults to theirs.
    check_rules(action)


def _values_for(action, values: dict, acting_user) -> dict:
    """Contacts are personal data: a role that may not see them does not name one."""
    if "contact" in values and not acting_user.has_perm("samverkan.view_personal_data", action):
        values = {name: value for name, value in values.items() if name != "contact"}
    return values


@transaction.atomic
def create_influence_action(watch_item, values: dict, *, acting_user) -> InfluenceAction:
    """Record an influence action on `watch_item`; its contact's last contact date moves."""
    action = InfluenceAction(municipality_id=watch_item.municipality_id, watch_item=watch_item)
    apply_values(action, _values_for(action, values, acting_user))
    authorize(acting_user, "samverkan.add_record", action)
    _check_action(action)
    save_new(action, acting_user=acting_user, perm=None)
    note_contact(action.contact_id, action.taken_on, acting_user=acting_user)
    return action


@transaction.atomic
def update_influence_action(
    action, values: dict, *, expected_version, acting_user
) -> InfluenceAction:
    """Change an influence action; its (new) contact's last contact date moves up to it."""
    authorize(acting_user, "samverkan.change_record", action)
    fields, _m2m = apply_values(action, _values_for(action, values, acting_user))
    _check_action(action)
    if "channel" not in fields:  # the model's rules may take the contact's partner
        fields.append("channel")
    save_changes(action, fields, expected_version=expected_version, acting_user=acting_user)
    note_contact(action.contact_id, action.taken_on, acting_user=acting_user)
    return action


def delete_influence_action(action, *, acting_user) -> None:
    trash(action, acting_user=acting_user, perm="samverkan.delete_record")


# Calendar feeds ------------------------------------------------------------------------------


def _own_feed(user, acting_user) -> None:
    # A calendar address is its user's alone: nobody else (but the server) changes it.
    if acting_user is not SYSTEM and (acting_user is None or acting_user.pk != user.pk):
        raise PermissionDenied


@transaction.atomic
def revoke_feed(user, *, acting_user) -> int:
    """Revoke the user's calendar address; the calendar programs using it get 404 from now."""
    _own_feed(user, acting_user)
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def renew_feed(user, *, acting_user) -> CalendarFeed:
    """A new secret address for the user; the old one (if any) stops working."""
    revoke_feed(user, acting_user=acting_user)
    return CalendarFeed.objects.create(user=user)
