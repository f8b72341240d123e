"""Deadlines of funding applications for reminders and calendar feeds (samverkan.lib.deadlines).

A user hears about the applications they may change (administrators and coordinators:
all; committee editors: their lead bodies'): the call deadline of an application still
an idea or in preparation (its own date, or else its call's next deadline, which the
call import keeps up to date), and each report not yet submitted.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.funding.models import deadline_day
from samverkan.lib.deadlines import Deadline

from .models import OPEN_STATUSES, Application, ReportDue


def application_deadlines(user, municipality, start, end) -> list:
    """The applications deadlines between start and end (inclusive) this user should hear about."""
    if municipality is None or not user.has_perm("samverkan.view_record", municipality):
        return []
    found = []
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    last = timezone.make_aware(datetime.datetime.combine(end, datetime.time.max))
    applications = (
        Application.objects.for_municipality(municipality)
        .filter(status__in=OPEN_STATUSES)
        .filter(
            Q(call_deadline__range=(start, end))
            | Q(call_deadline__isnull=True, call__next_deadline__range=(first, last))
        )
        .select_related("lead_body", "call")
    )
    for application in applications:
        if user.has_perm("samverkan.change_record", application):
            day = application.call_deadline or deadline_day(application.call.next_deadline)
            found.append(
                Deadline(
                    date=day,
                    title=_("Application deadline: %(title)s") % {"title": application.title},
                    kind="application",
                    path=reverse("application-detail", args=[application.pk]),
                    uid=f"application-{application.pk}-deadline-{day:%Y-%m-%d}",
                )
            )
    reports = (
        ReportDue.objects.for_municipality(municipality)
        .filter(submitted_on__isnull=True, due_on__range=(start, end))
        .select_related("application__lead_body")
    )
    for report in reports:
        application = report.application
        if user.has_perm("samverkan.change_record", application):
            found.append(
                Deadline(
                    date=report.due_on,
                    title=_("%(kind)s due: %(title)s")
                    % {"kind": report.get_kind_display(), "title": application.title},
                    kind="application_report",
                    path=reverse("application-detail", args=[application.pk]),
                    uid=f"application-{application.pk}-report-{report.pk}",
                )
            )
    return found
