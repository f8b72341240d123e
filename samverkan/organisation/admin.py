"""The back office of the platform operator; municipalities work in the pages.

Only operators (superusers, who belong to no municipality) enter /admin/: it shows every
municipality's records, so a municipality's administrator, even one marked as staff,
never does.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, County, Goal, Municipality, RoleAssignment


def _operators_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _operators_only


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "county", "default_language"]
    list_filter = ["county"]
    search_fields = ["name", "code"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "municipality", "administration"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "administration"]
    readonly_fields = ["version"]


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "level", "municipality", "valid_from_year", "valid_to_year"]
    list_filter = ["level", "municipality"]
    search_fields = ["title", "code"]
    readonly_fields = ["version"]
    autocomplete_fields = ["parent"]


@admin.register(RoleAssignment)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "municipality", "role"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "municipality"]
    filter_horizontal = ["committees"]
