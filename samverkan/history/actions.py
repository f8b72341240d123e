"""Reversible deletion: `delete_record` moves a record (and what cascades with it) to the trash."""

from functools import partial

from django.apps import apps
from django.core import serializers
from django.db import IntegrityError, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils import timezone

from samverkan.lib import changes
from samverkan.lib.actions import StillInUse, authorize, history_user
from samverkan.lib.history_rows import write_links

from .models import DeletedRecord


class RestoreConflict(Exception):
    """A row to restore collides with a row that exists now (same id or same unique values)."""


def _collect(obj):
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    collector.sort()
    # Deletion order is dependents first; restore needs the record first, so reverse it.
    batches = [(model, list(instances)) for model, instances in reversed(collector.data.items())]
    for queryset in collector.fast_deletes:
        rows = list(queryset)
        if rows:
            batches.append((queryset.model, rows))
    return batches


def trash(obj, *, acting_user, perm: str | None = "samverkan.delete_record") -> DeletedRecord:
    """The delete action of every record: check the right, then move `obj` to the trash.

    A record that others still refer to raises StillInUse (nothing is written).
    """
    if perm:
        authorize(acting_user, perm, obj)
    try:
        return delete_record(obj, acting_user=acting_user)
    except (ProtectedError, RestrictedError):
        raise StillInUse(obj) from None


@transaction.atomic
def delete_record(obj, *, acting_user) -> DeletedRecord:
    """Delete `obj` and keep every row that goes with it, so an administrator can restore it."""
    changes.record_changed(obj)
    rows = []
    for _model, instances in _collect(obj):
        rows.extend(serializers.serialize("python", instances))
    entry = DeletedRecord.objects.create(
        municipality_id=obj.municipality_id,
        model_label=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        rows=_jsonable(rows),
        deleted_by=history_user(acting_user),
    )
    obj._history_user = history_user(acting_user)
    obj.delete()
    return entry


def _jsonable(rows):
    # serialize("python") leaves dates and decimals as objects; round-trip through JSON text.
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(rows, cls=DjangoJSONEncoder))


def restore(entry: DeletedRecord, *, acting_user) -> None:
    """The restore action: an administrator writes a deleted record back from the trash.

    RestoreConflict when a row with the same identity exists now (nothing is written).
    """
    authorize(acting_user, "samverkan.restore_record", entry)
    try:
        restore_record(entry, acting_user=acting_user)
    except IntegrityError:
        raise RestoreConflict(entry) from None


@transaction.atomic
def restore_record(entry: DeletedRecord, *, acting_user) -> None:
    """Write the deleted rows back, with their ids and links, in one transaction."""
    if entry.restored_at is not None:
        return
    for deserialized in serializers.deserialize("python", entry.rows):
        model = type(deserialized.object)
        if model._base_manager.filter(pk=deserialized.object.pk).exists():
            raise RestoreConflict(deserialized.object)
        deserialized.object._history_user = history_user(acting_user)
        # save() through the model (not raw) so that history records the restore.
        deserialized.object.save(force_insert=True)
        if deserialized.m2m_data:
            write_links(deserialized.object, partial(_set_links, deserialized))
    entry.restored_at = timezone.now()
    entry.restored_by = history_user(acting_user)
    entry.save(update_fields=["restored_at", "restored_by"])


def _set_links(deserialized):
    for field_name, values in deserialized.m2m_data.items():
        getattr(deserialized.object, field_name).set(values)


def restorable_model(entry):
    return apps.get_model(entry.model_label)
