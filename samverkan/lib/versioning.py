"""Optimistic locking: a version field checked on save, so no edit silently overwrites another."""

from django.db import models, transaction


class VersionConflict(Exception):
    """The record changed since the editor opened it."""

    def __init__(self, current):
        super().__init__(f"{current!r} was changed by someone else")
        self.current = current


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def save_versioned(obj, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of an existing row only if its version is still `expected_version`.

    The check and the write are one UPDATE, so two editors can never both win.
    Raises VersionConflict with the row as it is now. History is written by the
    caller's `save()` of the fresh values (simple-history listens to save).
    """
    model = type(obj)
    with transaction.atomic():
        _write(model, obj, expected_version, fields)


def _write(model, obj, expected_version, fields):
    updated = model._base_manager.filter(pk=obj.pk, version=expected_version).update(
        version=models.F("version") + 1
    )
    if not updated:
        raise VersionConflict(model._base_manager.get(pk=obj.pk))
    obj.version = expected_version + 1
    obj.save(update_fields=[*fields, "version"])
