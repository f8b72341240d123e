"""The yearly accounts in the back office, for administrators: read and look up, not the workflow.

Status, decisions and frozen figures change only through the pages and the API (the
workflow's functions record who and why), so they are read-only here.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccountRound, YearlyAccount


@admin.register(AccountRound)
class AccountRoundAdmin(SimpleHistoryAdmin):
    list_display = ["year", "municipality", "deadline", "opened_by", "opened_at"]
    list_filter = ["municipality"]
    readonly_fields = ["opened_by", "opened_at"]


@admin.register(YearlyAccount)
class YearlyAccountAdmin(SimpleHistoryAdmin):
    list_display = ["body", "round", "status", "reporter", "approved_at"]
    list_filter = ["status", "round__year", "municipality"]
    search_fields = ["body__name"]
    readonly_fields = [
        "status",
        "decision_date",
        "decision_paragraph",
        "decision",
        "frozen_figures",
        "submitted_at",
        "submitted_by",
        "approved_at",
        "approved_by",
        "return_comment",
    ]
    list_select_related = ["body", "round", "reporter"]
