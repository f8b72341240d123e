"""One history row per save: many-to-many links written with a save belong to that save's row.

django-simple-history writes a row on `save()` and another on every many-to-many signal
(`post_remove`, `post_add`, `post_clear`), so one edit of an activity's goals and partners
left four rows, the first of them holding the links as they were before. The actions
write links through `write_links`, which silences those signals' rows and then makes the
save's row hold the links as they are now.
"""

from simple_history.utils import get_m2m_field_name


def write_links(obj, write) -> None:
    """Run `write()` (many-to-many changes of `obj`, just saved) without history rows of its
    own; the row of the save just made then holds the links as they are after `write()`."""
    manager_name = getattr(obj._meta, "simple_history_manager_attribute", None)
    if manager_name is None:
        write()
        return
    obj.skip_history_when_saving = True
    try:
        write()
    finally:
        del obj.skip_history_when_saving
    record = getattr(obj, manager_name).order_by("-history_date", "-history_id").first()
    if record is not None:
        snapshot_links(record, obj)


def snapshot_links(record, obj) -> None:
    """Replace the many-to-many rows kept with history `record` by `obj`'s links now."""
    for field in record._history_m2m_fields:
        link_history = getattr(record, field.name)
        link_history.all().delete()
        through = field.remote_field.through
        columns = [f.attname for f in through._meta.fields]
        rows = through.objects.filter(**{get_m2m_field_name(field): obj}).values(*columns)
        link_history.model.objects.bulk_create(
            link_history.model(history=record, **row) for row in rows
        )
