"""Which countries are Nordic, in the EU or in the EEA — on a given day.

Membership is data with dates (data/country_groups.csv), so that a past year's
figures stay right: the United Kingdom counts as EU for 2019, not for 2021.
"""

import csv
import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).parent / "data" / "country_groups.csv"

NORDIC = "nordic"
EU = "eu"
EEA = "eea"
GROUP_LABELS = {NORDIC: _("Nordic"), EU: _("EU"), EEA: _("EEA")}


@dataclass(frozen=True)
class GroupMembership:
    country: str
    group: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    def covers(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


@cache
def _memberships() -> tuple[GroupMembership, ...]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple(
        GroupMembership(
            row["country"], row["group"], _date(row["valid_from"]), _date(row["valid_to"])
        )
        for row in csv.DictReader(lines)
    )


def groups_of(country: str, day: datetime.date) -> set[str]:
    """The groups `country` (ISO 3166 alpha-2) belonged to on `day`."""
    code = str(country).upper()
    return {m.group for m in _memberships() if m.country == code and m.covers(day)}


def countries_in(group: str, day: datetime.date) -> set[str]:
    """The countries that belonged to `group` on `day`, for filtering in the database."""
    return {m.country for m in _memberships() if m.group == group and m.covers(day)}


def is_in(country: str, group: str, day: datetime.date) -> bool:
    return group in groups_of(country, day)
