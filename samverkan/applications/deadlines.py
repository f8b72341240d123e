"""Deadlines of funding applications for reminders and calendar feeds (samverkan.lib.deadlines).

A user hears about the applications they may change (administrators and coordinators:
all; committee editors: their lead bodies'): the call deadline of an application still
an idea or in preparation, and each report not yet submitted.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.lib.deadlines import Deadline

from .models import OPEN_STATUSES, Application, ReportDue


def application_deadlines(user, municipality, start, end) -> list:
    """The applications deadlines between start and end (inclusive) this user should hear about."""
    if municipality is None or not user.has_perm("samverkan.view_record", municipality):
        return []
    found = []
    applications = Application.objects.for_municipality(municipality).select_related("lead_body")
    for application in applications.filter(
        status__in=OPEN_STATUSES, call_deadline__range=(start, end)
    ):
        if user.has_perm("samverkan.change_record", application):
            found.append(
                Deadline(
                    date=application.call_deadline,
                    title=_("Application deadline: %(title)s") % {"title": application.title},
                    kind="application",
                    path=reverse("application-detail", args=[application.pk]),
                    uid=f"application-{application.pk}-deadline-{application.call_deadline:%Y-%m-%d}",
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
