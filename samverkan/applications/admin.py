"""Applications in the back office for administrators; caseworkers use the pages.

The back office saves and deletes through the actions, like the pages: the same rules
(the life cycle's steps among them), history rows and co-financing total. Documents are
uploaded through the pages only, where their type is checked by content.
"""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samverkan.lib.actions import RuleViolation

from . import actions
from .models import (
    Application,
    ApplicationAttachment,
    CoFinancing,
    GrantAgreement,
    PaymentClaim,
    ReportDue,
)


class CoFinancingInline(admin.TabularInline):
    model = CoFinancing
    fields = ["body", "amount_sek", "decision", "note"]
    raw_id_fields = ["body", "decision"]
    extra = 0


class GrantAgreementInline(admin.TabularInline):
    model = GrantAgreement
    fields = ["signed_on", "reference", "amount"]
    extra = 0


class PaymentClaimInline(admin.TabularInline):
    model = PaymentClaim
    fields = ["amount", "submitted_on", "paid_on", "paid_amount"]
    extra = 0


class ReportDueInline(admin.TabularInline):
    model = ReportDue
    fields = ["kind", "due_on", "submitted_on"]
    extra = 0


class ApplicationAttachmentInline(admin.TabularInline):
    model = ApplicationAttachment
    fields = ["title", "original_name", "content_type", "size"]
    readonly_fields = ["original_name", "content_type", "size"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


class ApplicationAdminForm(forms.ModelForm):
    """The back office's form: the life cycle's steps shown as a form error, as on the page."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "status" in cleaned:
            before = Application.objects.filter(pk=self.instance.pk).values_list(
                "status", flat=True
            )
            try:
                actions.check_transition(before.first(), cleaned["status"])
            except RuleViolation as violation:
                self.add_error("status", violation.message)
        return cleaned


def _values(form, obj) -> dict:
    names = {field.name for field in obj._meta.concrete_fields} | {
        field.name for field in obj._meta.many_to_many
    }
    return {name: value for name, value in form.cleaned_data.items() if name in names}


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    form = ApplicationAdminForm

    list_display = [
        "title",
        "lead_body",
        "status",
        "submitted_on",
        "decided_on",
        "amount_applied_sek",
        "amount_granted_sek",
        "municipality",
        "is_demo",
    ]
    list_filter = ["status", "currency", "is_demo", "municipality"]
    search_fields = ["title", "programme_name", "funder_reference"]
    readonly_fields = [
        "version",
        "amount_applied_sek",
        "amount_granted_sek",
        "co_financing_sek",
    ]
    raw_id_fields = ["call", "programme", "lead_body", "municipal_decision"]
    filter_horizontal = ["partners"]
    inlines = [
        CoFinancingInline,
        GrantAgreementInline,
        PaymentClaimInline,
        ReportDueInline,
        ApplicationAttachmentInline,
    ]

    def save_model(self, request, obj, form, change):
        values = _values(form, obj)
        if change:
            actions.update_application(obj, values, expected_version=None, acting_user=request.user)
            return
        municipality = values.pop("municipality", None) or obj.municipality
        created = actions.create_application(
            values, municipality=municipality, acting_user=request.user
        )
        # The admin goes on with its own instance (inlines, the log, the redirect).
        obj.pk, obj.version = created.pk, created.version
        obj._state.adding = False

    def delete_model(self, request, obj):
        actions.delete_application(obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        """Inline rows through the actions: added, changed and deleted like on the page."""
        application = form.instance
        # What the admin's change message lists (formset.save() would set them).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row_form in formset.forms:
            record = row_form.instance
            if row_form in formset.deleted_forms:
                if record.pk is not None:
                    actions.delete_part(record, acting_user=request.user)
                    formset.deleted_objects.append(record)
                continue
            if not row_form.has_changed():
                continue
            values = {
                name: row_form.cleaned_data[name]
                for name in row_form._meta.fields or []
                if name in row_form.cleaned_data
            }
            if record.pk is None:
                added = actions.add_part(
                    application, type(record), values, acting_user=request.user
                )
                formset.new_objects.append(added)
            else:
                actions.update_part(record, values, expected_version=None, acting_user=request.user)
                formset.changed_objects.append((record, row_form.changed_data))
