"""The registries on the start page: a few counts, and a warning when a rule is broken."""

from django import template
from django.utils import timezone

from samverkan.lib import changes
from samverkan.organisation import tenancy

from ..authority import violations
from ..models import Agreement, Decision, NetworkMembership, TwinTown
from ..views.agreements import _due_q

register = template.Library()


@register.inclusion_tag("registry/includes/summary.html", takes_context=True)
def registry_summary(context, broken_rules=None):
    """`broken_rules`: the number of violations when the page has counted them already."""
    request = context["request"]
    today = timezone.localdate()

    def counts() -> dict:
        memberships = tenancy.scoped(request, NetworkMembership).filter(started_on__lte=today)
        return {
            "active_twin_towns": tenancy.scoped(request, TwinTown)
            .filter(status=TwinTown.Status.ACTIVE)
            .count(),
            "agreements_due": tenancy.scoped(request, Agreement).filter(_due_q(today)).count(),
            "active_memberships": memberships.exclude(ended_on__lt=today).count(),
            "decisions_this_year": tenancy.scoped(request, Decision)
            .filter(year=today.year)
            .count(),
        }

    # Changed only by actions (an agreement's parties are marked too): kept under the data
    # version, per day (what is due or active depends on the date).
    return {
        **changes.cached(request.municipality.pk, f"registry-summary:{today}", counts),
        "broken_rules": len(violations(request.municipality.pk))
        if broken_rules in (None, "")
        else broken_rules,
    }
