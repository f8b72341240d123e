"""Deadlines from every app, for the reminder e-mails and the calendar feeds.

Each app that has dates a user must act on offers a provider: a function
`(user, municipality, start, end) -> list[Deadline]` giving the deadlines on the days
start..end (inclusive) that this user should hear about. Each app registers its provider
in its AppConfig.ready() (`register_provider`); `upcoming()` asks each and merges the
answers in date order. lib knows no app: the apps come to it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

PROVIDERS: list[Callable] = []


def register_provider(provider: Callable) -> None:
    """Add an app's provider (once, however often the app is made ready)."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


@dataclass(frozen=True)
class Deadline:
    date: datetime.date
    title: str  # what is due, in the user's language ("Deadline: Erasmus+ KA2 call")
    kind: str  # "call", "application", "agreement", "watch_item", "account", ...
    path: str  # the record's page on the site, e.g. "/funding/calls/12/"
    uid: str  # stable across runs, e.g. "call-12-2026-03-01": reminders and iCal use it


def upcoming(user, municipality, start: datetime.date, end: datetime.date) -> list[Deadline]:
    found: list[Deadline] = []
    for provider in PROVIDERS:
        found.extend(provider(user, municipality, start, end))
    return sorted(found, key=lambda deadline: (deadline.date, deadline.kind, deadline.title))
