from django.contrib import admin

from .models import DeletedRecord


@admin.register(DeletedRecord)
class DeletedRecordAdmin(admin.ModelAdmin):
    """Read-only: restoring goes through the trash page, which restores the links too."""

    list_display = [
        "object_repr",
        "model_label",
        "municipality",
        "deleted_at",
        "deleted_by",
        "restored_at",
    ]
    list_filter = ["model_label", "municipality"]
    search_fields = ["object_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
