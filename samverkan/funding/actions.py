"""Changes in the funding app, each in one named function (pages and API use the same)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .matching import score_calls
from .models import CallMark

MARK_ACTIONS = ("follow", "dismiss", "clear")


@transaction.atomic
def mark_call(call, action: str, *, acting_user) -> CallMark | None:
    """Follow or dismiss a call for its municipality (clear undoes either)."""
    if action not in MARK_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    mark = CallMark.objects.filter(call=call).first()
    if action == "clear":
        if mark is not None:
            mark.delete()
        return None
    kind = CallMark.Kind.FOLLOWED if action == "follow" else CallMark.Kind.DISMISSED
    if mark is None:
        mark = CallMark(municipality_id=call.municipality_id, call=call)
    mark.kind, mark.marked_by, mark.marked_at = kind, acting_user, timezone.now()
    mark.save()
    return mark


def mark_message(action: str, call) -> str:
    messages = {
        "follow": _("You follow %(call)s: its deadlines appear in the reminders."),
        "dismiss": _("%(call)s was dismissed and is hidden from the list."),
        "clear": _("%(call)s is neither followed nor dismissed now."),
    }
    return messages[action] % {"call": call}


def rescore(municipality) -> int:
    """Score all calls again, e.g. after a watch profile changed."""
    return score_calls(municipality)
