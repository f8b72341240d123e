"""The one way pages and the API fetch the funding app's records.

Programmes, calls and watch profiles are the municipality's (404 for another's, 403 for
a right the user lacks); a saved search is its owner's alone: another user's answers 404
like a missing one.
"""

from samverkan.organisation import tenancy

from .models import Call, Programme, SavedSearch, WatchProfile


def programmes_for(request):
    return tenancy.scoped(request, Programme)


def get_programme_for(request, pk, *, perm="samverkan.view_record") -> Programme:
    return tenancy.get_for(request, Programme, pk, perm=perm)


def calls_for(request):
    """The municipality's calls with their programme and mark (what the pages show)."""
    return tenancy.scoped(request, Call).select_related("programme", "mark")


def get_call_for(request, pk, *, perm="samverkan.view_record", queryset=None) -> Call:
    queryset = calls_for(request) if queryset is None else queryset
    return tenancy.get_for(request, Call, pk, queryset=queryset, perm=perm)


def saved_searches_for(request):
    """The caller's own saved searches."""
    return tenancy.scoped(request, SavedSearch).filter(owner=request.user)


def get_saved_search_for(request, pk) -> SavedSearch:
    return tenancy.get_for(
        request, SavedSearch, pk, queryset=saved_searches_for(request), perm=None
    )


def watch_profiles_for(request):
    return tenancy.scoped(request, WatchProfile).select_related("goal")


def get_watch_profile_for(request, pk, *, perm="samverkan.manage_programmes") -> WatchProfile:
    return tenancy.get_for(request, WatchProfile, pk, perm=perm)
