"""Changes of the monitoring app: each a named, atomic function used by the pages and the API."""

from django.db import transaction
from django.utils import timezone

from samverkan.registry.actions import note_contact

from .models import CalendarFeed


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
