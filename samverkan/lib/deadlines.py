"""Deadlines from every app, for the reminder e-mails and the calendar feeds.

Each app that has dates a user must act on offers a provider: a function
`(user, municipality, start, end) -> list[Deadline]` giving the deadlines on the days
start..end (inclusive) that this user should hear about. PROVIDERS lists them by dotted
path; `upcoming()` asks each and merges the answers in date order.
"""

import datetime
from dataclasses import dataclass

from django.utils.module_loading import import_string

PROVIDERS = [
    "samverkan.funding.deadlines.funding_deadlines",
    "samverkan.applications.deadlines.application_deadlines",
    "samverkan.monitoring.deadlines.monitoring_deadlines",
    "samverkan.followup.deadlines.account_deadlines",
]


@dataclass(frozen=True)
class Deadline:
    date: datetime.date
    title: str  # what is due, in the user's language ("Deadline: Erasmus+ KA2 call")
    kind: str  # "call", "application", "agreement", "watch_item", "account", ...
    path: str  # the record's page on the site, e.g. "/funding/calls/12/"
    uid: str  # stable across runs, e.g. "call-12-2026-03-01": reminders and iCal use it


def upcoming(user, municipality, start: datetime.date, end: datetime.date) -> list[Deadline]:
    found: list[Deadline] = []
    for dotted in PROVIDERS:
        found.extend(import_string(dotted)(user, municipality, start, end))
    return sorted(found, key=lambda deadline: (deadline.date, deadline.kind, deadline.title))
