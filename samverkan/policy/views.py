from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from samverkan.lib.actions import RuleViolation
from samverkan.lib.views import require
from samverkan.organisation.models import Municipality

from . import access, actions, vocabulary
from .forms import SetupMunicipalityForm
from .models import layers_in_force
from .pack import PackError
from .sections import sections_for, sections_of


@login_required
def policy_list(request):
    require(request, "samverkan.view_record", request.municipality)
    return TemplateResponse(
        request,
        "policy/policy_list.html",
        {
            "policies": access.policies_for(request).select_related("supplements"),
            "in_force": {layer.pk for layer in layers_in_force(request.municipality.pk)},
            "today": timezone.localdate(),
            "chapters": sections_for(request.municipality),
        },
    )


@login_required
def policy_detail(request, pk):
    policy = access.get_policy_for(request, pk)
    clauses = policy.clauses.all()
    sections = [
        {"key": key, "label": label, "clauses": [c for c in clauses if c.section == key]}
        for key, label in sections_of(policy)
    ]
    return TemplateResponse(
        request,
        "policy/policy_detail.html",
        {
            "policy": policy,
            "sections": sections,
            "rules": policy.decision_rules.select_related("clause"),
            "delegations": _with_labels(policy.delegations.select_related("clause")),
            "time_rules": policy.time_rules.select_related("clause"),
            "shared_by": list(
                Municipality.objects.filter(code__in=policy.shared_with).values_list(
                    "name", flat=True
                )
            ),
            "indicators": policy.indicators.select_related("clause"),
            "review_overdue": policy.is_review_overdue(timezone.localdate()),
            "chapters": sections_for(request.municipality),
        },
    )


def _with_labels(delegations):
    types = vocabulary.decision_types()
    for delegation in delegations:
        delegation.labels = [types.get(key, key) for key in delegation.decision_types]
    return delegations


@login_required
def section(request, key):
    labels = dict(sections_for(request.municipality))
    if key not in labels:
        raise Http404("No such section")
    require(request, "samverkan.view_record", request.municipality)
    clauses = (
        access.clauses_for(request)
        .filter(section=key)
        .select_related("policy")
        .order_by("policy", "order")
    )
    return TemplateResponse(
        request,
        "policy/section.html",
        {
            "section_key": key,
            "section_label": labels[key],
            "chapters": list(labels.items()),
            "clauses": clauses,
            "can_see_contacts": request.user.has_perm(
                "samverkan.view_personal_data", request.municipality
            ),
            "can_manage": request.user.has_perm("samverkan.manage_structure", request.municipality),
        },
    )


@login_required
def setup_municipality(request):
    """The platform operator prepares a municipality: what `samverkan setup_municipality`
    does, as a page. Only an operator (superuser) of the installation may."""
    if not request.user.is_superuser:
        raise PermissionDenied
    form = SetupMunicipalityForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document, made, assignment = actions.set_up_municipality(
                data["municipality"],
                data["pack"],
                admin=data["admin_user"],
                email=data["email"],
                acting_user=request.user,
            )
        except PackError as error:
            form.add_error(None, list(error.problems))
        except RuleViolation as violation:
            for field, message in violation.errors:
                form.add_error(field if field in form.fields else None, message)
        else:
            result = {
                "municipality": data["municipality"],
                "document": document,
                "bodies": made,
                "assignment": assignment,
                "invited": assignment is not None and not assignment.user.has_usable_password(),
            }
    return TemplateResponse(
        request,
        "policy/setup_municipality.html",
        {"form": form, "result": result},
        status=400 if request.method == "POST" and result is None else 200,
    )
