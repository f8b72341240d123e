"""Reviews due, for reminders, calendar feeds and the coordinator's start page
(see samverkan.lib.deadlines): a twin town's review (the register's interval), the
review of the steering documents in force, and the day by which relations must have
ended under a time rule of the pack. Coordinators and administrators hear of them."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.lib.deadlines import Deadline
from samverkan.organisation.models import Role
from samverkan.organisation.rules import role_of
from samverkan.policy.models import TimeRule, layers_in_force

from .models import RegisterSettings, TwinTown

COORDINATING = (Role.COORDINATOR, Role.ADMINISTRATOR)


def _twin_town_reviews(municipality, start, end) -> list[Deadline]:
    interval = RegisterSettings.for_municipality(municipality).twin_town_review_interval_months
    found = []
    twin_towns = (
        TwinTown.objects.for_municipality(municipality)
        .exclude(status__in=[TwinTown.Status.PROPOSED, TwinTown.Status.ENDED])
        .select_related("partner")
    )
    for twin_town in twin_towns:
        due = twin_town.review_due_on(interval)
        if due is not None and start <= due <= end:
            found.append(
                Deadline(
                    date=due,
                    title=_("Review the twin town %(name)s") % {"name": twin_town.partner.name},
                    kind="review",
                    path=reverse("twintown-detail", args=[twin_town.pk]),
                    uid=f"twin-town-{twin_town.pk}-review-{due:%Y-%m-%d}",
                )
            )
    return found


def _document_reviews(layers, start, end) -> list[Deadline]:
    found = []
    for document in layers:
        due = document.review_due_on
        if start <= due <= end:
            found.append(
                Deadline(
                    date=due,
                    title=_("Review due: %(title)s") % {"title": document.title},
                    kind="review",
                    path=reverse("policy-detail", args=[document.pk]),
                    uid=f"policy-{document.pk}-review-{due:%Y-%m-%d}",
                )
            )
    return found


def _end_by(layers, start, end) -> list[Deadline]:
    """The days by which relations must have ended, under the time rules in force."""
    rules = TimeRule.objects.filter(policy__in=layers, end_by__range=(start, end))
    return [
        Deadline(
            date=rule.end_by,
            title=_("Relations must have ended: %(rule)s") % {"rule": rule.message},
            kind="review",
            path=reverse("rule-violations"),
            uid=f"time-rule-{rule.pk}-{rule.end_by:%Y-%m-%d}",
        )
        for rule in rules
    ]


def review_deadlines(user, municipality, start: datetime.date, end: datetime.date) -> list:
    """The reviews due from start to end (inclusive), for those who coordinate."""
    membership = role_of(user, municipality)
    if membership is None or membership.role not in COORDINATING:
        return []
    layers = layers_in_force(municipality.pk, start)
    return (
        _twin_town_reviews(municipality, start, end)
        + _document_reviews(layers, start, end)
        + (_end_by(layers, start, end) if layers else [])
    )
