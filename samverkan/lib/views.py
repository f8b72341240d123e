"""Small helpers that keep views to HTTP glue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .actions import RuleViolation, StillInUse, VersionConflict


def require(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def paginate(request, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def run_action(form, action):
    """Run `action()` for a valid form; a RuleViolation becomes the form's errors.

    Returns (result, ok). VersionConflict and PermissionDenied pass through.
    """
    try:
        return action(), True
    except RuleViolation as violation:
        for field, message in violation.errors:
            form.add_error(field if field in form.fields else None, message)
        return None, False


def conflict_context(request, form, current):
    """A form refilled with what the editor sent, over the record as it is now, and the
    field-by-field difference, for a page that answers 409."""
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


def confirm_delete(request, obj, done_url, cancel_url, *, delete):
    """Ask, then run `delete(obj)` (the app's delete action, which moves it to the trash);
    a record still in use is kept, with a message."""
    if request.method == "POST":
        try:
            delete(obj)
        except StillInUse as error:
            messages.error(request, error.message)
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
    save,
    title,
    cancel_url,
    saved_message,
    detail_url_name=None,
    success_url=None,
    template="organisation/edit.html",
    context=None,
):
    """The create/edit page of a record: on a valid POST run `save(form)` (the app's
    action, returning the record) and go to the record's page (`detail_url_name`), or
    to `success_url` for records without a page of their own.

    The action refuses a change the rules do not allow (shown in the form) and a stale
    edit (the page comes back with 409 and both versions).
    """
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            record, ok = run_action(form, lambda: save(form))
        except VersionConflict as error:
            form, conflict = conflict_context(request, form, error.current)
            ok = False
        if ok:
            messages.success(request, saved_message)
            if success_url:
                return redirect(success_url)
            return redirect(detail_url_name, pk=record.pk)
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
