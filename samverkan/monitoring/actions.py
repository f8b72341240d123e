"""Changes of the monitoring app: each a named, atomic function used by the pages and the API."""

import datetime

from django.db import transaction
from django.utils import timezone

from samverkan.registry.models import Contact

from .models import CalendarFeed


def note_contact(contact_id: int | None, day: datetime.date, *, acting_user) -> bool:
    """P9: move a contact's last contact date up to `day` (never back); True if it moved.

    The contact keeps its history like any edit, with its version raised so that an
    editor who had the contact open is told about the change instead of overwriting it.
    """
    if contact_id is None:
        return False
    contact = Contact.objects.select_for_update().get(pk=contact_id)
    if contact.erased_at or (contact.last_contact_on and contact.last_contact_on >= day):
        return False
    contact.last_contact_on = day
    contact.version += 1
    contact._history_user = acting_user
    contact.save(update_fields=["last_contact_on", "version"])
    return True


@transaction.atomic
def save_influence_action(form, *, acting_user):
    """Save a valid influence action form and update its contact's last contact date."""
    action = form.save()
    note_contact(action.contact_id, action.taken_on, acting_user=acting_user)
    return action


@transaction.atomic
def revoke_feed(user) -> int:
    """Revoke the user's calendar address; the calendar programs using it get 404 from now."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def renew_feed(user) -> CalendarFeed:
    """A new secret address for the user; the old one (if any) stops working."""
    revoke_feed(user)
    return CalendarFeed.objects.create(user=user)


def active_feed(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
