"""Page and API are adapters over the same actions: the same change made through each
must leave the same record, the same history rows and the same side effects.

`snapshot(record, *related)` reads a record's fields (without id, version and times) and
its history rows as (type, user, reason); tests compare the page's snapshot with the API's.
"""

import pytest
from django.db.models import DateTimeField

IGNORED = {"id", "version"}


def fields_of(record) -> dict:
    """The record's column values, without its id, version and automatic times."""
    record.refresh_from_db()
    values = {}
    for field in record._meta.concrete_fields:
        if field.name in IGNORED or field.primary_key:
            continue
        if isinstance(field, DateTimeField) and (field.auto_now or field.auto_now_add):
            continue
        values[field.name] = getattr(record, field.attname)
    for field in record._meta.many_to_many:
        values[field.name] = sorted(getattr(record, field.name).values_list("pk", flat=True))
    return values


def history_of(record, since=None) -> list[tuple]:
    """The record's history rows (newest first) as (type, user, reason)."""
    rows = record.history.all()
    if since is not None:
        rows = rows.filter(history_date__gte=since)
    return [
        (row.history_type, row.history_user_id, row.history_change_reason or "") for row in rows
    ]


@pytest.fixture
def snapshot():
    def take(record, *, since=None, without=()):
        values = fields_of(record)
        for name in without:
            values.pop(name, None)
        return {"fields": values, "history": history_of(record, since)}

    return take
