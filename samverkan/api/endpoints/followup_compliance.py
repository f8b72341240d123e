"""The policy compliance dashboard and the report's overview figures, as JSON.

GET /compliance/{year}   every indicator of the policy pack: value, target, status
                         (samverkan.followup.compliance, as the page and the command)
GET /reports/{year}      the overview figures of the compiled report
                         (samverkan.followup.figures.overview); ?body= for one body

Every member of the municipality may read them (readers too). The compliance answer is
samverkan.followup.compliance.as_json (the same shape as `samverkan compliance YEAR
--json`, documented in docs/compliance-json.md). Money is a decimal string in SEK (as in
/api/v1/activities/totals), shares are percentages with one decimal.
"""

from decimal import Decimal
from typing import Literal

from ninja import Field, Path, Router, Schema

from samverkan.followup import compliance, figures
from samverkan.lib.actions import authorize
from samverkan.organisation.access import get_body_for

from ..auth import SIGNED_IN
from ..schemas import Error, InvalidInput

router = Router(auth=SIGNED_IN, tags=["follow-up"])

READ = {401: Error, 403: Error, 404: Error}
YEAR = Path(..., ge=1900, le=2200, description="The year, e.g. 2025.")


# Schemas -----------------------------------------------------------------------------------

IndicatorStatus = Literal[tuple(code for code, _label in compliance.STATUSES)]
Number = int | float


class MunicipalityRef(Schema):
    code: str
    name: str


class ComplianceIndicator(Schema):
    clause: str = Field(description="The clause of the policy, e.g. P1.")
    clause_summary: str
    key: str = Field(description="The indicator's key in the policy pack.")
    label: str
    unit: str
    comparison: Literal["at_least", "at_most", "equals"]
    target: Number
    value: Number | None = Field(description="None when there is no data.")
    status: IndicatorStatus
    status_label: str
    detail: str
    records_label: str
    url: str = Field(description="The page listing the records behind the value.")


class ComplianceSummary(Schema):
    met: int
    at_risk: int
    not_met: int
    no_data: int


class ComplianceOut(Schema):
    municipality: MunicipalityRef
    year: int
    summary: ComplianceSummary
    indicators: list[ComplianceIndicator]


class Counted(Schema):
    code: str
    label: str
    count: int


class CommitteeCount(Schema):
    id: int
    name: str
    count: int


class CountryCount(Schema):
    code: str = Field(description="ISO 3166 alpha-2.")
    name: str
    count: int


class GoalCount(Schema):
    id: int
    code: str
    title: str
    count: int


class AudienceFigures(Schema):
    code: Literal["elected", "employees"]
    label: str
    count: int = Field(description="Participants.")
    participant_hours: Decimal


class ResourceFigures(Schema):
    bodies: int = Field(description="Bodies with resources recorded for the year.")
    budget_sek: Decimal
    staff_fte: Decimal


class FundingFigure(Schema):
    code: Literal["external_funding", "own_costs"]
    label: str
    value: Decimal


class EuShare(Schema):
    year: int
    label: str
    eu_activities: int
    all_activities: int
    share: float | None = Field(description="Per cent; None in a year without activities.")


class MembershipFigures(Schema):
    id: int
    name: str
    participation: int = Field(description="Participation log entries in the year.")
    activities: int


class TwinTownFigures(Schema):
    id: int
    name: str
    country: str
    activities: int
    dialogue_notes: int


class ApplicationFigures(Schema):
    submitted: int
    granted: int
    granted_amount_sek: Decimal
    success_rate: float | None


class BodyRef(Schema):
    id: int
    name: str


class ReportFigures(Schema):
    """The overview figures of the year (samverkan.followup.figures.overview)."""

    year: int
    body: BodyRef | None = None
    activities: int = Field(description="As /api/v1/activities/totals?year= count.")
    participants_total: int
    own_costs_sek: Decimal
    external_funding_sek: Decimal
    activities_per_committee: list[CommitteeCount]
    activities_per_country: list[CountryCount]
    activities_per_region: list[Counted] = Field(
        description="Nordic, EU, rest of Europe, rest of the world on each activity's date; "
        "Nordic and EU overlap."
    )
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
    applications: ApplicationFigures | None = None


class ReportOut(ReportFigures):
    municipality: MunicipalityRef


# Endpoints ---------------------------------------------------------------------------------


@router.get("/compliance/{year}", response={200: ComplianceOut, 400: InvalidInput, **READ})
def get_compliance(request, year: int = YEAR):
    """Each clause of the pack with its indicator's value, target and status for the year."""
    authorize(request.user, "samverkan.view_record", request.municipality)
    rows = compliance.dashboard(request.municipality, year)
    return compliance.as_json(request.municipality, year, rows)


@router.get("/reports/{year}", response={200: ReportOut, 400: InvalidInput, **READ})
def get_report_figures(request, year: int = YEAR, body: int | None = None):
    """The overview figures of the year's report; with ?body=<id>, one body's figures."""
    authorize(request.user, "samverkan.view_record", request.municipality)
    chosen = None if body is None else get_body_for(request, body)
    found = figures.overview(request.municipality, year, body=chosen)
    return {
        **found.as_dict(),
        "municipality": {"code": request.municipality.code, "name": request.municipality.name},
    }


routers: list = [router]
