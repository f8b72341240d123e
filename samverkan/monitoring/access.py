"""The one way pages and the API fetch the monitoring app's records.

Each `get_<record>_for(request, pk)` answers 404 for another municipality's record (or a
missing one) and 403 for one the user may not `perm`; the querysets are scoped to the
request's municipality and carry what the pages and the API show.
"""

from django.db.models import Prefetch

from samverkan.organisation import tenancy

from .models import CalendarFeed, InfluenceAction, SubjectArea, WatchItem


def watch_items_for(request):
    return tenancy.scoped(request, WatchItem).select_related(
        "subject_area", "committee", "responsible_person"
    )


def get_watch_item_for(request, pk, *, perm="samverkan.view_record", with_actions=False):
    """A watch item; `with_actions` fetches its influence actions (and channels) with it."""
    queryset = watch_items_for(request)
    if with_actions:
        queryset = queryset.prefetch_related(
            Prefetch("actions", queryset=InfluenceAction.objects.select_related("channel"))
        )
    return tenancy.get_for(request, WatchItem, pk, queryset=queryset, perm=perm)


def influence_actions_for(request, watch_item=None):
    queryset = tenancy.scoped(request, InfluenceAction).select_related(
        "watch_item", "channel", "contact"
    )
    if watch_item is not None:
        queryset = queryset.filter(watch_item=watch_item)
    return queryset


def get_influence_action_for(request, pk, *, perm="samverkan.view_record", watch_item=None):
    """An influence action (of `watch_item`, when given: the API's sub-resource)."""
    return tenancy.get_for(
        request,
        InfluenceAction,
        pk,
        queryset=influence_actions_for(request, watch_item),
        perm=perm,
    )


def subject_areas_for(request):
    return tenancy.scoped(request, SubjectArea)


def get_subject_area_for(request, pk, *, perm="samverkan.manage_structure") -> SubjectArea:
    return tenancy.get_for(request, SubjectArea, pk, queryset=subject_areas_for(request), perm=perm)


def active_feed(user) -> CalendarFeed | None:
    """The user's own calendar address, if they have one (a feed belongs to its user only)."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def revoked_feed_count(user) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=False).count()
