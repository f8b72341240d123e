"""Deadlines for reminders and calendar feeds (see samverkan.lib.deadlines)."""

from django.utils.translation import gettext as _

from samverkan.lib.deadlines import Deadline

from .models import Call, deadline_day


def funding_deadlines(user, municipality, start, end) -> list:
    """The funding deadlines between start and end (inclusive) this user should hear about.

    Every deadline of each call the municipality follows, on its day in UTC (the
    portal's dates are UTC). Any member of the municipality hears about them.
    """
    if municipality is None:
        return []
    followed = (
        Call.objects.for_municipality(municipality)
        .filter(mark__kind="followed")
        .only("pk", "title", "identifier", "deadlines")
    )
    found = []
    for call in followed:
        for moment in call.deadline_datetimes():
            day = deadline_day(moment)
            if start <= day <= end:
                found.append(
                    Deadline(
                        date=day,
                        title=_("Call deadline: %(call)s") % {"call": call},
                        kind="call",
                        path=f"/funding/calls/{call.pk}/",
                        uid=f"call-{call.pk}-{day.isoformat()}",
                    )
                )
    return found
