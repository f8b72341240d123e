"""Small helpers that keep views to HTTP glue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from samverkan.lib.forms import save_form_versioned
from samverkan.lib.versioning import VersionConflict


def require(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def paginate(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def save_form_or_conflict(request, form):
    """Save a valid VersionedModelForm; on a conflict return (new form, conflict) to show both.

    New records are saved as usual. For existing ones the version the editor opened is
    checked in the same UPDATE that writes, so a stale edit never overwrites a newer one.
    Returns (form, conflict); conflict is None when the record was saved.
    """
    instance = form.instance
    if instance._state.adding:
        form.save()
        return form, None
    try:
        save_form_versioned(form, expected_version=form.cleaned_data["opened_version"])
    except VersionConflict as error:
        current = error.current
        latest = current.history.select_related("history_user").first()
        # Compare before the new form is validated: validation writes into its instance.
        conflict = {
            "rows": form.changed_values(current),
            "who": latest.history_user if latest else None,
        }
        data = request.POST.copy()
        data["opened_version"] = current.version
        fresh = type(form)(data, instance=current, **getattr(form, "extra_kwargs", {}))
        fresh.is_valid()
        return fresh, conflict
    return form, None


def confirm_delete(request, obj, done_url, cancel_url):
    """Ask, then move `obj` to the trash; a record still in use is kept, with a message."""
    from samverkan.history.actions import delete_record

    if request.method == "POST":
        try:
            delete_record(obj, acting_user=request.user)
        except (ProtectedError, RestrictedError):
            messages.error(
                request,
                _("%(record)s is still in use and cannot be deleted.") % {"record": obj},
            )
            return redirect(cancel_url)
        messages.success(
            request,
            _("%(record)s was moved to the trash. An administrator can restore it.")
            % {"record": obj},
        )
        return redirect(done_url)
    return TemplateResponse(
        request, "organisation/confirm_delete.html", {"object": obj, "cancel_url": cancel_url}
    )


def form_page(
    request,
    form,
    *,
    title,
    cancel_url,
    saved_message,
    detail_url_name=None,
    success_url=None,
    template="organisation/edit.html",
    context=None,
):
    """The create/edit page of a record: save a valid POST and go to the record's page
    (`detail_url_name`), or to `success_url` for records without a page of their own.

    A new record is saved as usual; an existing one only if nobody else saved it since
    the editor opened it (otherwise the page comes back with 409 and both versions).
    """
    conflict = None
    if request.method == "POST" and form.is_valid():
        form, conflict = save_form_or_conflict(request, form)
        if conflict is None:
            messages.success(request, saved_message)
            if success_url:
                return redirect(success_url)
            return redirect(detail_url_name, pk=form.instance.pk)
    return TemplateResponse(
        request,
        template,
        {
            "form": form,
            "conflict": conflict,
            "title": title,
            "cancel_url": cancel_url,
            **(context or {}),
        },
        status=409 if conflict else 200,
    )
