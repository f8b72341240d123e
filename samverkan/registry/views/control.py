"""The control log, the list of rule violations, the register settings and the record of
processing activities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.lib.actions import VersionConflict
from samverkan.lib.views import conflict_context, require, run_action

from .. import access, actions, authority, processing
from ..forms import ControlLogEntryForm, RegisterSettingsForm
from ..links import record_url
from ..models import (
    RegisterSettings,
)


@login_required
def controllog_create(request, kind, pk):
    model = access.CONTROLLED.get(kind)
    if model is None:
        raise Http404
    item = access.get_controlled_item_for(request, model, pk, perm="samverkan.change_record")
    form = ControlLogEntryForm(
        request.POST or None,
        municipality=request.municipality,
        initial={
            "reviewed_on": timezone.localdate(),
            "reviewed_by": actions.reviewer_name(request.user),
        },
    )
    back = record_url(item) or reverse("rule-violations")
    if request.method == "POST" and form.is_valid():
        _entry, ok = run_action(
            form,
            lambda: actions.record_review(item, acting_user=request.user, **form.changes()),
        )
        if ok:
            messages.success(request, _("The review was added to the control log."))
            return redirect(back)
    return TemplateResponse(
        request,
        "organisation/edit.html",
        {
            "form": form,
            "title": _("Record a review of %(item)s") % {"item": item},
            "cancel_url": back,
        },
    )


@login_required
def rule_violations(request):
    """Every record that breaks the decision rules, never hidden."""
    require(request, "samverkan.view_record", request.municipality)
    rows = [
        {
            "record": violation.record,
            "kind": violation.record._meta.verbose_name,
            "message": violation.message,
            "url": record_url(violation.record),
        }
        for violation in authority.violations(request.municipality.pk)
    ]
    return TemplateResponse(request, "registry/violations.html", {"violations": rows})


@login_required
def register_settings(request):
    settings = RegisterSettings.for_municipality(request.municipality)
    require(request, "samverkan.manage_structure", settings)
    form = RegisterSettingsForm(
        request.POST or None, instance=settings, municipality=request.municipality
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            _saved, ok = run_action(
                form,
                lambda: actions.save_register_settings(
                    settings,
                    form.changes(),
                    expected_version=form.expected_version,
                    acting_user=request.user,
                ),
            )
        except VersionConflict as error:
            form, conflict = conflict_context(request, form, error.current)
            ok = False
        if ok:
            messages.success(request, _("The register settings were saved."))
            return redirect("register-settings")
    return TemplateResponse(
        request,
        "registry/settings.html",
        {"form": form, "conflict": conflict, "title": _("Register settings")},
        status=409 if conflict else 200,
    )


@login_required
def record_of_processing(request):
    """The record of processing activities (GDPR art. 30), for the administrator to print."""
    require(request, "samverkan.manage_users", request.municipality)
    return TemplateResponse(
        request,
        "registry/processing.html",
        {"record": processing.record_of_processing(request.municipality)},
    )
