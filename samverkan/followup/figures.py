"""The overview figures of a year: one source of truth for the report, the accounts and the API.

`overview(municipality, year, body=None)` answers every figure the compiled report, a
body's yearly account and /api/v1/reports/{year} show. The activity figures are read
through samverkan/activities/queries.py (`filter_activities`, `totals`), the same code as
the activity list's totals, the export and /api/v1/activities/totals, so that the list
filtered on the year shows the same count, participants, own costs and external funding.

Regions (Nordic, EU, rest of Europe, rest of the world) count an activity once in each
region one of its countries belonged to on the activity's start date (the list's region
filter); Nordic and EU overlap (Finland is both), so the regions do not add up to the total.
The EU share is the share of activities that are an EU priority (an EU country on the
start date, or EU funding), as the list's "EU priority" filter.

A fixed number of queries (about twenty) whatever the number of rows. Money is Decimal
(SEK, rounded to öre), shares are percentages rounded to one decimal.
"""

import datetime
import inspect
from decimal import Decimal

from django.db.models import Count, F, IntegerField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from samverkan.activities import queries
from samverkan.activities.models import Activity, ActivityCountry, Resource, Training
from samverkan.registry.models import ParticipationEntry, TwinTownNote

CENT = Decimal("0.01")
EU_SHARE_YEARS = 5
PARTICIPANT_GROUPS = {
    "elected": "participants_elected",
    "employees": "participants_employees",
    "residents": "participants_residents",
    "young": "participants_young",
}


def _participant_labels() -> dict:
    return {
        "elected": _("Elected officials"),
        "employees": _("Employees"),
        "residents": _("Residents"),
        "young": _("Young people"),
    }


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def activity_params(year: int | None, body=None, **extra) -> dict:
    """The activity list's query parameters for the year (and body): the list, the API and
    these figures read the same activities for the same parameters."""
    params = {}
    if year is not None:
        params["year"] = year
    if body is not None:
        params["committee"] = body.pk
    params.update(extra)
    return params


def year_activities(municipality, year: int, body=None, **extra):
    """The municipality's activities starting in `year` (of `body`), as the list filters them."""
    return queries.filter_activities(
        Activity.objects.for_municipality(municipality), activity_params(year, body, **extra)
    )


def share(part, whole) -> float | None:
    """`part` of `whole` in per cent, one decimal; None when there is nothing to divide."""
    if not whole:
        return None
    return round(100.0 * float(part) / float(whole), 1)


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def _country_name(code: str) -> str:
    return str(country_names.name(code) or code)


def _per_committee(activities) -> list[dict]:
    rows = (
        activities.order_by()
        .values("committee_id", "committee__name")
        .annotate(count=Count("pk"))
        .order_by("committee__name")
    )
    return [
        {"id": row["committee_id"], "name": row["committee__name"], "count": row["count"]}
        for row in rows
    ]


def _per_country(activities) -> list[dict]:
    rows = (
        ActivityCountry.objects.filter(activity__in=activities.order_by().values("pk"))
        .values("country")
        .annotate(count=Count("activity_id", distinct=True))
        .order_by()
    )
    found = [
        {"code": row["country"], "name": _country_name(row["country"]), "count": row["count"]}
        for row in rows
    ]
    return sorted(found, key=lambda row: (-row["count"], row["name"]))


def _per_region(municipality, year, body) -> list[dict]:
    return [
        {
            "code": code,
            "label": str(label),
            # The list's region filter; a bare COUNT, the sums are not needed here.
            "count": year_activities(municipality, year, body, region=code).order_by().count(),
        }
        for code, label in queries.REGIONS
    ]


def _by_kind(activities) -> list[dict]:
    counts = {
        row["kind"]: row["count"]
        for row in activities.order_by().values("kind").annotate(count=Count("pk")).order_by()
    }
    return [
        {"code": code, "label": str(label), "count": counts[code]}
        for code, label in Activity.Kind.choices
        if counts.get(code)
    ]


def _participants(activities) -> list[dict]:
    sums = activities.order_by().aggregate(
        **{
            name: Coalesce(Sum(field), 0, output_field=IntegerField())
            for name, field in PARTICIPANT_GROUPS.items()
        }
    )
    labels = _participant_labels()
    return [{"code": name, "label": str(labels[name]), "count": sums[name]} for name in sums]


def _partners(activities) -> tuple[dict, list[dict]]:
    """Partners involved in the year's activities, and the partner countries with counts."""
    through = Activity.partners.through.objects.filter(
        activity__in=activities.order_by().values("pk")
    )
    rows = list(
        through.values(
            "partner_id",
            "partner__name",
            "partner__kind",
            "partner__country",
            "partner__is_local_actor",
        )
        .annotate(activities=Count("activity_id"))
        .order_by("partner__name", "partner_id")
    )
    from samverkan.registry.models import Partner

    by_kind: dict[str, int] = {}
    by_country: dict[str, int] = {}
    for row in rows:
        by_kind[row["partner__kind"]] = by_kind.get(row["partner__kind"], 0) + 1
        by_country[row["partner__country"]] = by_country.get(row["partner__country"], 0) + 1
    partners = {
        "count": len(rows),
        "local_actors": sum(1 for row in rows if row["partner__is_local_actor"]),
        "by_kind": [
            {"code": code, "label": str(label), "count": by_kind[code]}
            for code, label in Partner.Kind.choices
            if by_kind.get(code)
        ],
    }
    countries = sorted(
        (
            {"code": code, "name": _country_name(code), "count": count}
            for code, count in by_country.items()
            if code
        ),
        key=lambda row: (-row["count"], row["name"]),
    )
    return partners, countries


def _goals(activities) -> list[dict]:
    rows = (
        Activity.goals.through.objects.filter(activity__in=activities.order_by().values("pk"))
        .values("goal_id", "goal__code", "goal__title")
        .annotate(count=Count("activity_id"))
        .order_by("goal__code", "goal__title")
    )
    return [
        {
            "id": row["goal_id"],
            "code": row["goal__code"],
            "title": row["goal__title"],
            "count": row["count"],
        }
        for row in rows
    ]


def year_trainings(municipality, year: int, body=None):
    start, end = year_bounds(year)
    trainings = Training.objects.for_municipality(municipality).filter(
        held_on__gte=start, held_on__lte=end
    )
    if body is not None:
        trainings = trainings.filter(committee=body)
    return trainings


def trainings_summary(municipality, year: int, body=None) -> dict:
    sums = (
        year_trainings(municipality, year, body)
        .order_by()
        .aggregate(
            count=Count("pk"),
            elected=Coalesce(Sum("participants_elected"), 0, output_field=IntegerField()),
            employees=Coalesce(Sum("participants_employees"), 0, output_field=IntegerField()),
            elected_hours=Sum(F("hours") * F("participants_elected")),
            employees_hours=Sum(F("hours") * F("participants_employees")),
        )
    )
    labels = _participant_labels()
    audiences = [
        {
            "code": name,
            "label": str(labels[name]),
            "count": sums[name],
            "participant_hours": Decimal(sums[f"{name}_hours"] or 0).quantize(Decimal("0.1")),
        }
        for name in ("elected", "employees")
    ]
    return {
        "trainings": sums["count"],
        "participants": sums["elected"] + sums["employees"],
        "per_audience": audiences,
    }


def training_participants(municipality, year: int, body=None) -> int:
    """Participants (elected officials and employees) in the year's trainings (P5)."""
    return trainings_summary(municipality, year, body)["participants"]


def _resources(municipality, year, body) -> dict:
    resources = Resource.objects.for_municipality(municipality).filter(year=year)
    if body is not None:
        resources = resources.filter(body=body)
    sums = resources.order_by().aggregate(
        bodies=Count("body_id", distinct=True), budget=Sum("budget_sek"), fte=Sum("staff_fte")
    )
    return {
        "bodies": sums["bodies"],
        "budget_sek": _money(sums["budget"]),
        "staff_fte": _money(sums["fte"]),
    }


def eu_share_by_year(municipality, year: int, body=None, years: int = EU_SHARE_YEARS):
    """The EU share of activities for each of the `years` years up to `year` (one query:
    a pair of conditional counts per year, which uses the date index and needs no
    per-row year extraction)."""
    first = year - years + 1
    activities = queries.filter_activities(
        Activity.objects.for_municipality(municipality), activity_params(None, body)
    ).filter(start_date__gte=datetime.date(first, 1, 1), start_date__lte=year_bounds(year)[1])
    counts = {}
    for each in range(first, year + 1):
        start, end = year_bounds(each)
        in_year = Q(start_date__gte=start, start_date__lte=end)
        counts[f"all_{each}"] = Count("pk", filter=in_year)
        counts[f"eu_{each}"] = Count("pk", filter=in_year & Q(eu_priority=True))
    found = activities.order_by().aggregate(**counts)
    return [
        {
            "year": each,
            "label": str(each),
            "eu_activities": found[f"eu_{each}"],
            "all_activities": found[f"all_{each}"],
            "share": share(found[f"eu_{each}"], found[f"all_{each}"]),
        }
        for each in range(first, year + 1)
    ]


def _memberships(municipality, year, body, activities) -> list[dict]:
    """Memberships taken part in: a participation entry or an activity in the year."""
    start, end = year_bounds(year)
    entries = ParticipationEntry.objects.for_municipality(municipality).filter(
        occurred_on__gte=start, occurred_on__lte=end
    )
    if body is not None:
        entries = entries.filter(committee=body)
    found: dict[int, dict] = {}
    for row in (
        entries.values("membership_id", "membership__organisation__name")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        found[row["membership_id"]] = {
            "id": row["membership_id"],
            "name": row["membership__organisation__name"],
            "participation": row["count"],
            "activities": 0,
        }
    for row in (
        Activity.memberships.through.objects.filter(activity__in=activities.order_by().values("pk"))
        .values("networkmembership_id", "networkmembership__organisation__name")
        .annotate(count=Count("activity_id"))
        .order_by()
    ):
        item = found.setdefault(
            row["networkmembership_id"],
            {
                "id": row["networkmembership_id"],
                "name": row["networkmembership__organisation__name"],
                "participation": 0,
                "activities": 0,
            },
        )
        item["activities"] = row["count"]
    return sorted(found.values(), key=lambda item: (item["name"], item["id"]))


def _twin_towns(municipality, year, body, activities) -> list[dict]:
    """Twin towns in contact during the year: an activity, or (for the whole municipality)
    a note of the dialogue."""
    found: dict[int, dict] = {}

    def item(pk, name, country):
        return found.setdefault(
            pk,
            {"id": pk, "name": name, "country": country, "activities": 0, "dialogue_notes": 0},
        )

    for row in (
        Activity.twin_towns.through.objects.filter(activity__in=activities.order_by().values("pk"))
        .values("twintown_id", "twintown__partner__name", "twintown__partner__country")
        .annotate(count=Count("activity_id"))
        .order_by()
    ):
        item(row["twintown_id"], row["twintown__partner__name"], row["twintown__partner__country"])[
            "activities"
        ] = row["count"]
    if body is None:
        start, end = year_bounds(year)
        for row in (
            TwinTownNote.objects.for_municipality(municipality)
            .filter(noted_on__gte=start, noted_on__lte=end)
            .values("twin_town_id", "twin_town__partner__name", "twin_town__partner__country")
            .annotate(count=Count("pk"))
            .order_by()
        ):
            item(
                row["twin_town_id"],
                row["twin_town__partner__name"],
                row["twin_town__partner__country"],
            )["dialogue_notes"] = row["count"]
    return sorted(found.values(), key=lambda entry: (entry["name"], entry["id"]))


def _call(function, municipality, year, body):
    """Call an applications figure, passing `body` only when the function takes it."""
    parameters = inspect.signature(function).parameters
    if "body" in parameters:
        return function(municipality, year, body=body)
    return function(municipality, year)


def _count(value) -> int:
    if hasattr(value, "count") and not isinstance(value, int | list | tuple):
        return value.count()
    return len(value) if isinstance(value, list | tuple) else int(value or 0)


def applications(municipality, year: int, body=None) -> dict | None:
    """Applications and funding from samverkan/applications/figures.py, once it exists.

    None while the applications app has no figures module (or cannot restrict to a body).
    """
    try:
        from samverkan.applications import figures as application_figures
    except ImportError:
        return None
    needed = ("submitted_in_year", "granted_in_year", "granted_amount_sek", "success_rate")
    if not all(hasattr(application_figures, name) for name in needed):
        return None
    if (
        body is not None
        and "body" not in inspect.signature(application_figures.submitted_in_year).parameters
    ):
        return None
    rate = _call(application_figures.success_rate, municipality, year, body)
    return {
        "submitted": _count(_call(application_figures.submitted_in_year, municipality, year, body)),
        "granted": _count(_call(application_figures.granted_in_year, municipality, year, body)),
        "granted_amount_sek": _money(
            _call(application_figures.granted_amount_sek, municipality, year, body)
        ),
        "success_rate": None if rate is None else round(float(rate), 1),
    }


def overview(municipality, year: int, body=None) -> dict:
    """Every overview figure of `year` for the municipality, or for one body when `body` is
    given. See the module's docstring for what each figure counts."""
    activities = year_activities(municipality, year, body)
    totals = queries.totals(activities)
    partners, partner_countries = _partners(activities)
    trainings = trainings_summary(municipality, year, body)
    figures = {
        "year": year,
        "body": None if body is None else {"id": body.pk, "name": body.name},
        "activities": totals["count"],
        "participants_total": totals["participants"],
        "own_costs_sek": totals["own_costs"],
        "external_funding_sek": totals["external_funding"],
        "activities_per_committee": _per_committee(activities),
        "activities_per_country": _per_country(activities),
        "activities_per_region": _per_region(municipality, year, body),
        "activities_by_kind": _by_kind(activities),
        "partners_involved": partners["count"],
        "local_actor_partners": partners["local_actors"],
        "partners_by_kind": partners["by_kind"],
        "goals_served": _goals(activities),
        "participants_by_group": _participants(activities),
        "trainings_held": trainings["trainings"],
        "training_participants": trainings["participants"],
        "trainings_per_audience": trainings["per_audience"],
        "resources": _resources(municipality, year, body),
        "funding": [
            {
                "code": "external_funding",
                "label": _("External funding"),
                "value": totals["external_funding"],
            },
            {"code": "own_costs", "label": _("Own costs"), "value": totals["own_costs"]},
        ],
        "eu_share_five_years": eu_share_by_year(municipality, year, body),
        "partner_countries": partner_countries,
        "memberships": _memberships(municipality, year, body, activities),
        "twin_town_contacts": _twin_towns(municipality, year, body, activities),
    }
    found = applications(municipality, year, body)
    if found is not None:
        figures["applications"] = found
    return figures
