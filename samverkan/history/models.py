"""The trash: deleted records kept whole, with the rows that went with them, until restored."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletedRecordQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def in_trash(self):
        return self.filter(restored_at__isnull=True)


class DeletedRecord(models.Model):
    """One deletion: the record and every row deleted with it, serialized in order.

    Restoring writes the rows back with their original ids, so links to and from
    the record (foreign keys, many-to-many rows) come back as they were.
    """

    # By name, not by import: the trash sits below the organisation app (docs/adr/0005).
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    model_label = models.CharField(_("kind of record"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=50)
    object_repr = models.CharField(_("record"), max_length=300)
    rows = models.JSONField(_("deleted rows"))
    deleted_at = models.DateTimeField(_("deleted"), auto_now_add=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )
    restored_at = models.DateTimeField(_("restored"), null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restored by"),
    )

    objects = DeletedRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = _("deleted record")
        verbose_name_plural = _("deleted records")

    def __str__(self):
        return self.object_repr

    @property
    def kind_label(self) -> str:
        """The kind of record in the user's language ("decision body"), not its code name."""
        from django.apps import apps

        try:
            return apps.get_model(self.model_label)._meta.verbose_name
        except LookupError:
            return self.model_label
