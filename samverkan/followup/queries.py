"""Reads of the yearly accounts: deadlines, lateness, and the figures an account shows.

The pages, the API, the report and the compliance dashboard read these; the changes are
samverkan.followup.actions'.
"""

import datetime

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from samverkan.organisation.models import Body

from . import figures
from .models import YearlyAccount

Status = YearlyAccount.Status


def default_deadline(year: int) -> datetime.date:
    """The deadline of a year's accounts: by default 31 March of the following year.

    The setting SAMVERKAN_ACCOUNT_DEADLINE ("MM-DD", in the following year) changes it.
    """
    month_day = getattr(settings, "SAMVERKAN_ACCOUNT_DEADLINE", "03-31")
    month, day = (int(part) for part in month_day.split("-"))
    return datetime.date(year + 1, month, day)


def accounts_not_approved_by_deadline(
    municipality, year: int, today: datetime.date | None = None
) -> QuerySet:
    """The year's accounts that missed their deadline.

    Approved after the deadline, or not approved and the deadline has passed. Before the
    deadline an unapproved account is not late yet.
    """
    today = today or timezone.localdate()
    late_approval = Q(status=Status.APPROVED, approved_at__date__gt=F("round__deadline"))
    still_open = ~Q(status=Status.APPROVED) & Q(round__deadline__lt=today)
    return (
        YearlyAccount.objects.for_municipality(municipality)
        .for_year(year)
        .filter(late_approval | still_open)
        .select_related("body", "round")
    )


def is_late(account, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    deadline = account.round.deadline
    if account.status == Status.APPROVED:
        return timezone.localdate(account.approved_at) > deadline
    return today > deadline


def accountable_bodies(municipality) -> QuerySet:
    """KS and every committee give an account (the council does not)."""
    return Body.objects.for_municipality(municipality).filter(
        kind__in=[Body.Kind.EXECUTIVE_BOARD, Body.Kind.COMMITTEE]
    )


def live_figures(account) -> figures.Overview:
    """The account's figures computed now from the year's data (figures.overview)."""
    return figures.overview(account.municipality, account.round.year, body=account.body)


def figures_of(account) -> figures.Overview:
    """What the account shows: frozen on approval, otherwise live."""
    if account.status == Status.APPROVED and account.frozen_figures is not None:
        return figures.Overview.from_json(account.frozen_figures)
    return live_figures(account)


def _flatten(value, prefix=()) -> dict:
    if isinstance(value, dict):
        flat = {}
        for key, item in value.items():
            flat.update(_flatten(item, (*prefix, str(key))))
        return flat
    if isinstance(value, list):
        flat = {}
        for index, item in enumerate(value):
            label = None
            if isinstance(item, dict):
                label = next(
                    (str(item[k]) for k in ("key", "code", "name", "label", "year") if k in item),
                    None,
                )
            flat.update(_flatten(item, (*prefix, label if label is not None else str(index))))
        return flat
    return {" / ".join(prefix): value}


def figure_differences(account) -> list[dict]:
    """Where the frozen figures of an approved account differ from the live ones.

    Each row: the figure's path (e.g. "per_country / SE / count"), frozen and live value.
    """
    if account.status != Status.APPROVED or account.frozen_figures is None:
        return []
    frozen = _flatten(account.frozen_figures)
    live = _flatten(live_figures(account).to_json())
    rows = []
    for key in sorted(set(frozen) | set(live)):
        if frozen.get(key) != live.get(key):
            rows.append({"figure": key, "frozen": frozen.get(key), "live": live.get(key)})
    return rows
