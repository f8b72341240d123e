"""Applications in the back office for administrators; caseworkers use the pages.

Documents are uploaded through the pages only, where their type is checked by content.
The co-financing total follows its rows by signals, inline edits included.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from samverkan.registry.admin import TenantInlinesMixin

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


@admin.register(Application)
class ApplicationAdmin(TenantInlinesMixin, SimpleHistoryAdmin):
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
