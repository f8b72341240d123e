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

`overview()` answers an `Overview` (dataclasses, read by attribute). An approved account
keeps its figures as JSON (`Overview.to_json()`, the shape of /api/v1/reports/{year});
`Overview.from_json()` reads them back, also those frozen before a figure was added.
"""

import dataclasses
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, IntegerField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from samverkan.activities import queries
from samverkan.activities.models import Activity, ActivityCountry, Resource, Training
from samverkan.applications import figures as application_figures
from samverkan.lib import changes
from samverkan.registry.models import ParticipationEntry, Partner, TwinTownNote

CENT = Decimal("0.01")
EU_SHARE_YEARS = 5
PARTICIPANT_GROUPS = {
    "elected": "participants_elected",
    "employees": "participants_employees",
    "residents": "participants_residents",
    "young": "participants_young",
}


# The typed figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class Counted:
    """A count under a code and its label (a region, a kind, a group)."""

    code: str
    label: str
    count: int


@dataclass(frozen=True)
class CommitteeCount:
    id: int | None
    name: str | None
    count: int


@dataclass(frozen=True)
class CountryCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class GoalCount:
    id: int
    code: str
    title: str
    count: int


@dataclass(frozen=True)
class AudienceFigures:
    code: str
    label: str
    count: int
    participant_hours: Decimal


@dataclass(frozen=True)
class ResourceFigures:
    bodies: int
    budget_sek: Decimal
    staff_fte: Decimal


@dataclass(frozen=True)
class FundingFigure:
    code: str
    label: str
    value: Decimal


@dataclass(frozen=True)
class EuShare:
    year: int
    label: str
    eu_activities: int
    all_activities: int
    share: float | None


@dataclass(frozen=True)
class MembershipFigures:
    id: int
    name: str
    participation: int
    activities: int


@dataclass(frozen=True)
class TwinTownFigures:
    id: int
    name: str
    country: str
    activities: int
    dialogue_notes: int


@dataclass(frozen=True)
class ApplicationFigures:
    submitted: int
    granted: int
    granted_amount_sek: Decimal
    success_rate: float | None


@dataclass(frozen=True)
class BodyRef:
    id: int
    name: str


@dataclass(frozen=True)
class TrainingsSummary:
    trainings: int
    participants: int
    per_audience: list[AudienceFigures]


def _decimal(value) -> Decimal:
    return Decimal(str(value if value is not None else 0))


def _rows(kind, items) -> list:
    return [kind(**item) for item in items or []]


@dataclass(frozen=True)
class Overview:
    """Every overview figure of a year, for the municipality or one body (`body`)."""

    year: int
    body: BodyRef | None
    activities: int
    participants_total: int
    own_costs_sek: Decimal
    external_funding_sek: Decimal
    activities_per_committee: list[CommitteeCount]
    activities_per_country: list[CountryCount]
    activities_per_region: list[Counted]
    activities_by_kind: list[Counted]
    partners_involved: int
    local_actor_partners: int
    partners_by_kind: list[Counted]
    goals_served: list[GoalCount]
    participants_by_group: list[Counted]
    trainings_held: int
    training_participants: int
    trainings_per_audience: list[AudienceFigures]
    resources: ResourceFigures
    funding: list[FundingFigure]
    eu_share_five_years: list[EuShare]
    partner_countries: list[CountryCount]
    memberships: list[MembershipFigures]
    twin_town_contacts: list[TwinTownFigures]
    # The applications register answers for the whole municipality only: None for a body.
    applications: ApplicationFigures | None = None

    def as_dict(self) -> dict:
        """The figures as plain values (Decimals kept); no "applications" when there are none."""
        values = dataclasses.asdict(self)
        if values["applications"] is None:
            del values["applications"]
        return values

    def to_json(self) -> dict:
        """The figures as JSON values (money as decimal text), as an account freezes them."""
        return json.loads(json.dumps(self.as_dict(), cls=DjangoJSONEncoder))

    @classmethod
    def from_json(cls, data: dict) -> "Overview":
        """Figures frozen by `to_json()`; a figure added since reads as empty."""
        body = data.get("body")
        resources = data.get("resources") or {}
        applications = data.get("applications")
        return cls(
            year=data["year"],
            body=BodyRef(**body) if body else None,
            activities=data.get("activities", 0),
            participants_total=data.get("participants_total", 0),
            own_costs_sek=_decimal(data.get("own_costs_sek")),
            external_funding_sek=_decimal(data.get("external_funding_sek")),
            activities_per_committee=_rows(CommitteeCount, data.get("activities_per_committee")),
            activities_per_country=_rows(CountryCount, data.get("activities_per_country")),
            activities_per_region=_rows(Counted, data.get("activities_per_region")),
            activities_by_kind=_rows(Counted, data.get("activities_by_kind")),
            partners_involved=data.get("partners_involved", 0),
            local_actor_partners=data.get("local_actor_partners", 0),
            partners_by_kind=_rows(Counted, data.get("partners_by_kind")),
            goals_served=_rows(GoalCount, data.get("goals_served")),
            participants_by_group=_rows(Counted, data.get("participants_by_group")),
            trainings_held=data.get("trainings_held", 0),
            training_participants=data.get("training_participants", 0),
            trainings_per_audience=[
                AudienceFigures(
                    **{**row, "participant_hours": _decimal(row.get("participant_hours"))}
                )
                for row in data.get("trainings_per_audience") or []
            ],
            resources=ResourceFigures(
                bodies=resources.get("bodies", 0),
                budget_sek=_decimal(resources.get("budget_sek")),
                staff_fte=_decimal(resources.get("staff_fte")),
            ),
            funding=[
                FundingFigure(**{**row, "value": _decimal(row.get("value"))})
                for row in data.get("funding") or []
            ],
            eu_share_five_years=_rows(EuShare, data.get("eu_share_five_years")),
            partner_countries=_rows(CountryCount, data.get("partner_countries")),
            memberships=_rows(MembershipFigures, data.get("memberships")),
            twin_town_contacts=_rows(TwinTownFigures, data.get("twin_town_contacts")),
            applications=ApplicationFigures(
                **{
                    **applications,
                    "granted_amount_sek": _decimal(applications.get("granted_amount_sek")),
                }
            )
            if applications
            else None,
        )


# Reads ---------------------------------------------------------------------------------------


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


def _per_committee(activities) -> list[CommitteeCount]:
    rows = (
        activities.order_by()
        .values("committee_id", "committee__name")
        .annotate(count=Count("pk"))
        .order_by("committee__name")
    )
    return [
        CommitteeCount(id=row["committee_id"], name=row["committee__name"], count=row["count"])
        for row in rows
    ]


def _per_country(activities) -> list[CountryCount]:
    rows = (
        ActivityCountry.objects.filter(activity__in=activities.order_by().values("pk"))
        .values("country")
        .annotate(count=Count("activity_id", distinct=True))
        .order_by()
    )
    found = [
        CountryCount(code=row["country"], name=_country_name(row["country"]), count=row["count"])
        for row in rows
    ]
    return sorted(found, key=lambda row: (-row.count, row.name))


def _per_region(municipality, year, body) -> list[Counted]:
    return [
        Counted(
            code=code,
            label=str(label),
            # The list's region filter; a bare COUNT, the sums are not needed here.
            count=year_activities(municipality, year, body, region=code).order_by().count(),
        )
        for code, label in queries.REGIONS
    ]


def _by_kind(activities) -> list[Counted]:
    counts = {
        row["kind"]: row["count"]
        for row in activities.order_by().values("kind").annotate(count=Count("pk")).order_by()
    }
    return [
        Counted(code=code, label=str(label), count=counts[code])
        for code, label in Activity.Kind.choices
        if counts.get(code)
    ]


def _participants(activities) -> list[Counted]:
    sums = activities.order_by().aggregate(
        **{
            name: Coalesce(Sum(field), 0, output_field=IntegerField())
            for name, field in PARTICIPANT_GROUPS.items()
        }
    )
    labels = _participant_labels()
    return [Counted(code=name, label=str(labels[name]), count=sums[name]) for name in sums]


def _partners(activities) -> tuple[dict, list[CountryCount]]:
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
    by_kind: dict[str, int] = {}
    by_country: dict[str, int] = {}
    for row in rows:
        by_kind[row["partner__kind"]] = by_kind.get(row["partner__kind"], 0) + 1
        by_country[row["partner__country"]] = by_country.get(row["partner__country"], 0) + 1
    partners = {
        "count": len(rows),
        "local_actors": sum(1 for row in rows if row["partner__is_local_actor"]),
        "by_kind": [
            Counted(code=code, label=str(label), count=by_kind[code])
            for code, label in Partner.Kind.choices
            if by_kind.get(code)
        ],
    }
    countries = sorted(
        (
            CountryCount(code=code, name=_country_name(code), count=count)
            for code, count in by_country.items()
            if code
        ),
        key=lambda row: (-row.count, row.name),
    )
    return partners, countries


def _goals(activities) -> list[GoalCount]:
    rows = (
        Activity.goals.through.objects.filter(activity__in=activities.order_by().values("pk"))
        .values("goal_id", "goal__code", "goal__title")
        .annotate(count=Count("activity_id"))
        .order_by("goal__code", "goal__title")
    )
    return [
        GoalCount(
            id=row["goal_id"], code=row["goal__code"], title=row["goal__title"], count=row["count"]
        )
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


def trainings_summary(municipality, year: int, body=None) -> TrainingsSummary:
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
        AudienceFigures(
            code=name,
            label=str(labels[name]),
            count=sums[name],
            participant_hours=Decimal(sums[f"{name}_hours"] or 0).quantize(Decimal("0.1")),
        )
        for name in ("elected", "employees")
    ]
    return TrainingsSummary(
        trainings=sums["count"],
        participants=sums["elected"] + sums["employees"],
        per_audience=audiences,
    )


def training_participants(municipality, year: int, body=None) -> int:
    """Participants (elected officials and employees) in the year's trainings (P5)."""
    return trainings_summary(municipality, year, body).participants


def _resources(municipality, year, body) -> ResourceFigures:
    resources = Resource.objects.for_municipality(municipality).filter(year=year)
    if body is not None:
        resources = resources.filter(body=body)
    sums = resources.order_by().aggregate(
        bodies=Count("body_id", distinct=True), budget=Sum("budget_sek"), fte=Sum("staff_fte")
    )
    return ResourceFigures(
        bodies=sums["bodies"], budget_sek=_money(sums["budget"]), staff_fte=_money(sums["fte"])
    )


def eu_share_by_year(
    municipality, year: int, body=None, years: int = EU_SHARE_YEARS
) -> list[EuShare]:
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
        EuShare(
            year=each,
            label=str(each),
            eu_activities=found[f"eu_{each}"],
            all_activities=found[f"all_{each}"],
            share=share(found[f"eu_{each}"], found[f"all_{each}"]),
        )
        for each in range(first, year + 1)
    ]


def _memberships(municipality, year, body, activities) -> list[MembershipFigures]:
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
    return [
        MembershipFigures(**item)
        for item in sorted(found.values(), key=lambda item: (item["name"], item["id"]))
    ]


def _twin_towns(municipality, year, body, activities) -> list[TwinTownFigures]:
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
    return [
        TwinTownFigures(**entry)
        for entry in sorted(found.values(), key=lambda entry: (entry["name"], entry["id"]))
    ]


def applications(municipality, year: int, body=None) -> ApplicationFigures | None:
    """Applications and funding (samverkan/applications/figures.py) of the year.

    The applications register counts for the whole municipality only (an application has
    no committee), so a body's figures have none: None.
    """
    if body is not None:
        return None
    rate = application_figures.success_rate(municipality, year)
    return ApplicationFigures(
        submitted=application_figures.submitted_in_year(municipality, year).count(),
        granted=application_figures.granted_in_year(municipality, year).count(),
        granted_amount_sek=_money(application_figures.granted_amount_sek(municipality, year)),
        success_rate=None if rate is None else round(float(rate), 1),
    )


def overview(municipality, year: int, body=None) -> Overview:
    """Every overview figure of `year` for the municipality, or for one body when `body` is
    given. See the module's docstring for what each figure counts.

    Cached per municipality, year, body and language until an action changes a record of
    the municipality (lib/changes.py); the current year's also per day."""
    day = datetime.date.today() if year >= datetime.date.today().year else ""
    name = f"overview:{year}:{body.pk if body else ''}:{day}:{get_language()}"
    return changes.cached(municipality.pk, name, lambda: _overview(municipality, year, body))


def _overview(municipality, year: int, body=None) -> Overview:
    activities = year_activities(municipality, year, body)
    totals = queries.totals(activities)
    partners, partner_countries = _partners(activities)
    trainings = trainings_summary(municipality, year, body)
    return Overview(
        year=year,
        body=None if body is None else BodyRef(id=body.pk, name=body.name),
        activities=totals["count"],
        participants_total=totals["participants"],
        own_costs_sek=totals["own_costs"],
        external_funding_sek=totals["external_funding"],
        activities_per_committee=_per_committee(activities),
        activities_per_country=_per_country(activities),
        activities_per_region=_per_region(municipality, year, body),
        activities_by_kind=_by_kind(activities),
        partners_involved=partners["count"],
        local_actor_partners=partners["local_actors"],
        partners_by_kind=partners["by_kind"],
        goals_served=_goals(activities),
        participants_by_group=_participants(activities),
        trainings_held=trainings.trainings,
        training_participants=trainings.participants,
        trainings_per_audience=trainings.per_audience,
        resources=_resources(municipality, year, body),
        funding=[
            FundingFigure(
                code="external_funding",
                label=_("External funding"),
                value=totals["external_funding"],
            ),
            FundingFigure(code="own_costs", label=_("Own costs"), value=totals["own_costs"]),
        ],
        eu_share_five_years=eu_share_by_year(municipality, year, body),
        partner_countries=partner_countries,
        memberships=_memberships(municipality, year, body, activities),
        twin_town_contacts=_twin_towns(municipality, year, body, activities),
        applications=applications(municipality, year, body),
    )
