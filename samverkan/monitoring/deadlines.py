"""Deadlines for reminders and calendar feeds (see samverkan.lib.deadlines).

Two kinds come from here:
- watch items: the next date and the end of the feedback period of every open item, for
  the item's responsible person, the editors of its responsible committee and the
  municipality's coordinators;
- agreement renewals (registry): the day an agreement ends and the day it must be
  renewed, for the coordinators and the editors of the signing body's committee. The
  dates are those the registry's "renewals within 90 days" page reads
  (registry.views.agreements), here for any window.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.lib.deadlines import Deadline
from samverkan.organisation.models import Role
from samverkan.organisation.rules import role_of
from samverkan.registry.models import Agreement

from .models import WatchItem


def _role(user, municipality):
    """The user's role in the municipality, and the ids of their committees."""
    membership = role_of(user, municipality)
    if membership is None:
        return None, set()
    committees = {c.pk for c in membership.committees.all()}
    if membership.role != Role.COMMITTEE_EDITOR:
        committees = set()
    return membership.role, committees


def watch_items_for(user, municipality):
    """The open watch items `user` answers for or coordinates, in the municipality."""
    role, committees = _role(user, municipality)
    items = WatchItem.objects.for_municipality(municipality).open()
    if role == Role.COORDINATOR:
        return items
    mine = Q(responsible_person=user)
    if committees:
        mine |= Q(committee_id__in=committees)
    return items.filter(mine)


def agreements_for(user, municipality):
    role, committees = _role(user, municipality)
    agreements = Agreement.objects.for_municipality(municipality)
    if role == Role.COORDINATOR:
        return agreements
    if committees:
        return agreements.filter(signing_body_id__in=committees)
    return agreements.none()


def _watch_item_deadlines(user, municipality, start, end) -> list[Deadline]:
    in_window = Q(next_date__range=(start, end)) | Q(feedback_closes_on__range=(start, end))
    found = []
    for item in watch_items_for(user, municipality).filter(in_window):
        path = reverse("watchitem-detail", args=[item.pk])
        if item.next_date and start <= item.next_date <= end:
            if item.next_step:
                title = _("%(step)s: %(title)s") % {"step": item.next_step, "title": item.title}
            else:
                title = _("Next date for the watch item %(title)s") % {"title": item.title}
            found.append(
                Deadline(
                    date=item.next_date,
                    title=title,
                    kind="watch_item",
                    path=path,
                    uid=f"watch-item-{item.pk}-next-{item.next_date:%Y-%m-%d}",
                )
            )
        if item.feedback_closes_on and start <= item.feedback_closes_on <= end:
            found.append(
                Deadline(
                    date=item.feedback_closes_on,
                    title=_("Feedback closes: %(title)s") % {"title": item.title},
                    kind="watch_item",
                    path=path,
                    uid=f"watch-item-{item.pk}-feedback-{item.feedback_closes_on:%Y-%m-%d}",
                )
            )
    return found


def _agreement_deadlines(user, municipality, start, end) -> list[Deadline]:
    titles = {
        Agreement.ENDS: _("Agreement ends: %(title)s"),
        Agreement.RENEWAL: _("Agreement must be renewed: %(title)s"),
    }
    found = []
    for agreement in agreements_for(user, municipality).filter(Agreement.dated_between(start, end)):
        path = reverse("agreement-detail", args=[agreement.pk])
        for day, kind in agreement.dates_between(start, end):
            found.append(
                Deadline(
                    date=day,
                    title=titles[kind] % {"title": agreement.title},
                    kind="agreement",
                    path=path,
                    uid=f"agreement-{agreement.pk}-{kind}-{day:%Y-%m-%d}",
                )
            )
    return found


def monitoring_deadlines(user, municipality, start: datetime.date, end: datetime.date) -> list:
    """The monitoring deadlines between start and end (inclusive) this user should hear about."""
    return _watch_item_deadlines(user, municipality, start, end) + _agreement_deadlines(
        user, municipality, start, end
    )
