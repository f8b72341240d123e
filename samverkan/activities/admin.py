"""Activities, trainings and resources in the back office for administrators; caseworkers use
the pages, not this.

Files are uploaded through the pages only, where their type is checked by content: here an
attachment's file is read-only. After countries or funding lines change inline, the
activity's stored EU priority is refreshed, as the forms do.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samverkan.registry.admin import TenantInlinesMixin

from .models import (
    Activity,
    ActivityAttachment,
    ActivityCountry,
    FundingLine,
    Milestone,
    Resource,
    Training,
)


class ActivityCountryInline(admin.TabularInline):
    model = ActivityCountry
    fields = ["country"]
    extra = 0


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    fields = [
        "source",
        "programme",
        "amount",
        "currency",
        "exchange_rate",
        "rate_date",
        "amount_sek",
    ]
    readonly_fields = ["amount_sek"]
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["title", "due_on", "done_on"]
    extra = 0


class ActivityAttachmentInline(admin.TabularInline):
    model = ActivityAttachment
    fields = ["title", "original_name", "content_type", "size", "is_public"]
    readonly_fields = ["original_name", "content_type", "size"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(TenantInlinesMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "committee",
        "kind",
        "status",
        "start_date",
        "eu_priority",
        "is_public",
        "municipality",
        "is_demo",
    ]
    list_filter = ["kind", "status", "eu_priority", "is_public", "is_demo", "municipality"]
    search_fields = ["title", "description", "external_id", "committee__name"]
    date_hierarchy = "start_date"
    readonly_fields = ["version", "eu_priority"]
    autocomplete_fields = ["committee", "partners", "goals"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["twin_towns", "memberships"]
    inlines = [ActivityCountryInline, FundingLineInline, MilestoneInline, ActivityAttachmentInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_derived()


class ActivityPartAdmin(SimpleHistoryAdmin):
    """The rows of an activity, each also listed on its own (for history and searches)."""

    readonly_fields = ["version"]
    raw_id_fields = ["activity"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        obj.activity.refresh_derived()

    def delete_model(self, request, obj):
        activity = obj.activity
        super().delete_model(request, obj)
        activity.refresh_derived()


@admin.register(ActivityCountry)
class ActivityCountryAdmin(ActivityPartAdmin):
    list_display = ["activity", "country", "municipality"]
    list_filter = ["municipality", "country"]
    search_fields = ["activity__title"]


@admin.register(FundingLine)
class FundingLineAdmin(ActivityPartAdmin):
    list_display = [
        "activity",
        "source",
        "programme",
        "amount",
        "currency",
        "amount_sek",
        "municipality",
    ]
    list_filter = ["source", "currency", "municipality"]
    search_fields = ["activity__title", "programme"]
    readonly_fields = ["version", "amount_sek"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "activity", "due_on", "done_on", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["title", "activity__title"]
    readonly_fields = ["version"]
    raw_id_fields = ["activity"]


@admin.register(ActivityAttachment)
class ActivityAttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "activity", "original_name", "size", "is_public", "municipality"]
    list_filter = ["is_public", "municipality"]
    search_fields = ["title", "original_name", "activity__title"]
    readonly_fields = ["version", "file", "original_name", "content_type", "size"]
    raw_id_fields = ["activity"]

    def has_add_permission(self, request):
        return False


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "held_on",
        "committee",
        "hours",
        "participants_elected",
        "participants_employees",
        "municipality",
        "is_demo",
    ]
    list_filter = ["is_demo", "municipality"]
    search_fields = ["title", "organiser", "description"]
    date_hierarchy = "held_on"
    readonly_fields = ["version"]
    autocomplete_fields = ["committee", "named_participants"]


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    list_display = ["body", "year", "budget_sek", "staff_fte", "municipality", "is_demo"]
    list_filter = ["year", "is_demo", "municipality"]
    search_fields = ["body__name", "note"]
    readonly_fields = ["version"]
    autocomplete_fields = ["body"]
