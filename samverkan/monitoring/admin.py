"""Subject areas, watch items, influence actions, calendar feeds and the reminder log in the
back office for administrators; caseworkers use the pages, not this."""

from django.contrib import admin

from samverkan.registry.admin import RecordAdmin, TenantInlinesMixin

from .models import CalendarFeed, InfluenceAction, SentReminder, SubjectArea, WatchItem


@admin.register(SubjectArea)
class SubjectAreaAdmin(RecordAdmin):
    list_display = ["name", "committee", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]
    readonly_fields = ["version"]


class InfluenceActionInline(admin.TabularInline):
    model = InfluenceAction
    fields = ["kind", "taken_on", "channel", "contact", "outcome"]
    raw_id_fields = ["channel", "contact"]
    extra = 0


@admin.register(WatchItem)
class WatchItemAdmin(TenantInlinesMixin, RecordAdmin):
    list_display = [
        "title",
        "eu_reference",
        "status",
        "committee",
        "responsible_person",
        "next_date",
        "municipality",
        "is_demo",
    ]
    list_filter = ["status", "kind", "is_demo", "municipality"]
    search_fields = ["title", "eu_reference", "notes"]
    raw_id_fields = ["subject_area", "committee", "responsible_person"]
    readonly_fields = ["version"]
    inlines = [InfluenceActionInline]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username"]
    # The token is a secret of its user: the back office can revoke a feed, not read it.
    exclude = ["token"]
    readonly_fields = ["user", "created_at"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["user", "uid", "sent_on"]
    list_filter = ["sent_on"]
    search_fields = ["user__username", "uid"]
