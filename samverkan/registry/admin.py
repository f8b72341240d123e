"""The registers in the back office of the platform operator; caseworkers use the pages.

Files are uploaded through the pages only, where their type is checked by content:
here a document's file is read-only. The main registers are saved and deleted through
the registry's actions, as on the pages, so the same rules hold and the same history
rows are left (the operator is the acting user).
"""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from . import actions
from .models import (
    Agreement,
    Contact,
    ControlLogEntry,
    Decision,
    Document,
    MembershipFee,
    NetworkMembership,
    ParticipationEntry,
    Partner,
    RegisterSettings,
    TwinTown,
    TwinTownNote,
    ValueReview,
)


class RecordAdmin(SimpleHistoryAdmin):
    # Addresses typed without a scheme are taken as https, as on the pages.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ThroughActions:
    """Save and delete through the register's actions (`create`, `update`, `delete`)."""

    create = update = delete = None

    def save_model(self, request, obj, form, change):
        names = {field.name for field in obj._meta.get_fields() if field.concrete}
        names |= {field.name for field in obj._meta.many_to_many}
        values = {name: value for name, value in form.cleaned_data.items() if name in names}
        if change:
            type(self).update(obj, values, expected_version=None, acting_user=request.user)
            return
        municipality = values.pop("municipality", None) or obj.municipality
        created = type(self).create(municipality, values, acting_user=request.user)
        # The admin goes on with its own instance (inlines, the log, the redirect).
        obj.pk, obj.version = created.pk, created.version
        obj._state.adding = False

    def delete_model(self, request, obj):
        type(self).delete(obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class TenantInlinesMixin:
    """Rows added inline belong to the parent's municipality (the field is not on the form)."""

    def save_formset(self, request, form, formset, change):
        for row in formset.save(commit=False):
            if not row.municipality_id:
                row.municipality_id = form.instance.municipality_id
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()


@admin.register(RegisterSettings)
class RegisterSettingsAdmin(RecordAdmin):
    list_display = [
        "municipality",
        "contact_retention_months",
        "twin_town_review_interval_months",
    ]
    readonly_fields = ["version"]


@admin.register(Partner)
class PartnerAdmin(ThroughActions, RecordAdmin):
    create = staticmethod(actions.create_partner)
    update = staticmethod(actions.update_partner)
    delete = staticmethod(actions.delete_partner)

    list_display = ["name", "kind", "country", "city", "municipality", "is_local_actor", "is_demo"]
    list_filter = ["kind", "is_local_actor", "is_demo", "municipality", "country"]
    search_fields = ["name", "local_name", "city", "description"]
    readonly_fields = ["version"]


@admin.register(Contact)
class ContactAdmin(ThroughActions, RecordAdmin):
    create = staticmethod(actions.create_contact)
    update = staticmethod(actions.update_contact)
    delete = staticmethod(actions.delete_contact)

    list_display = ["__str__", "partner", "role_title", "last_contact_on", "municipality"]
    list_filter = ["legal_basis", "municipality"]
    search_fields = ["name", "email", "role_title", "partner__name"]
    readonly_fields = ["version", "erased_at"]
    autocomplete_fields = ["partner"]


class DocumentInline(admin.TabularInline):
    model = Document
    fields = ["title", "kind", "original_name", "is_public", "confidentiality_ground"]
    readonly_fields = ["original_name"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ThroughActions, RecordAdmin):
    create = staticmethod(actions.record_decision)
    update = staticmethod(actions.update_decision)
    delete = staticmethod(actions.delete_decision)

    list_display = [
        "meeting_date",
        "body",
        "paragraph",
        "registration_number",
        "title",
        "decision_type",
        "municipality",
        "is_demo",
    ]
    list_filter = ["decision_type", "body__kind", "is_demo", "municipality"]
    search_fields = ["title", "registration_number", "text"]
    date_hierarchy = "meeting_date"
    readonly_fields = ["version", "year"]
    autocomplete_fields = ["body"]
    inlines = [DocumentInline]


@admin.register(Document)
class DocumentAdmin(RecordAdmin):
    list_display = ["title", "kind", "original_name", "size", "is_public", "municipality"]
    list_filter = ["kind", "is_public", "municipality"]
    search_fields = ["title", "original_name"]
    readonly_fields = ["version", "file", "original_name", "content_type", "size"]
    raw_id_fields = ["decision", "agreement"]

    def has_add_permission(self, request):
        return False


@admin.register(ControlLogEntry)
class ControlLogEntryAdmin(RecordAdmin):
    list_display = ["reviewed_on", "reviewed_by", "content_type", "object_id", "municipality"]
    list_filter = ["content_type", "municipality"]
    search_fields = ["reviewed_by", "findings"]
    readonly_fields = ["version"]


@admin.register(Agreement)
class AgreementAdmin(ThroughActions, RecordAdmin):
    create = staticmethod(actions.create_agreement)
    update = staticmethod(actions.update_agreement)
    delete = staticmethod(actions.delete_agreement)

    list_display = [
        "title",
        "kind",
        "signed_on",
        "valid_until",
        "renewal_due_on",
        "municipality",
        "is_demo",
    ]
    list_filter = ["kind", "is_demo", "municipality"]
    search_fields = ["title", "description", "parties__name"]
    readonly_fields = ["version"]
    autocomplete_fields = ["parties", "signing_body"]
    raw_id_fields = ["decision"]
    inlines = [DocumentInline]


class TwinTownNoteInline(admin.StackedInline):
    model = TwinTownNote
    fields = ["noted_on", "text"]
    extra = 0


@admin.register(TwinTown)
class TwinTownAdmin(ThroughActions, TenantInlinesMixin, RecordAdmin):
    create = staticmethod(actions.create_twin_town)
    update = staticmethod(actions.update_twin_town)
    delete = staticmethod(actions.delete_twin_town)

    list_display = ["__str__", "kind", "status", "since", "ended_on", "municipality", "is_demo"]
    list_filter = ["status", "kind", "is_demo", "municipality"]
    search_fields = ["partner__name", "partner__local_name", "description", "status_reason"]
    readonly_fields = ["version"]
    autocomplete_fields = ["partner"]
    raw_id_fields = ["agreement", "decision", "end_decision"]
    filter_horizontal = ["contacts"]
    inlines = [TwinTownNoteInline]


@admin.register(TwinTownNote)
class TwinTownNoteAdmin(RecordAdmin):
    list_display = ["noted_on", "twin_town", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["text", "twin_town__partner__name"]
    readonly_fields = ["version"]


class MembershipFeeInline(admin.TabularInline):
    model = MembershipFee
    fields = ["year", "amount", "currency"]
    extra = 0


class ParticipationEntryInline(admin.TabularInline):
    model = ParticipationEntry
    fields = ["occurred_on", "kind", "committee", "description", "participants"]
    extra = 0


class ValueReviewInline(admin.TabularInline):
    model = ValueReview
    fields = ["year", "recommendation", "benefits", "reviewed_by"]
    extra = 0


@admin.register(NetworkMembership)
class NetworkMembershipAdmin(ThroughActions, TenantInlinesMixin, RecordAdmin):
    create = staticmethod(actions.create_membership)
    update = staticmethod(actions.update_membership)
    delete = staticmethod(actions.delete_membership)

    list_display = [
        "__str__",
        "scope",
        "committee",
        "held_through",
        "started_on",
        "ended_on",
        "municipality",
        "is_demo",
    ]
    list_filter = ["scope", "is_demo", "municipality"]
    search_fields = ["organisation__name", "held_through__name", "representatives", "description"]
    readonly_fields = ["version"]
    autocomplete_fields = ["organisation", "held_through", "committee"]
    raw_id_fields = ["decision"]
    filter_horizontal = ["participating_committees"]
    inlines = [MembershipFeeInline, ParticipationEntryInline, ValueReviewInline]


@admin.register(MembershipFee)
class MembershipFeeAdmin(RecordAdmin):
    list_display = ["membership", "year", "amount", "currency", "municipality"]
    list_filter = ["currency", "year", "municipality"]
    search_fields = ["membership__organisation__name"]
    readonly_fields = ["version"]


@admin.register(ParticipationEntry)
class ParticipationEntryAdmin(RecordAdmin):
    list_display = ["occurred_on", "kind", "membership", "committee", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["description", "participants", "membership__organisation__name"]
    readonly_fields = ["version"]


@admin.register(ValueReview)
class ValueReviewAdmin(RecordAdmin):
    list_display = ["membership", "year", "recommendation", "reviewed_by", "municipality"]
    list_filter = ["recommendation", "year", "municipality"]
    search_fields = ["benefits", "membership__organisation__name"]
    readonly_fields = ["version"]
