from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from samverkan.lib.views import require

from . import access
from .models import layers_in_force
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
            "indicators": policy.indicators.select_related("clause"),
            "review_overdue": policy.is_review_overdue(timezone.localdate()),
            "chapters": sections_for(request.municipality),
        },
    )


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
