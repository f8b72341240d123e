"""Deadlines for reminders and calendar feeds (see samverkan.lib.deadlines).

A reporter, and the editors of the account's committee, hear about the year's deadline of
each account they should submit and have not; coordinators and administrators hear about
the deadline of each round with accounts still to approve.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.lib.deadlines import Deadline
from samverkan.organisation.models import Role
from samverkan.organisation.rules import role_of

from .actions import EDITABLE
from .models import AccountRound, YearlyAccount


def account_deadlines(user, municipality, start, end) -> list:
    """The followup deadlines between start and end (inclusive) this user should hear about."""
    membership = role_of(user, municipality)
    if membership is None:
        return []
    found = []
    rounds = AccountRound.objects.for_municipality(municipality).filter(
        deadline__gte=start, deadline__lte=end
    )
    if membership.role in (Role.ADMINISTRATOR, Role.COORDINATOR):
        open_rounds = rounds.filter(
            accounts__status__in=[*EDITABLE, YearlyAccount.Status.SUBMITTED]
        ).distinct()
        for round_ in open_rounds:
            found.append(
                Deadline(
                    date=round_.deadline,
                    title=_("Yearly accounts %(year)s to be approved") % {"year": round_.year},
                    kind="account",
                    path=reverse("account-board", args=[round_.year]),
                    uid=f"account-round-{round_.pk}-{round_.deadline:%Y-%m-%d}",
                )
            )
    committees = (
        [c.pk for c in membership.committees.all()]
        if membership.role == Role.COMMITTEE_EDITOR
        else []
    )
    mine = (
        YearlyAccount.objects.for_municipality(municipality)
        .filter(round__in=rounds, status__in=EDITABLE)
        .filter(Q(reporter=user) | Q(body_id__in=committees))
        .select_related("round", "body")
    )
    for account in mine:
        found.append(
            Deadline(
                date=account.round.deadline,
                title=_("Submit the yearly account %(year)s: %(body)s")
                % {"year": account.round.year, "body": account.body.name},
                kind="account",
                path=reverse("account-detail", args=[account.pk]),
                uid=f"account-{account.pk}-{account.round.deadline:%Y-%m-%d}",
            )
        )
    return found
