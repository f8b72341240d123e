from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.history.display import history_entries
from samverkan.lib.views import confirm_delete, form_page, paginate, require

from . import access, actions, tenancy
from .forms import BodyForm, CommitteeBodyForm, GoalForm
from .models import Body, Goal


@login_required
@require_POST
def switch_municipality(request):
    memberships = getattr(request.user, "_samverkan_roles", {})
    try:
        municipality_id = int(request.POST.get("municipality", ""))
    except ValueError:
        municipality_id = None
    if municipality_id not in memberships:
        messages.error(request, _("You have no role in that municipality."))
    else:
        request.session[tenancy.SESSION_KEY] = municipality_id
    return redirect("home")


# Decision bodies ---------------------------------------------------------------------


@login_required
def body_list(request):
    require(request, "samverkan.view_record", request.municipality)
    bodies = tenancy.scoped(request, Body)
    query = request.GET.get("q", "").strip()
    if query:
        bodies = bodies.filter(name__icontains=query)
    kind = request.GET.get("kind", "")
    if kind in Body.Kind.values:
        bodies = bodies.filter(kind=kind)
    return TemplateResponse(
        request,
        "organisation/body_list.html",
        {
            "page": paginate(request, bodies),
            "query": query,
            "kind": kind,
            "kinds": Body.Kind.choices,
            "can_add": request.user.has_perm("samverkan.manage_structure", request.municipality),
        },
    )


@login_required
def body_detail(request, pk):
    body = access.get_body_for(request, pk)
    return TemplateResponse(
        request,
        "organisation/body_detail.html",
        {
            "body": body,
            "history": history_entries(body),
            "can_change": request.user.has_perm("samverkan.change_record", body),
            "can_delete": request.user.has_perm("samverkan.manage_structure", body),
        },
    )


@login_required
def body_create(request):
    body = Body(municipality=request.municipality)
    require(request, "samverkan.manage_structure", body)
    form = BodyForm(request.POST or None, instance=body)
    return form_page(
        request,
        form,
        save=lambda form: actions.create_body(
            request.municipality, form.changes(), acting_user=request.user
        ),
        title=_("New decision body"),
        cancel_url=reverse("body-list"),
        saved_message=_("The body was saved."),
        detail_url_name="body-detail",
    )


@login_required
def body_edit(request, pk):
    body = access.get_body_for(request, pk, perm="samverkan.change_record")
    # A committee editor may describe their committee, not rename or re-kind it.
    form_class = (
        BodyForm if request.user.has_perm("samverkan.manage_structure", body) else CommitteeBodyForm
    )
    form = form_class(request.POST or None, instance=body)
    return form_page(
        request,
        form,
        save=lambda form: actions.update_body(
            body, form.changes(), expected_version=form.expected_version, acting_user=request.user
        ),
        title=_("Edit %(name)s") % {"name": body.name},
        cancel_url=reverse("body-detail", args=[body.pk]),
        saved_message=_("The body was saved."),
        detail_url_name="body-detail",
    )


@login_required
def body_delete(request, pk):
    body = access.get_body_for(request, pk, perm="samverkan.manage_structure")
    return confirm_delete(
        request,
        body,
        reverse("body-list"),
        reverse("body-detail", args=[pk]),
        delete=lambda body: actions.delete_body(body, acting_user=request.user),
    )


# Development programme (LUP) goals ---------------------------------------------------


@login_required
def goal_list(request):
    require(request, "samverkan.view_record", request.municipality)
    goals = list(tenancy.scoped(request, Goal).order_by("code", "title"))
    year = request.GET.get("year", "")
    if year.isdigit():
        goals = [goal for goal in goals if goal.applies_in(int(year))]
    # Build the tree in Python: one query whatever the number of goals.
    children: dict[int | None, list[Goal]] = {}
    ids = {goal.pk for goal in goals}
    for goal in goals:
        parent = goal.parent_id if goal.parent_id in ids else None
        children.setdefault(parent, []).append(goal)

    def subtree(parent_id):
        return [
            {"goal": goal, "children": subtree(goal.pk)} for goal in children.get(parent_id, [])
        ]

    return TemplateResponse(
        request,
        "organisation/goal_list.html",
        {
            "tree": subtree(None),
            "year": year,
            "count": len(goals),
            "can_add": request.user.has_perm("samverkan.manage_structure", request.municipality),
        },
    )


@login_required
def goal_detail(request, pk):
    goal = access.get_goal_for(request, pk)
    return TemplateResponse(
        request,
        "organisation/goal_detail.html",
        {
            "goal": goal,
            "children": goal.children.all(),
            "history": history_entries(goal),
            "can_change": request.user.has_perm("samverkan.manage_structure", goal),
        },
    )


def _goal_form(request, instance):
    form = GoalForm(
        request.POST or None, instance=instance, parent_queryset=tenancy.scoped(request, Goal)
    )
    form.extra_kwargs = {"parent_queryset": tenancy.scoped(request, Goal)}
    return form


@login_required
def goal_create(request):
    goal = Goal(municipality=request.municipality)
    require(request, "samverkan.manage_structure", goal)
    form = _goal_form(request, goal)
    return form_page(
        request,
        form,
        save=lambda form: actions.create_goal(
            request.municipality, form.changes(), acting_user=request.user
        ),
        title=_("New goal"),
        cancel_url=reverse("goal-list"),
        saved_message=_("The goal was saved."),
        detail_url_name="goal-detail",
    )


@login_required
def goal_edit(request, pk):
    goal = access.get_goal_for(request, pk, perm="samverkan.manage_structure")
    form = _goal_form(request, goal)
    return form_page(
        request,
        form,
        save=lambda form: actions.update_goal(
            goal, form.changes(), expected_version=form.expected_version, acting_user=request.user
        ),
        title=_("Edit %(name)s") % {"name": goal},
        cancel_url=reverse("goal-detail", args=[goal.pk]),
        saved_message=_("The goal was saved."),
        detail_url_name="goal-detail",
    )


@login_required
def goal_delete(request, pk):
    goal = access.get_goal_for(request, pk, perm="samverkan.manage_structure")
    return confirm_delete(
        request,
        goal,
        reverse("goal-list"),
        reverse("goal-detail", args=[pk]),
        delete=lambda goal: actions.delete_goal(goal, acting_user=request.user),
    )


# Error pages: the same layout as every other page -----------------------------------


def page_not_found(request, exception=None):
    return TemplateResponse(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    return TemplateResponse(request, "errors/403.html", status=403)


def bad_request(request, exception=None):
    return TemplateResponse(request, "errors/400.html", status=400)
