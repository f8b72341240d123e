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
from samverkan.organisation.actions import set_data_protection_officer
from samverkan.organisation.forms import DataProtectionOfficerForm

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


def _data_protection_officer(request):
    """The administrator's form for the data protection officer's contact, on this page;
    (form, saved) — saved when a valid one was posted."""
    municipality = request.municipality
    if not request.user.has_perm("samverkan.manage_users", municipality):
        return None, False
    posted = request.method == "POST" and any(
        key.startswith(DataProtectionOfficerForm.prefix + "-") for key in request.POST
    )
    form = DataProtectionOfficerForm(request.POST if posted else None, instance=municipality)
    if not posted or not form.is_valid():
        return form, False
    _saved, ok = run_action(
        form,
        lambda: set_data_protection_officer(
            municipality,
            form.cleaned_data["data_protection_officer"],
            acting_user=request.user,
        ),
    )
    return form, ok


@login_required
def register_settings(request):
    settings = RegisterSettings.for_municipality(request.municipality)
    require(request, "samverkan.manage_structure", settings)
    officer_form, officer_saved = _data_protection_officer(request)
    if officer_saved:
        messages.success(request, _("The data protection officer was saved."))
        return redirect("register-settings")
    # The page has two forms; the settings' is the one posted unless the officer's was.
    posted = request.method == "POST" and not (officer_form is not None and officer_form.is_bound)
    form = RegisterSettingsForm(
        request.POST if posted else None, instance=settings, municipality=request.municipality
    )
    conflict = None
    if posted and form.is_valid():
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
        {
            "form": form,
            "conflict": conflict,
            "title": _("Register settings"),
            "officer_form": officer_form,
        },
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
