"""Figures for the follow-up of P8 ("follow EU developments in each subject area and influence
them"): the compliance dashboard computes its indicator from these two querysets.
"""

import datetime

from django.db.models import QuerySet

from .models import InfluenceAction, WatchItem


def open_items_without_owner(municipality) -> QuerySet[WatchItem]:
    """The municipality's open watch items that nobody owns.

    Open: any status but closed (watching or acting). Owner: a responsible committee or a
    responsible person; an item has an owner when either is set, so "without owner" means
    both are empty. The subject area's committee does not count: the item itself must
    name who answers for it.
    """
    return WatchItem.objects.for_municipality(municipality).open().without_owner()


def actions_in_year(municipality, year: int) -> QuerySet[InfluenceAction]:
    """The municipality's influence actions dated within the calendar year `year`."""
    return InfluenceAction.objects.for_municipality(municipality).filter(
        taken_on__gte=datetime.date(year, 1, 1), taken_on__lte=datetime.date(year, 12, 31)
    )
