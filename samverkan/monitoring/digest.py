"""A user's deadlines from every app, in their language: what the reminder e-mails and the
calendar feeds both show (samverkan.lib.deadlines gathers them)."""

import datetime

from django.conf import settings
from django.utils import translation

from samverkan.lib import deadlines as deadline_interface
from samverkan.organisation.models import RoleAssignment


def user_language(user) -> str:
    """The language of the user's (first) municipality; Swedish when they have none."""
    membership = (
        RoleAssignment.objects.filter(user=user)
        .select_related("municipality")
        .order_by("municipality__name")
        .first()
    )
    language = membership.municipality.default_language if membership else ""
    return language or settings.LANGUAGE_CODE


def user_deadlines(user, start: datetime.date, end: datetime.date, *, language=None) -> list:
    """(municipality, deadline) pairs of every municipality the user has a role in, by date.

    Titles are made in `language` (the user's by default).
    """
    found = []
    memberships = RoleAssignment.objects.filter(user=user).select_related("municipality")
    with translation.override(language or user_language(user)):
        for membership in memberships.order_by("municipality__name"):
            municipality = membership.municipality
            for deadline in deadline_interface.upcoming(user, municipality, start, end):
                found.append((municipality, deadline))
    found.sort(key=lambda pair: (pair[1].date, pair[1].kind, pair[1].title))
    return found


def absolute(path: str) -> str:
    return settings.SAMVERKAN_BASE_URL.rstrip("/") + path
