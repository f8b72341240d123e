"""Reading calls: the filters of the "calls for us" page and the API, in one place.

The portal publishes one topic under several references (a record per version or cut-off:
the sample's CREA-CULT-2025-COOP-UA-2 has four), and the importer keeps each reference, so
a plain list showed the same call up to four times. The list shows each call once: one
row per identifier (or per reference, for a record without one), the most pressing of its
copies, chosen by a window function in the same query.
"""

import datetime

from django.db.models import Case, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import Coalesce, NullIf, RowNumber
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
OPEN, FORTHCOMING, CLOSED = 0, 1, 2
# Open calls first, then forthcoming ones, closed ones last; within each, as chosen.
BY_DEADLINE = (
    F("open_rank").asc(),
    F("next_deadline").asc(nulls_last=True),
    F("last_deadline").desc(nulls_last=True),
)
SORTS = {
    "deadline": (*BY_DEADLINE, F("relevance").desc()),
    "relevance": (F("open_rank").asc(), F("relevance").desc(), *BY_DEADLINE[1:]),
    "title": (F("title").asc(),),
}
DEFAULT_SORT = "deadline"


def open_rank(now):
    """0 for an open call, 1 for a forthcoming one, 2 for a closed one (as Call.derived_status)."""
    from .models import Call

    return Case(
        When(Q(status_code=Call.CLOSED_CODE) | Q(last_deadline__lt=now), then=Value(CLOSED)),
        When(start_date__gt=now, then=Value(FORTHCOMING)),
        default=Value(OPEN),
        output_field=IntegerField(),
    )


def once_per_call(calls):
    """Each call once: of the copies sharing an identifier, the first by BY_DEADLINE (the
    open one with the nearest deadline; when all are closed, the last to close)."""
    return calls.annotate(
        copy_number=Window(
            RowNumber(),
            partition_by=[Coalesce(NullIf(F("identifier"), Value("")), F("reference"))],
            order_by=[*BY_DEADLINE, F("pk").desc()],
        )
    ).filter(copy_number=1)


def filter_calls(
    calls,
    *,
    q="",
    programme=None,
    status="",
    window="",
    mark="",
    sort=DEFAULT_SORT,
    now=None,
):
    """Calls filtered as the page and the API offer, each call once (`once_per_call`),
    open ones first; dismissed calls hidden unless asked."""
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
    calls = once_per_call(calls.annotate(open_rank=open_rank(now)))
    return calls.select_related("programme", "mark").order_by(
        *SORTS.get(sort, SORTS[DEFAULT_SORT]), "pk"
    )
