"""The policy compliance dashboard: every indicator of the policy pack, computed in one place.

The policy pack (samverkan/policy/packs/*.yaml) lists, per clause, indicator keys with a
comparison and a target; they are loaded into policy.Indicator. Each key has a function
here, `(municipality, year) -> IndicatorValue`, registered in INDICATORS. `dashboard()`
reads the municipality's indicators and computes each one; the page, the API
(/api/v1/compliance/{year}) and the command (`samverkan compliance YEAR`) all call it.

Status of an indicator:
  met        the value meets the target (at least / at most / equals).
  at risk    the value misses the target by at most 10 % of the target: at least 90 % of an
             "at least" target, at most 110 % of an "at most" target. A target of 0 and an
             "equals" comparison have no margin: they are met or not met.
  not met    further from the target.
  no data    nothing to measure (no activities for a share, no round of accounts).

Each value carries the records behind the number (`records`, shown on the indicator's
records page) and, where a list page can filter to exactly those records, its address
(`url`), e.g. the activity list with ?year=2025&eu_priority=1. Activity figures go
through samverkan/activities/queries.py (filter_activities, totals) like the list's
totals, so the count on the dashboard is the count the link shows.

Definitions where the policy leaves room (written down so they can be argued with):
- "bodies" are the executive board and the committees: those who give a yearly
  account and set aside resources; the council is not counted.
- institutions are partners of kind EU institution, national agency, network or
  organisation, or region that have a contact in the register; one is "not contacted for
  12 months" when none of its contacts has a last contact within 365 days before the
  reference day (the end of the year, or today for the current year).
- a twin town is inactive when it is decided, active or under review, older than two
  years, and has neither an activity nor a dialogue note in the two years up to the
  reference day. Paused and ended relations are not counted.
- the consideration indicator counts twin towns decided (by the end of the year) under a
  pack that asks for a consideration without the parts it asks for; the authority
  indicators count the decision-rule violations (registry/authority.py, the very list
  the rule-violations page and API show) of records decided by the end of the year, by
  the kind of body the broken rule gives the decision to (council, executive board, or
  all). No clause number is assumed: the pack's clauses are cited as the pack names them.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from samverkan.activities import queries
from samverkan.activities.models import Activity, Resource
from samverkan.applications import figures as application_figures
from samverkan.lib import changes
from samverkan.monitoring import figures as monitoring_figures
from samverkan.organisation.models import Body
from samverkan.policy.models import Indicator, layers_in_force
from samverkan.registry import authority
from samverkan.registry.models import (
    Contact,
    NetworkMembership,
    ParticipationEntry,
    Partner,
    TwinTown,
    TwinTownNote,
)

from . import figures
from . import queries as account_queries
from .models import AccountRound

MET, AT_RISK, NOT_MET, NO_DATA = "met", "at_risk", "not_met", "no_data"
STATUSES = [
    (MET, gettext_lazy("Met")),
    (AT_RISK, gettext_lazy("At risk")),
    (NOT_MET, gettext_lazy("Not met")),
    (NO_DATA, gettext_lazy("No data")),
]
STATUS_LABELS = dict(STATUSES)
RISK_MARGIN = Decimal("0.10")  # within 10 % of the target counts as "at risk"

ACCOUNTABLE_KINDS = [Body.Kind.EXECUTIVE_BOARD, Body.Kind.COMMITTEE]
INSTITUTION_KINDS = [
    Partner.Kind.EU_INSTITUTION,
    Partner.Kind.NATIONAL_AGENCY,
    Partner.Kind.NETWORK,
    Partner.Kind.REGION,
]
CONTACT_STALE_AFTER = datetime.timedelta(days=365)  # as the contact list's "stale" filter
TWIN_TOWN_ACTIVE_STATUSES = [
    TwinTown.Status.DECIDED,
    TwinTown.Status.ACTIVE,
    TwinTown.Status.UNDER_REVIEW,
]


@dataclass
class IndicatorValue:
    """An indicator's value for a year, with the records behind it.

    value: a number (count, or a percentage for shares), None for "no data".
    records: the records behind the number (a queryset or a list; evaluated only on the
        records page), or None when there are none to show.
    records_label: what the records are ("Activities without a goal").
    url: a list page filtered to the records, when one can; else the records page is used.
    detail: a sentence that explains the value.
    """

    value: int | float | Decimal | None
    records: Iterable | None = None
    records_label: str = ""
    url: str | None = None
    detail: str = ""


@dataclass
class Row:
    """One line of the dashboard: an indicator of the pack with its value and status."""

    clause: str
    clause_summary: str
    key: str
    label: str
    unit: str
    comparison: str
    comparison_label: str
    target: Decimal
    value: int | float | Decimal | None
    status: str
    detail: str
    records_label: str
    url: str
    records_url: str
    records: Iterable | None = field(default=None, repr=False)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def status_of(value, comparison: str, target) -> str:
    """met / at risk / not met / no data, as the module's docstring defines them."""
    if value is None:
        return NO_DATA
    value, target = Decimal(str(value)), Decimal(str(target))
    margin = abs(target) * RISK_MARGIN
    if comparison == Indicator.Comparison.AT_LEAST:
        if value >= target:
            return MET
        return AT_RISK if margin and value >= target - margin else NOT_MET
    if comparison == Indicator.Comparison.AT_MOST:
        if value <= target:
            return MET
        return AT_RISK if margin and value <= target + margin else NOT_MET
    return MET if value == target else NOT_MET


# Helpers -------------------------------------------------------------------------------


def reference_day(year: int) -> datetime.date:
    """The day a state is measured on: the end of the year, or today within the year."""
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def activity_list_url(year: int, **params) -> str | None:
    try:
        base = reverse("activity-list")
    except NoReverseMatch:
        return None
    return f"{base}?{urlencode({'year': year, **params})}"


def _count(activities) -> int:
    """The number of filtered activities, as the list's totals count them (one COUNT)."""
    return activities.order_by().count()


def _bodies(municipality):
    return Body.objects.for_municipality(municipality).filter(kind__in=ACCOUNTABLE_KINDS)


def _list(items) -> str:
    return ", ".join(str(item) for item in items)


# P1 ------------------------------------------------------------------------------------


def activities_goal_linked_share(municipality, year: int) -> IndicatorValue:
    total = _count(figures.year_activities(municipality, year))
    without = figures.year_activities(municipality, year, goal=queries.NO_GOAL)
    missing = _count(without)
    return IndicatorValue(
        figures.share(total - missing, total),
        records=without.order_by("start_date", "title"),
        records_label=_("Activities of the year without a development goal"),
        url=activity_list_url(year, goal=queries.NO_GOAL),
        detail=_("%(linked)s of %(total)s activities serve a goal; %(missing)s do not.")
        % {"linked": total - missing, "total": total, "missing": missing},
    )


def activities_eu_share(municipality, year: int) -> IndicatorValue:
    total = _count(figures.year_activities(municipality, year))
    eu = figures.year_activities(municipality, year, eu_priority=True)
    count = _count(eu)
    trend = figures.eu_share_by_year(municipality, year)
    trend_text = "; ".join(
        _("%(year)s: %(share)s %%")
        % {
            "year": row.year,
            "share": "–" if row.share is None else formats.number_format(row.share, 1),
        }
        for row in trend
    )
    return IndicatorValue(
        figures.share(count, total),
        records=eu.order_by("start_date", "title"),
        records_label=_("Activities with an EU partner country or EU funding"),
        url=activity_list_url(year, eu_priority=1),
        detail=_("%(eu)s of %(total)s activities. Five years: %(trend)s.")
        % {"eu": count, "total": total, "trend": trend_text},
    )


# P2 ------------------------------------------------------------------------------------


def applications_submitted(municipality, year: int) -> IndicatorValue:
    found = figures.applications(municipality, year)
    return IndicatorValue(
        found.submitted,
        records=application_figures.submitted_in_year(municipality, year),
        records_label=_("Applications submitted in the year"),
        detail=_("%(granted)s granted, %(amount)s SEK granted; success rate %(rate)s %%.")
        % {
            "granted": found.granted,
            "amount": formats.number_format(
                found.granted_amount_sek, 0, use_l10n=True, force_grouping=True
            ),
            "rate": "–"
            if found.success_rate is None
            else formats.number_format(found.success_rate, force_grouping=True),
        },
    )


# P3 ------------------------------------------------------------------------------------


def committees_with_activity_share(municipality, year: int) -> IndicatorValue:
    start, end = figures.year_bounds(year)
    year_activities = Activity.objects.filter(
        committee_id=OuterRef("pk"), start_date__gte=start, start_date__lte=end
    )
    bodies = list(_bodies(municipality).annotate(active=Exists(year_activities)))
    idle = [body for body in bodies if not body.active]
    return IndicatorValue(
        figures.share(len(bodies) - len(idle), len(bodies)),
        records=idle,
        records_label=_("The executive board and committees without an activity in the year"),
        detail=_("%(active)s of %(total)s bodies (the executive board and the committees).")
        % {"active": len(bodies) - len(idle), "total": len(bodies)},
    )


# P4, P7 --------------------------------------------------------------------------------


def _with_partner(municipality, year, condition: Q):
    partners = Activity.partners.through.objects.filter(activity_id=OuterRef("pk")).filter(
        condition
    )
    return figures.year_activities(municipality, year).filter(Exists(partners))


def university_activities(municipality, year: int) -> IndicatorValue:
    activities = _with_partner(municipality, year, Q(partner__kind=Partner.Kind.UNIVERSITY))
    return IndicatorValue(
        _count(activities),
        records=activities.order_by("start_date", "title"),
        records_label=_("Activities with a university or college as partner"),
    )


def local_actor_activities(municipality, year: int) -> IndicatorValue:
    activities = _with_partner(municipality, year, Q(partner__is_local_actor=True))
    return IndicatorValue(
        _count(activities),
        records=activities.order_by("start_date", "title"),
        records_label=_("Activities with a local actor as partner"),
    )


# P5 ------------------------------------------------------------------------------------


def training_participants(municipality, year: int) -> IndicatorValue:
    found = figures.trainings_summary(municipality, year)
    per_audience = "; ".join(
        _("%(audience)s %(count)s (%(hours)s participant hours)")
        % {
            "audience": row.label,
            "count": formats.number_format(row.count, force_grouping=True),
            "hours": formats.number_format(row.participant_hours, force_grouping=True),
        }
        for row in found.per_audience
    )
    try:
        url = f"{reverse('training-list')}?{urlencode({'year': year})}"
    except NoReverseMatch:
        url = None
    return IndicatorValue(
        found.participants,
        records=figures.year_trainings(municipality, year).order_by("held_on", "title"),
        records_label=_("Trainings held in the year"),
        url=url,
        detail=_("%(trainings)s trainings. %(audiences)s.")
        % {"trainings": found.trainings, "audiences": per_audience},
    )


# P6 ------------------------------------------------------------------------------------


def memberships_with_participation_share(municipality, year: int) -> IndicatorValue:
    start, end = figures.year_bounds(year)
    took_part = Exists(
        ParticipationEntry.objects.filter(
            membership_id=OuterRef("pk"), occurred_on__gte=start, occurred_on__lte=end
        )
    ) | Exists(
        Activity.memberships.through.objects.filter(
            networkmembership_id=OuterRef("pk"),
            activity__start_date__gte=start,
            activity__start_date__lte=end,
        )
    )
    memberships = list(
        NetworkMembership.objects.for_municipality(municipality)
        .filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .select_related("organisation")
        .annotate(took_part=took_part)
    )
    idle = [membership for membership in memberships if not membership.took_part]
    return IndicatorValue(
        figures.share(len(memberships) - len(idle), len(memberships)),
        records=idle,
        records_label=_("Memberships without participation or activity in the year"),
        detail=_("%(active)s of %(total)s memberships in force had participation or an activity.")
        % {"active": len(memberships) - len(idle), "total": len(memberships)},
    )


# P8 ------------------------------------------------------------------------------------


def watch_items_without_owner(municipality, year: int) -> IndicatorValue:
    items = monitoring_figures.open_items_without_owner(municipality)
    actions = monitoring_figures.actions_in_year(municipality, year).count()
    return IndicatorValue(
        items.count(),
        records=items,
        records_label=_("Open watch items without a responsible committee or person"),
        detail=ngettext(
            "%(count)s influence action in the year.",
            "%(count)s influence actions in the year.",
            actions,
        )
        % {"count": actions},
    )


# P9 ------------------------------------------------------------------------------------


def institutions_not_contacted_12_months(municipality, year: int) -> IndicatorValue:
    day = reference_day(year)
    limit = day - CONTACT_STALE_AFTER
    institutions = list(
        Partner.objects.for_municipality(municipality)
        .filter(kind__in=INSTITUTION_KINDS)
        .filter(Exists(Contact.objects.filter(partner_id=OuterRef("pk"), erased_at__isnull=True)))
        .annotate(
            last=Max("contacts__last_contact_on", filter=Q(contacts__last_contact_on__lte=day))
        )
        .order_by("name")
    )
    stale = [partner for partner in institutions if partner.last is None or partner.last < limit]
    return IndicatorValue(
        len(stale),
        records=stale,
        records_label=_("Institutions with no contact in the 12 months before %(day)s")
        % {"day": day.isoformat()},
        detail=_("%(stale)s of %(total)s institutions with contacts, on %(day)s.")
        % {"stale": len(stale), "total": len(institutions), "day": day.isoformat()},
    )


# Twin towns ---------------------------------------------------------------------------


def twin_towns_inactive_2_years(municipality, year: int) -> IndicatorValue:
    day = reference_day(year)
    since = _years_before(day, 2)
    activity = Activity.twin_towns.through.objects.filter(
        twintown_id=OuterRef("pk"),
        activity__start_date__gt=since,
        activity__start_date__lte=day,
    )
    note = TwinTownNote.objects.filter(
        twin_town_id=OuterRef("pk"), noted_on__gt=since, noted_on__lte=day
    )
    towns = list(
        TwinTown.objects.for_municipality(municipality)
        .filter(status__in=TWIN_TOWN_ACTIVE_STATUSES)
        .filter(Q(since__isnull=True) | Q(since__lte=since))
        .select_related("partner")
        .annotate(lively=Exists(activity) | Exists(note))
    )
    idle = [town for town in towns if not town.lively]
    return IndicatorValue(
        len(idle),
        records=idle,
        records_label=_("Twin towns with no activity or dialogue note from %(since)s to %(day)s")
        % {"since": since.isoformat(), "day": day.isoformat()},
        detail=_("%(idle)s of %(total)s twin towns.") % {"idle": len(idle), "total": len(towns)},
    )


def proposals_decided_without_consideration(municipality, year: int) -> IndicatorValue:
    end = figures.year_bounds(year)[1]
    policy = authority.current_policy(municipality.pk)
    decided = (
        TwinTown.objects.for_municipality(municipality)
        .filter(decision__isnull=False, decision__meeting_date__lte=end)
        .select_related("partner", "decision")
    )
    found = [town for town in decided if authority.missing_consideration(town, policy)]
    return IndicatorValue(
        len(found),
        records=found,
        records_label=_("Twin towns decided without a complete consideration"),
    )


# The authority indicators -------------------------------------------------------------


def rule_violations_by_end_of(municipality, year: int) -> list:
    """The decision-rule violations (registry/authority.py, the list the rule-violations
    page and API show) of records decided by the end of `year`; a missing decision counts
    from the day the relation began."""
    end = figures.year_bounds(year)[1]
    found = []
    for violation in authority.violations(municipality.pk):
        if violation.rule is None:
            continue  # the consideration, counted by its own indicator
        day = violation.decided_on or getattr(violation.record, "since", None)
        if day is not None and day > end:
            continue
        found.append(violation)
    return found


def _violations_of_kind(municipality, year, body_kind) -> IndicatorValue:
    # Counted from exactly the list of rule violations: by the kind of body the broken
    # rule gives the decision to, so that no clause number of any pack is assumed here.
    found = [
        violation
        for violation in rule_violations_by_end_of(municipality, year)
        if body_kind is None or violation.authorised_body_kind == body_kind
    ]
    clauses = sorted({violation.clause for violation in found if violation.clause})
    label = (
        _("Records decided by a body without authority")
        if body_kind is None
        else _("Records decided without the authority of the %(body)s")
        % {"body": Body.Kind(body_kind).label.lower()}
    )
    if clauses:
        label = f"{label} ({', '.join(clauses)})"
    return IndicatorValue(len(found), records=found, records_label=label)


def decisions_without_authority_council(municipality, year: int) -> IndicatorValue:
    return _violations_of_kind(municipality, year, Body.Kind.COUNCIL)


def decisions_without_authority_board(municipality, year: int) -> IndicatorValue:
    return _violations_of_kind(municipality, year, Body.Kind.EXECUTIVE_BOARD)


def decisions_without_authority(municipality, year: int) -> IndicatorValue:
    return _violations_of_kind(municipality, year, None)


def time_rule_violations(municipality, year: int) -> IndicatorValue:
    """Relations that break the pack's time rules (registry/authority.py): counted from
    the same list of rule violations, those that began by the end of the year."""
    end = figures.year_bounds(year)[1]
    found = [
        violation
        for violation in authority.violations(municipality.pk)
        if violation.time_rule is not None and (authority.start_of(violation.record) or end) <= end
    ]
    clauses = sorted({violation.clause for violation in found if violation.clause})
    label = _("Relations that break a time rule")
    if clauses:
        label = f"{label} ({', '.join(clauses)})"
    return IndicatorValue(len(found), records=found, records_label=label)


# Resources ----------------------------------------------------------------------------


def committees_without_resources(municipality, year: int) -> IndicatorValue:
    resources = Resource.objects.filter(body_id=OuterRef("pk"), year=year)
    bodies = list(_bodies(municipality).filter(~Exists(resources)))
    total = _bodies(municipality).aggregate(count=Count("pk"))["count"]
    return IndicatorValue(
        len(bodies),
        records=bodies,
        records_label=_("The executive board and committees without resources for the year"),
        detail=_("%(missing)s of %(total)s bodies.") % {"missing": len(bodies), "total": total},
    )


# Yearly accounts ----------------------------------------------------------------------


def accounts_not_approved_by_deadline(municipality, year: int) -> IndicatorValue:
    round_ = AccountRound.objects.for_municipality(municipality).filter(year=year).first()
    if round_ is None:
        return IndicatorValue(None, detail=_("No round of yearly accounts for the year."))
    late = list(account_queries.accounts_not_approved_by_deadline(municipality, year))
    return IndicatorValue(
        len(late),
        records=late,
        records_label=_("Accounts not approved by the deadline"),
        detail=_("Deadline %(deadline)s.") % {"deadline": round_.deadline.isoformat()},
    )


INDICATORS: dict[str, Callable[..., IndicatorValue]] = {
    "activities_goal_linked_share": activities_goal_linked_share,
    "activities_eu_share": activities_eu_share,
    "applications_submitted": applications_submitted,
    "committees_with_activity_share": committees_with_activity_share,
    "university_activities": university_activities,
    "training_participants": training_participants,
    "memberships_with_participation_share": memberships_with_participation_share,
    "local_actor_activities": local_actor_activities,
    "watch_items_without_owner": watch_items_without_owner,
    "institutions_not_contacted_12_months": institutions_not_contacted_12_months,
    "twin_towns_inactive_2_years": twin_towns_inactive_2_years,
    "proposals_decided_without_consideration": proposals_decided_without_consideration,
    "decisions_without_authority_council": decisions_without_authority_council,
    "decisions_without_authority_board": decisions_without_authority_board,
    "decisions_without_authority": decisions_without_authority,
    "time_rule_violations": time_rule_violations,
    "committees_without_resources": committees_without_resources,
    "accounts_not_approved_by_deadline": accounts_not_approved_by_deadline,
}


# What each indicator counts, in one line: `samverkan loadpolicy --list-indicators`.
DEFINITIONS = {
    "activities_goal_linked_share": "Share (%) of the year's activities linked to a goal.",
    "activities_eu_share": "Share (%) of the year's activities with an EU partner or EU funding.",
    "applications_submitted": "Applications for funding submitted in the year.",
    "committees_with_activity_share": (
        "Share (%) of the executive board and committees with at least one activity."
    ),
    "university_activities": "Activities with a university or college as partner.",
    "training_participants": "Participants in trainings (elected members and staff).",
    "memberships_with_participation_share": (
        "Share (%) of memberships with recorded participation in the year."
    ),
    "local_actor_activities": (
        "Activities with a local actor (company, association, study association, citizen)."
    ),
    "watch_items_without_owner": "Open EU watch items without a responsible person.",
    "institutions_not_contacted_12_months": "Institutions without contact for 12 months.",
    "twin_towns_inactive_2_years": (
        "Twin towns with neither an activity nor a dialogue note in two years."
    ),
    "proposals_decided_without_consideration": (
        "Twin towns decided without the consideration the pack asks for."
    ),
    "decisions_without_authority_council": (
        "Rule violations where the pack gives the decision to the council."
    ),
    "decisions_without_authority_board": (
        "Rule violations where the pack gives the decision to the executive board."
    ),
    "decisions_without_authority": "Every decision-rule violation of the pack.",
    "time_rule_violations": (
        "Agreements, memberships and twin towns that break the pack's time rules "
        "(time-limited, at most N years, ended by a date)."
    ),
    "committees_without_resources": "Committees and the board without resources set aside.",
    "accounts_not_approved_by_deadline": "Yearly accounts not approved by the deadline.",
}


def definition_of(key: str) -> str:
    return DEFINITIONS.get(key, "")


def indicators_of(municipality):
    """The indicators of the municipality's documents in force, in clause order: the main
    document's and its supplements' (a supplement's indicator replaces one of the same key)."""
    layers = layers_in_force(municipality.pk)
    if not layers:
        return Indicator.objects.none()
    chosen = {}
    for indicator in Indicator.objects.filter(policy__in=layers).values("pk", "key", "policy"):
        rank = [layer.pk for layer in layers].index(indicator["policy"])
        if indicator["key"] not in chosen or chosen[indicator["key"]][0] <= rank:
            chosen[indicator["key"]] = (rank, indicator["pk"])
    return Indicator.objects.filter(pk__in=[pk for _rank, pk in chosen.values()]).select_related(
        "clause"
    )


def compute(municipality, year: int, key: str) -> IndicatorValue:
    function = INDICATORS.get(key)
    if function is None:
        return IndicatorValue(None, detail=_("No computation is defined for this indicator."))
    return function(municipality, year)


def records_url(year: int, key: str) -> str:
    return reverse("compliance-records", args=[year, key])


def row_for(indicator: Indicator, year: int, found: IndicatorValue) -> Row:
    own_page = records_url(year, indicator.key)
    return Row(
        clause=indicator.clause.key,
        clause_summary=indicator.clause.summary,
        key=indicator.key,
        label=indicator.label,
        unit=indicator.unit,
        comparison=indicator.comparison,
        comparison_label=str(indicator.get_comparison_display()),
        target=indicator.target,
        value=found.value,
        status=status_of(found.value, indicator.comparison, indicator.target),
        detail=found.detail,
        records_label=found.records_label,
        url=found.url or own_page,
        records_url=own_page,
        records=found.records,
    )


def dashboard(municipality, year: int) -> list[Row]:
    """Every indicator of the municipality's policy for `year`, with value and status.

    The values are cached per municipality, year, reference day and language until an
    action changes a record of the municipality (lib/changes.py); a row's `records` are
    computed again only when read.
    """
    # The policy's indicators change only through the policy's actions: kept under the
    # data version, per day (which documents are in force).
    indicators = changes.cached(
        municipality.pk,
        f"indicators:{timezone.localdate()}",
        lambda: list(indicators_of(municipality)),
    )

    def values() -> dict:
        found = {}
        for indicator in indicators:
            value = compute(municipality, year, indicator.key)
            found[indicator.key] = {
                "value": value.value,
                "records_label": value.records_label,
                "url": value.url,
                "detail": value.detail,
                "has_records": value.records is not None,
            }
        return found

    def from_cache(indicator, kept: dict) -> IndicatorValue:
        kept = dict(kept)
        records = _LaterRecords(municipality, year, indicator.key)
        return IndicatorValue(records=records if kept.pop("has_records") else None, **kept)

    name = f"compliance:{year}:{reference_day(year)}:{get_language()}"
    cached = changes.cached(municipality.pk, name, values)
    return [
        row_for(indicator, year, from_cache(indicator, cached[indicator.key]))
        if indicator.key in cached
        else row_for(indicator, year, compute(municipality, year, indicator.key))
        for indicator in indicators
    ]


class _LaterRecords:
    """An indicator's records, computed only if someone reads them (the figure is cached)."""

    def __init__(self, municipality, year: int, key: str):
        self.municipality, self.year, self.key = municipality, year, key

    def __iter__(self):
        return iter(compute(self.municipality, self.year, self.key).records or [])


def summary(rows: list[Row]) -> dict[str, int]:
    counts = {code: 0 for code, _label in STATUSES}
    for row in rows:
        counts[row.status] += 1
    return counts


def as_json(municipality, year: int, rows: list[Row]) -> dict:
    """The dashboard as plain data: the command's --json output and the API's answer
    (documented in docs/compliance-json.md)."""
    return {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "year": year,
        "summary": summary(rows),
        "indicators": [
            {
                "clause": row.clause,
                "clause_summary": row.clause_summary,
                "key": row.key,
                "label": row.label,
                "unit": row.unit,
                "comparison": row.comparison,
                "target": _number(row.target),
                "value": _number(row.value),
                "status": row.status,
                "status_label": row.status_label,
                "detail": row.detail,
                "records_label": row.records_label,
                "url": row.url,
            }
            for row in rows
        ],
    }


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
