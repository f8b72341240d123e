"""People and roles: the municipality's administrator invites, changes, removes and
deactivates, and sees who did what when. Thin pages over organisation.actions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverkan.lib.actions import RuleViolation
from samverkan.lib.views import paginate, require, run_action

from . import access, actions
from .models import Body, Role, RoleAssignment


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)
    committees = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Committees (for a committee editor)"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committees"].queryset = Body.objects.for_municipality(municipality).filter(
            kind=Body.Kind.COMMITTEE
        )


class InviteForm(RoleForm):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    field_order = ["email", "first_name", "last_name", "role", "committees"]


@login_required
def people_list(request):
    require(request, "samverkan.manage_users", request.municipality)
    assignments = access.role_assignments_for(request).order_by(
        "user__last_name", "user__first_name", "pk"
    )
    query = request.GET.get("q", "").strip()
    if query:
        assignments = assignments.filter(
            Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(user__username__icontains=query)
        )
    role = request.GET.get("role", "")
    if role in Role.values:
        assignments = assignments.filter(role=role)
    history = (
        RoleAssignment.history.filter(municipality_id=request.municipality.pk)
        .select_related("history_user", "user")
        .order_by("-history_date")[:20]
    )
    return TemplateResponse(
        request,
        "organisation/people_list.html",
        {
            "page": paginate(request, assignments),
            "query": query,
            "role": role,
            "roles": Role.choices,
            "history": history,
        },
    )


@login_required
def people_invite(request):
    require(request, "samverkan.manage_users", request.municipality)
    form = InviteForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assignment, ok = run_action(
            form,
            lambda: actions.invite_user(
                request.municipality,
                email=data["email"],
                role=data["role"],
                committees=data["committees"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                acting_user=request.user,
            ),
        )
        if ok:
            messages.success(
                request,
                _("%(email)s was given the role and an e-mail about it.")
                % {"email": assignment.user.email},
            )
            return redirect("people-list")
    return TemplateResponse(
        request,
        "organisation/edit.html",
        {"form": form, "title": _("Invite a person"), "cancel_url": reverse("people-list")},
    )


@login_required
def people_role(request, pk):
    assignment = access.get_role_assignment_for(request, pk)
    form = RoleForm(
        request.POST or None,
        municipality=request.municipality,
        initial={"role": assignment.role, "committees": list(assignment.committees.all())},
    )
    if request.method == "POST" and form.is_valid():
        _done, ok = run_action(
            form,
            lambda: actions.change_role(
                assignment,
                role=form.cleaned_data["role"],
                committees=form.cleaned_data["committees"],
                acting_user=request.user,
            ),
        )
        if ok:
            messages.success(request, _("The role was changed."))
            return redirect("people-list")
    return TemplateResponse(
        request,
        "organisation/edit.html",
        {
            "form": form,
            "title": _("Role of %(person)s") % {"person": _name(assignment.user)},
            "cancel_url": reverse("people-list"),
        },
    )


def _name(user) -> str:
    return user.get_full_name() or user.email or user.get_username()


def _act(request, action, done_message):
    try:
        action()
    except RuleViolation as violation:
        messages.error(request, violation.message)
    else:
        messages.success(request, done_message)
    return redirect("people-list")


@login_required
@require_POST
def people_remove(request, pk):
    assignment = access.get_role_assignment_for(request, pk)
    return _act(
        request,
        lambda: actions.remove_role(assignment, acting_user=request.user),
        _("%(person)s no longer has a role here.") % {"person": _name(assignment.user)},
    )


@login_required
@require_POST
def people_deactivate(request, pk):
    assignment = access.get_role_assignment_for(request, pk)
    return _act(
        request,
        lambda: actions.deactivate_user(
            assignment.user, acting_user=request.user, municipality=request.municipality
        ),
        _("%(person)s can no longer sign in.") % {"person": _name(assignment.user)},
    )
