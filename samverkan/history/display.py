"""A record's history as people read it: who, when, and what changed, in words.

One entry per save: the actions write one history row per save (lib.history_rows), and
rows written before that — a save followed by a row per many-to-many change, by the same
person within a moment — are read as the one save they were. Values are shown as people
know them: a linked record by its name, a choice by its label, yes/no, dates and numbers
the way the reader's language writes them, links added and removed by name.

The queries are the same however many rows there are: the rows with their users, one
query per many-to-many field for the links of all rows, one per kind of linked record.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.fields import CountryField

from samverkan.lib.countries import country_name

CHANGE_KINDS = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Deleted"),
}
# Rows of one save written before history_rows: by the same user, this close together.
SAME_SAVE = datetime.timedelta(seconds=2)
# Kept in step by the actions, never edited: no one needs to read them.
NOT_SHOWN = {"id", "version", "municipality", "search_text"}


def history_entries(obj, limit: int = 100) -> list[dict]:
    """The newest `limit` saves of `obj`, newest first, each with its changes in words."""
    manager = getattr(obj, obj._meta.simple_history_manager_attribute)
    newest_first = list(
        manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    records = newest_first[::-1]
    saves = _saves(records)
    if not saves:
        return []  # written in bulk, with no history (samverkan.demo.national)
    if len(newest_first) > limit and len(saves) > 1:
        # The oldest save may have begun before the rows read: it serves as the base only.
        base_save, saves = saves[0], saves[1:]
        befores = [base_save[-1]] + [save[-1] for save in saves[:-1]]
    else:
        befores = [None] + [save[-1] for save in saves[:-1]]
    fields = _shown_fields(obj, records)
    links = _links(records)
    raw = []
    for before, save in zip(befores, saves, strict=True):
        after = save[-1]
        kind = save[0].history_type
        changes = []
        if before is not None and kind == "~":
            changes = _field_changes(fields, before, after) + _link_changes(links, before, after)
        raw.append((save[0], after, kind, changes))
    names = _names(fields, links, [changes for *_rest, changes in raw])
    entries = [
        {
            "when": timezone.localtime(after.history_date),
            "who": _person(first.history_user),
            "kind": CHANGE_KINDS.get(kind, kind),
            "reason": first.history_change_reason or "",
            "changes": [_in_words(change, names) for change in changes],
        }
        for first, after, kind, changes in raw
    ]
    return entries[::-1][:limit]


def _saves(records) -> list[list]:
    """Rows (oldest first) grouped by save: a row that changed only links (its columns,
    the version among them, as in the row before) joins the save before it when the same
    person wrote it within SAME_SAVE. A second save raises the version: a row of its own."""
    saves: list[list] = []
    for record in records:
        if saves and _links_only_row_of(record, saves[-1]):
            saves[-1].append(record)
        else:
            saves.append([record])
    return saves


def _links_only_row_of(record, save) -> bool:
    first, last = save[0], save[-1]
    return (
        record.history_type == "~"
        and first.history_type != "-"
        and record.history_user_id == first.history_user_id
        and record.history_date - first.history_date <= SAME_SAVE
        and all(
            getattr(record, field.attname) == getattr(last, field.attname)
            for field in record.tracked_fields
        )
    )


def _shown_fields(obj, records) -> list:
    if not records:
        return []
    tracked = records[0].tracked_fields
    return [
        field
        for field in obj._meta.concrete_fields
        if field.name not in NOT_SHOWN
        and field.editable
        and any(field.attname == t.attname for t in tracked)
    ]


def _links(records) -> dict:
    """m2m field → {history row id: frozenset of linked ids}, one query per field."""
    if not records:
        return {}
    history_model = type(records[0])
    ids = [record.pk for record in records]
    found = {}
    for field in history_model._history_m2m_fields:
        link_model = getattr(records[0], field.name).model
        target = field.m2m_reverse_field_name()
        target_attname = link_model._meta.get_field(target).attname
        by_row = defaultdict(set)
        rows = link_model.objects.filter(history_id__in=ids).values_list(
            "history_id", target_attname
        )
        for row_id, linked in rows:
            by_row[row_id].add(linked)
        found[field] = {row_id: frozenset(by_row.get(row_id, ())) for row_id in ids}
    return found


def _field_changes(fields, before, after) -> list[dict]:
    changes = []
    for field in fields:
        old, new = getattr(before, field.attname), getattr(after, field.attname)
        if old != new and not (_empty(old) and _empty(new)):
            changes.append({"field": field, "old": old, "new": new})
    return changes


def _link_changes(links, before, after) -> list[dict]:
    changes = []
    for field, by_row in links.items():
        old, new = by_row.get(before.pk, frozenset()), by_row.get(after.pk, frozenset())
        if old != new:
            changes.append({"field": field, "added": new - old, "removed": old - new})
    return changes


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _names(fields, links, all_changes) -> dict:
    """(model, id) → name for every linked record the changes mention, a query per model."""
    wanted = defaultdict(set)
    for changes in all_changes:
        for change in changes:
            field = change["field"]
            if field.many_to_many:
                wanted[field.related_model] |= change["added"] | change["removed"]
            elif field.is_relation:
                wanted[field.related_model] |= {
                    value for value in (change["old"], change["new"]) if value is not None
                }
    names = {}
    for model, ids in wanted.items():
        for pk, record in model._base_manager.in_bulk(list(ids)).items():
            names[(model, pk)] = _person(record) if _is_user(record) else str(record)
    return names


def _is_user(record) -> bool:
    return hasattr(record, "get_username") and hasattr(record, "get_full_name")


def _person(user) -> str:
    """A user by their name (their user name when they have none); "" for the system."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _linked_name(model, pk, names) -> str:
    if pk is None:
        return ""
    return names.get((model, pk)) or _("deleted record (%(id)s)") % {"id": pk}


def _in_words(change: dict, names: dict) -> dict:
    field = change["field"]
    label = str(field.verbose_name)
    if field.many_to_many:
        model = field.related_model

        def named(ids):
            return sorted(_linked_name(model, pk, names) for pk in ids)

        return {
            "field": label,
            "links": True,
            "added": named(change["added"]),
            "removed": named(change["removed"]),
        }
    return {
        "field": label,
        "links": False,
        "old": _value(field, change["old"], names),
        "new": _value(field, change["new"], names),
    }


def _value(field, value, names) -> str:
    """One stored value as the reader reads it."""
    if value is None or value == "":
        return ""
    if field.is_relation:
        return _linked_name(field.related_model, value, names)
    if isinstance(field, CountryField):
        return country_name(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, (Decimal, float, int)):
        return formats.number_format(value, force_grouping=True)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    if isinstance(field, models.JSONField) and isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)
