"""What the activity endpoints take and give (P1, P3, P4, P7), beside their router
(endpoints/activities.py).

Outputs give the ids of related records (what a PUT sends back) and readable labels
beside them. Derived figures (EU priority, rolled-up progress, participant totals) are
read-only. Inputs check types and shapes; the choices of the caller's municipality are
checked by the same forms the pages use, the rules by the same actions.
"""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel, field_validator

from samverkan.activities import queries
from samverkan.activities.models import Activity, Currency, FundingLine
from samverkan.lib.inputs import INT_MAX

ActivityKind = Literal[tuple(Activity.Kind.values)]
ActivityStatus = Literal[tuple(Activity.Status.values)]
FundingSource = Literal[tuple(FundingLine.Source.values)]
CurrencyCode = Literal[tuple(Currency.values)]
Region = Literal[tuple(key for key, _label in queries.REGIONS)]
ActivitySort = Literal[tuple(key for name in queries.SORTS for key in (name, f"-{name}"))]

VERSION = Field(description="The version you read; a newer one answers 409.")
COUNTRY_CODE = r"^[A-Za-z]{2}$"


def _upper(value):
    # "fi" and " FI " mean Finland; anything else is for the form to refuse.
    return value.strip().upper() if isinstance(value, str) else value


# Activities: sub-records -------------------------------------------------------------


class FundingLineOut(Schema):
    id: int
    source: FundingSource
    source_label: str
    programme: str
    amount: Decimal
    currency: CurrencyCode
    exchange_rate: Decimal | None = Field(description="SEK per unit of the currency.")
    rate_date: datetime.date | None
    amount_sek: Decimal = Field(description="The amount converted at the line's rate.")
    is_external: bool = Field(description="Money from others than the municipality.")

    @staticmethod
    def resolve_source_label(obj):
        return obj.get_source_display()


class FundingLineIn(Schema):
    source: FundingSource
    programme: str = ""
    amount: Decimal = Field(description="Not negative.")
    currency: CurrencyCode = Currency.SEK.value
    exchange_rate: Decimal | None = Field(
        None, description="SEK per unit of the currency; required with its date for EUR."
    )
    rate_date: datetime.date | None = None


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: datetime.date | None
    done_on: datetime.date | None


class MilestoneIn(Schema):
    title: str
    due_on: datetime.date | None = None
    done_on: datetime.date | None = None


class PartOut(Schema):
    id: int
    title: str
    weight: Decimal = Field(description="How much the part counts in the project's roll-up.")
    progress: int | None
    rolled_up_progress: int | None

    @staticmethod
    def resolve_rolled_up_progress(obj):
        return obj.rolled_up_progress()


# Activities ------------------------------------------------------------------------------


# Built by endpoints/activity_rows.py as plain values. A pydantic model rather than a
# ninja Schema: it reads a dictionary directly, where a Schema asks every field through
# its getter object (a third of the list's time). No docstring: it would be published.
class ActivityOut(BaseModel):
    id: int
    title: str
    description: str
    committee: int
    committee_name: str
    administration: str
    kind: ActivityKind
    kind_label: str
    status: ActivityStatus
    status_label: str
    start_date: datetime.date
    end_date: datetime.date | None
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes, e.g. FI.")
    country_names: list[str]
    partners: list[int]
    partner_names: list[str]
    twin_towns: list[int]
    twin_town_names: list[str]
    memberships: list[int]
    membership_names: list[str]
    goals: list[int] = Field(description="Ids of the development goals served (P1).")
    goal_codes: list[str]
    goal_names: list[str]
    missing_goal: bool = Field(description="True when no development goal is given (P1 warns).")
    participants_elected: int
    participants_employees: int
    participants_residents: int
    participants_young: int
    participants_total: int
    own_costs: Decimal = Field(description="SEK.")
    external_funding: Decimal = Field(
        description="Funding lines from others than the municipality, in SEK."
    )
    purpose: str
    traveller_selection: str
    travellers: str
    results: str
    lessons: str
    agenda_2030_goals: list[int]
    parent: int | None = Field(description="Id of the project this activity is part of.")
    parent_title: str | None
    weight: Decimal
    progress: int | None = Field(description="The activity's own figure, in percent.")
    rolled_up_progress: int | None = Field(
        description="A project's progress: the weighted mean of its parts' (a part without "
        "a figure counts as 0 %, weight 0 does not count), or its own figure without parts."
    )
    external_id: str
    is_public: bool
    eu_priority: bool = Field(
        description="Derived, not typed: a country in the EU on the start date, or EU funding."
    )
    is_demo: bool
    version: int


class ActivityDetail(ActivityOut):
    funding_lines: list[FundingLineOut] = Field(
        description="Read-only here; add one with POST /activities/{id}/funding-lines."
    )
    milestones: list[MilestoneOut] = Field(
        description="Read-only here; add one with POST /activities/{id}/milestones."
    )
    parts: list[PartOut] = Field(description="A project's parts and their weights.")


class ActivityIn(Schema):
    title: str
    description: str = ""
    committee: int = Field(description="Id of the responsible committee.")
    administration: str = ""
    kind: ActivityKind = Activity.Kind.PROJECT.value
    status: ActivityStatus = Activity.Status.PLANNED.value
    start_date: datetime.date
    end_date: datetime.date | None = None
    countries: list[str] = Field(
        default_factory=list, description="ISO 3166-1 alpha-2 codes, e.g. FI."
    )
    partners: list[int] = Field(default_factory=list, description="Ids of partners.")
    twin_towns: list[int] = Field(default_factory=list, description="Ids of twin towns.")
    memberships: list[int] = Field(default_factory=list, description="Ids of memberships.")
    goals: list[int] = Field(
        default_factory=list, description="Ids of development goals of your municipality."
    )
    participants_elected: int = Field(0, le=INT_MAX)
    participants_employees: int = Field(0, le=INT_MAX)
    participants_residents: int = Field(0, le=INT_MAX)
    participants_young: int = Field(0, le=INT_MAX)
    own_costs: Decimal = Field(Decimal("0"), description="SEK; not negative.")
    purpose: str = ""
    traveller_selection: str = ""
    travellers: str = ""
    results: str = ""
    lessons: str = ""
    agenda_2030_goals: list[int] = Field(default_factory=list, description="Goals 1 to 17.")
    parent: int | None = Field(None, description="Id of a project this activity is part of.")
    weight: Decimal = Decimal("1")
    progress: int | None = Field(None, description="Percent, 0 to 100.")
    external_id: str = ""
    is_public: bool = False

    @field_validator("countries", mode="before")
    @classmethod
    def _upper_countries(cls, value):
        return [_upper(code) for code in value] if isinstance(value, list) else value


class ActivityUpdate(ActivityIn):
    version: int = VERSION


class ActivityFilter(Schema):
    """The list page's filters, read by samverkan/activities/queries.py like the page's."""

    q: str | None = Field(None, description="Full-text search in Swedish.")
    year: int | None = Field(None, ge=1900, le=2200, description="Year of the start date.")
    committee: int | None = Field(None, description="Id of the responsible committee.")
    kind: ActivityKind | None = None
    country: str | None = Field(None, pattern=COUNTRY_CODE, description="ISO code, e.g. FI.")
    region: Region | None = Field(None, description="A country in the region on the start date.")
    goal: str | None = Field(
        None,
        pattern=r"^(none|\d+)$",
        description="Id of a goal (its sub-goals count too), or none for activities without.",
    )
    status: ActivityStatus | None = None
    eu_priority: bool | None = None
    public: bool | None = None

    @field_validator("country", mode="before")
    @classmethod
    def _upper_country(cls, value):
        return _upper(value)

    def to_filters(self) -> queries.ActivityFilters:
        """The typed filters of the list page (`ActivityQuerySet.filtered`)."""
        values = self.dict()
        values.pop("sort", None)
        # The same cleaning as the page's query string: a blank search is no search.
        return queries.ActivityFilters.from_params(values)


class ActivitySorted(ActivityFilter):
    sort: ActivitySort | None = Field(None, description="A leading - sorts descending.")


class ActivityTotals(Schema):
    count: int
    participants: int
    own_costs: Decimal = Field(description="SEK.")
    external_funding: Decimal = Field(
        description="Funding lines from others than the municipality, in SEK."
    )


class ActivityConflict(Schema):
    message: str
    current: ActivityDetail
