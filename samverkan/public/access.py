"""The one way the public side reads a municipality's records: public ones, for anyone.

A visitor has no municipality of their own and no role, so the apps' access helpers are
asked on behalf of `Visitor(municipality)`: an anonymous user in the municipality whose
pages are read. Their querysets stay scoped to it, and every rule that keeps personal
data from those without a role (registry.access.visible_partners) holds here too. What
is left out on top of that, whatever a municipality publishes:

- contacts, participants and partners that are persons (citizens): never read here;
- internal records: activities not marked public, control logs, dialogue notes,
  participation logs and value reviews, yearly accounts of years not approved;
- confidential documents (no document is published at all);
- internal fields: each register's public fields are listed in samverkan.public.data.

A record that is not public answers 404 like a missing one (never 403: that would
confirm that it exists).
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from samverkan.activities import access as activities_access
from samverkan.activities.models import ActivityCountry, FundingLine
from samverkan.followup import access as followup_access
from samverkan.followup.models import AccountRound, YearlyAccount
from samverkan.organisation.models import Goal, Municipality, RoleAssignment
from samverkan.policy import access as policy_access
from samverkan.policy.models import Clause, layers_in_force
from samverkan.registry import access as registry_access
from samverkan.registry.models import MembershipFee, Partner

from .models import PublicationSettings


@dataclass
class Visitor:
    """A request-like reader for the apps' access helpers: anonymous, in `municipality`."""

    municipality: Municipality
    user: AnonymousUser = field(default_factory=AnonymousUser)


# Municipalities ---------------------------------------------------------------------


def _settings_by_municipality(municipalities) -> dict[int, PublicationSettings]:
    rows = PublicationSettings.objects.filter(municipality__in=municipalities)
    return {row.municipality_id: row for row in rows}


def publishing_municipalities() -> list[tuple[Municipality, PublicationSettings]]:
    """The municipalities that use this installation (someone has a role there) and publish
    at least one register, by name, each with its settings."""
    municipalities = list(_in_use().order_by("name"))
    found = _settings_by_municipality(municipalities)
    pairs = [(m, found.get(m.pk) or PublicationSettings(municipality=m)) for m in municipalities]
    return [(m, s) for m, s in pairs if s.publishes_anything]


def _in_use():
    """Municipalities someone has a role in, without their policy pack's texts (the public
    pages do not show them, and a national installation lists 290)."""
    return (
        Municipality.objects.filter(pk__in=RoleAssignment.objects.values("municipality").distinct())
        .select_related("county")
        .defer("policy_sections", "policy_terms")
    )


def get_municipality(code: str) -> tuple[Municipality, PublicationSettings]:
    """The municipality with the kommunkod `code` and its settings; 404 unless it publishes.

    Read alone (two queries, whatever the number of municipalities), not picked out of
    `publishing_municipalities()`.
    """
    municipality = _in_use().filter(code=code).first()
    if municipality is not None:
        settings = _settings_by_municipality([municipality]).get(
            municipality.pk
        ) or PublicationSettings(municipality=municipality)
        if settings.publishes_anything:
            return municipality, settings
    raise Http404("No municipality publishes here under this code")


def require(settings: PublicationSettings, register: str) -> None:
    if not settings.publishes(register):
        raise Http404("The municipality does not publish this register")


# Partners: organisations only ---------------------------------------------------------


def public_partners(municipality):
    """Partners a visitor may see: never a person (registry.access.visible_partners)."""
    return registry_access.visible_partners(Visitor(municipality)).exclude(
        kind__in=Partner.PERSONAL_KINDS
    )


def _no_person(prefix: str) -> Q:
    return ~Q(**{f"{prefix}kind__in": Partner.PERSONAL_KINDS})


# Registers ------------------------------------------------------------------------------


def twin_towns(municipality):
    return (
        registry_access.twin_towns_for(Visitor(municipality))
        .filter(_no_person("partner__"))
        .order_by("partner__name", "pk")
    )


def memberships(municipality):
    return (
        registry_access.memberships_for(Visitor(municipality))
        .filter(_no_person("organisation__"))
        .prefetch_related(
            Prefetch("fees", queryset=MembershipFee.objects.order_by("-year")),
        )
        .order_by("organisation__name", "pk")
    )


def agreements(municipality):
    return (
        registry_access.agreements_for(Visitor(municipality))
        .prefetch_related(
            Prefetch("parties", queryset=public_partners(municipality).order_by("name"))
        )
        .order_by("title", "pk")
    )


def activities(municipality):
    """The activities marked public, with what their rows show read at once."""
    return (
        activities_access.activities_for(Visitor(municipality))
        .filter(is_public=True)
        .select_related("committee")
        .prefetch_related(
            Prefetch("countries", queryset=ActivityCountry.objects.order_by("country")),
            Prefetch("partners", queryset=public_partners(municipality).order_by("name")),
            Prefetch("goals", queryset=Goal.objects.order_by("code", "title")),
            Prefetch("funding_lines", queryset=FundingLine.objects.order_by("pk")),
        )
        .order_by("-start_date", "title", "pk")
    )


def get_activity(municipality, pk):
    """One public activity; 404 for an internal one, another municipality's or a missing one."""
    try:
        return activities(municipality).get(pk=pk)
    except (activities(municipality).model.DoesNotExist, ValueError, TypeError):
        raise Http404("No public activity with this id") from None


def policies(municipality):
    """The policy documents in force today (the main document and its supplements)."""
    in_force = [layer.pk for layer in layers_in_force(municipality.pk)]
    return (
        policy_access.policies_for(Visitor(municipality))
        .filter(pk__in=in_force)
        .prefetch_related(Prefetch("clauses", queryset=Clause.objects.order_by("order")))
        .order_by("valid_from", "pk")
    )


def get_policy(municipality, pk):
    try:
        return policies(municipality).get(pk=pk)
    except (ValueError, TypeError, policies(municipality).model.DoesNotExist):
        raise Http404("No policy in force with this id") from None


# Yearly reports: only approved years --------------------------------------------------


def approved_years(municipality) -> list[int]:
    """Years whose round of yearly accounts is complete: every account approved, the
    year over. Newest first."""
    rounds = followup_access.rounds_for(Visitor(municipality)).filter(
        year__lt=timezone.localdate().year + 1
    )
    return sorted(
        (r.year for r in rounds if r.total and r.approved == r.total),
        reverse=True,
    )


def require_approved_year(municipality, year: int) -> None:
    if year not in approved_years(municipality):
        raise Http404("No approved yearly report for this year")


def account_counts(municipality) -> dict[int, int]:
    """Approved accounts per approved year (a figure the report list shows)."""
    rows = (
        AccountRound.objects.for_municipality(municipality)
        .annotate(
            approved=Count("accounts", filter=Q(accounts__status=YearlyAccount.Status.APPROVED))
        )
        .values_list("year", "approved")
    )
    return dict(rows)
