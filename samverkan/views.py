"""The site's own pages, above every app (ADR 5): the start page."""

from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone

from samverkan.organisation import tenancy
from samverkan.organisation.models import Body, Goal
from samverkan.policy.access import policies_for


def home(request):
    context = {}
    if request.municipality is not None:
        policy = policies_for(request).first()
        context.update(
            policy=policy,
            review_overdue=policy.is_review_overdue(timezone.localdate()) if policy else False,
            body_counts=dict(
                tenancy.scoped(request, Body)
                .values_list("kind")
                .annotate(n=Count("id"))
                .values_list("kind", "n")
            ),
            goal_count=tenancy.scoped(request, Goal).count(),
            own_committees=request.role_assignment.committees.all(),
        )
    return TemplateResponse(request, "organisation/home.html", context)
