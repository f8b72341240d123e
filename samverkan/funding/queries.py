"""Reading calls: the filters of the "calls for us" page and the API, in one place."""

import datetime

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STATUS_CHOICES = [
    ("open", _("Open")),
    ("forthcoming", _("Forthcoming")),
    ("closed", _("Closed")),
]
WINDOW_CHOICES = [("7", _("Next 7 days")), ("30", _("Next 30 days")), ("90", _("Next 90 days"))]
MARK_CHOICES = [
    ("followed", _("Followed")),
    ("dismissed", _("Dismissed")),
    ("all", _("All, dismissed too")),
]
SORTS = {
    "relevance": (F("relevance").desc(), F("next_deadline").asc(nulls_last=True)),
    "deadline": (F("next_deadline").asc(nulls_last=True), F("relevance").desc()),
    "title": (F("title").asc(),),
}


def filter_calls(
    calls,
    *,
    q="",
    programme=None,
    status="",
    window="",
    mark="",
    sort="relevance",
    now=None,
):
    """Calls filtered as the page and the API offer; dismissed calls hidden unless asked."""
    now = now or timezone.now()
    if q:
        for word in q.split():
            calls = calls.filter(
                Q(title__icontains=word)
                | Q(identifier__icontains=word)
                | Q(summary__icontains=word)
            )
    if programme:
        calls = calls.filter(programme_id=programme)
    if status == "open":
        calls = calls.open_now(now)
    elif status == "forthcoming":
        calls = calls.forthcoming(now)
    elif status == "closed":
        calls = calls.closed(now)
    if window:
        calls = calls.filter(
            next_deadline__gte=now, next_deadline__lte=now + datetime.timedelta(days=int(window))
        )
    if mark == "followed":
        calls = calls.filter(mark__kind="followed")
    elif mark == "dismissed":
        calls = calls.filter(mark__kind="dismissed")
    elif mark != "all":
        calls = calls.filter(Q(mark__isnull=True) | ~Q(mark__kind="dismissed"))
    return calls.select_related("programme", "mark").order_by(
        *SORTS.get(sort, SORTS["relevance"]), "pk"
    )
