"""Every change of the registry's records: one named function each (lib.actions).

Pages, the API, commands and the demo call these; none saves a record itself.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from samverkan.lib.actions import authorize, check_rules, save_changes, save_new

from .models import Contact, ControlLogEntry, TwinTown


def reviewer_name(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def record_review(
    item, *, findings: str, acting_user, reviewed_on: datetime.date, reviewed_by: str = ""
) -> ControlLogEntry:
    """A dated review of a register item in its control log (the board's control).

    A twin town's review also moves its `last_reviewed_on` forward (never back), which
    starts its next review interval; the twin town's version is raised, so an edit form
    opened before the review cannot undo the date.
    """
    authorize(acting_user, "samverkan.change_record", item)
    entry = ControlLogEntry(
        municipality_id=item.municipality_id,
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        reviewed_on=reviewed_on,
        reviewed_by=reviewed_by or reviewer_name(acting_user),
        findings=findings,
    )
    check_rules(entry)
    save_new(entry, acting_user=acting_user, perm=None)
    if isinstance(item, TwinTown) and (
        item.last_reviewed_on is None or item.last_reviewed_on < reviewed_on
    ):
        item.last_reviewed_on = reviewed_on
        save_changes(
            item, ["last_reviewed_on"], expected_version=None, acting_user=acting_user, perm=None
        )
    return entry


@transaction.atomic
def note_contact(contact_id: int | None, day: datetime.date, *, acting_user) -> bool:
    """P9: move a contact's last contact date up to `day` (never back); True if it moved.

    A side effect of other apps' actions (an influence action names the contact), so it
    checks no permission of its own: the calling action has. The contact keeps its
    history like any edit, with its version raised so that an editor who had the contact
    open is told about the change instead of overwriting it.
    """
    if contact_id is None:
        return False
    contact = Contact.objects.select_for_update().get(pk=contact_id)
    if contact.erased_at or (contact.last_contact_on and contact.last_contact_on >= day):
        return False
    contact.last_contact_on = day
    save_changes(
        contact,
        ["last_contact_on"],
        expected_version=contact.version,
        acting_user=acting_user,
        perm=None,
    )
    return True
