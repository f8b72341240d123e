from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Clause, DecisionRule, Indicator, PolicyDocument


class ClauseInline(admin.TabularInline):
    model = Clause
    fields = ["key", "section", "order", "summary"]
    extra = 0
    show_change_link = True


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality", "decided_on", "registration_number"]
    list_filter = ["municipality"]
    readonly_fields = ["version"]
    inlines = [ClauseInline]


@admin.register(Clause)
class ClauseAdmin(SimpleHistoryAdmin):
    list_display = ["key", "summary", "section", "policy"]
    list_filter = ["section", "municipality"]
    readonly_fields = ["version"]


@admin.register(DecisionRule)
class DecisionRuleAdmin(SimpleHistoryAdmin):
    list_display = ["decision_type", "label", "authorised_body_kind", "clause", "policy"]
    list_filter = ["authorised_body_kind", "municipality"]
    readonly_fields = ["version"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["key", "clause", "comparison", "target", "unit", "policy"]
    list_filter = ["municipality"]
    readonly_fields = ["version"]
