"""Records scoped to the request's municipality (set by organisation.tenancy.activate).

`scoped()` lists, `get_for()` fetches one protected record: another municipality's id
answers 404 like a missing one, a permission the user lacks 403. Each app's access.py
names them per record; organisation.tenancy offers them beside the activation.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404


def scoped(request, model):
    """All rows of `model` that belong to the request's municipality."""
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        return model.objects.none()
    return model.objects.for_municipality(municipality)


def get_for(request, model, pk, *, queryset=None, perm: str | None = "samverkan.view_record"):
    """The one way pages and API fetch a protected record: each app's access helpers
    (`get_<record>_for`) call this with their queryset.

    Another municipality's record answers 404 like a missing one; a record of the
    user's own municipality that the user may not `perm` answers 403.
    """
    record = get_scoped_or_404(request, model, pk, queryset)
    if perm and not request.user.has_perm(perm, record):
        raise PermissionDenied
    return record


def get_scoped_or_404(request, model, pk, queryset=None):
    queryset = scoped(request, model) if queryset is None else queryset
    try:
        return queryset.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {model._meta.verbose_name} with id {pk}") from None
