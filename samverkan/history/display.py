"""A record's history as people read it: who, when, which fields changed from what to what."""

from django.utils.translation import gettext_lazy as _

CHANGE_KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def history_entries(obj, limit: int = 100) -> list[dict]:
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["version"])
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append({"field": field.verbose_name, "old": change.old, "new": change.new})
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": CHANGE_KINDS.get(record.history_type, record.history_type),
                "changes": changes,
            }
        )
    return entries
