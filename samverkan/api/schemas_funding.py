"""What the funding endpoints take and give: programmes and calls."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from samverkan.funding.models import Call, Programme

ProgrammeLevel = Literal[tuple(Programme.Level.values)]
CallStatus = Literal[tuple(Call.Status.values)]
VERSION = Field(description="The version you read; a newer one answers 409.")


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    owner: str
    level: ProgrammeLevel
    level_label: str
    period_start_year: int | None
    period_end_year: int | None
    subject_areas: list[str]
    url: str
    description: str
    portal_codes: list[str] = Field(
        description="Identifier prefixes on the EU Funding & Tenders Portal, e.g. ERASMUS."
    )
    version: int

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()


class ProgrammeIn(Schema):
    code: str = Field(description="A short stable key, e.g. erasmus-plus.")
    name: str
    owner: str = ""
    level: ProgrammeLevel
    period_start_year: int | None = None
    period_end_year: int | None = None
    subject_areas: list[str] = []
    url: str = ""
    description: str = ""
    portal_codes: list[str] = []


class ProgrammeUpdate(ProgrammeIn):
    version: int = VERSION


class ProgrammeFilter(Schema):
    level: ProgrammeLevel | None = None
    area: str | None = Field(None, description="Programmes with this subject area.")
    q: str | None = Field(None, description="Part of the name or the owner.")


class ProgrammeConflict(Schema):
    message: str
    current: ProgrammeOut


class MatchedWord(Schema):
    word: str
    weight: float
    profile: str


class CallOut(Schema):
    id: int
    reference: str = Field(description="The portal's unique key for the record.")
    identifier: str = Field(description="The topic or call id, e.g. HORIZON-CL5-2024-D2-01-03.")
    call_identifier: str
    title: str
    summary: str
    url: str
    type: str = Field(description="Portal type: 0 tender, 1 grant topic, 2 external, 8 cascade.")
    status: CallStatus = Field(description="Derived from the dates (the portal's may be stale).")
    status_code: str = Field(description="The status code the portal gave.")
    programme: int | None
    programme_name: str
    framework_code: str
    start_date: datetime.datetime | None
    deadlines: list[datetime.datetime]
    next_deadline: datetime.datetime | None
    deadline_model: str
    types_of_action: list[str]
    keywords: list[str]
    budget: Decimal | None = Field(description="This topic's budget in EUR, if the portal gave it.")
    relevance: float
    why: list[MatchedWord] = Field(description="The watch-profile words found in the call.")
    followed: bool
    dismissed: bool
    first_seen: datetime.datetime
    last_updated: datetime.datetime

    @staticmethod
    def resolve_status(obj):
        return obj.derived_status()

    @staticmethod
    def resolve_programme(obj):
        return obj.programme_id

    @staticmethod
    def resolve_programme_name(obj):
        return obj.programme.name if obj.programme_id else ""

    @staticmethod
    def resolve_deadlines(obj):
        return obj.deadline_datetimes()

    @staticmethod
    def resolve_next_deadline(obj):
        return obj.upcoming_deadline()

    @staticmethod
    def resolve_why(obj):
        return obj.relevance_why or []

    @staticmethod
    def resolve_followed(obj):
        mark = getattr(obj, "mark", None)
        return mark is not None and mark.kind == "followed"

    @staticmethod
    def resolve_dismissed(obj):
        mark = getattr(obj, "mark", None)
        return mark is not None and mark.kind == "dismissed"


class CallFilter(Schema):
    q: str | None = Field(None, description="Words in the title, identifier or summary.")
    programme: int | None = None
    status: Literal["open", "forthcoming", "closed"] | None = None
    window: Literal[7, 30, 90] | None = Field(None, description="Next deadline within N days.")
    mark: Literal["followed", "dismissed", "all"] | None = Field(
        None, description="Dismissed calls are left out unless mark is dismissed or all."
    )
    sort: Literal["relevance", "deadline", "title"] = "relevance"


class CallMarkIn(Schema):
    action: Literal["follow", "dismiss", "clear"]
