"""What the API takes and gives: the typed contract the OpenAPI document describes.

Inputs check types and shapes here; the domain's rules (a goal's parent, the years,
lengths and choices) are checked by the same forms the pages use.
"""

from typing import Literal

from ninja import Field, Schema

from samverkan.organisation.models import Body, Goal

BodyKind = Literal[tuple(Body.Kind.values)]
GoalLevel = Literal[tuple(Goal.Level.values)]


# Errors ----------------------------------------------------------------------------


class Error(Schema):
    message: str


class FieldError(Schema):
    field: str = Field(description="The JSON field or query parameter, dotted for nested ones.")
    message: str


class InvalidInput(Schema):
    message: str
    errors: list[FieldError]


# Municipalities (public reference data) -------------------------------------------


class CountyOut(Schema):
    code: str
    name: str


class MunicipalityOut(Schema):
    code: str = Field(description="The official four-digit kommunkod, e.g. 0583.")
    name: str
    county: CountyOut


class MunicipalityFilter(Schema):
    county: str | None = Field(None, description="County code, e.g. 05.")
    q: str | None = Field(None, description="Part of the name.")


# Decision bodies -------------------------------------------------------------------


class BodyOut(Schema):
    id: int
    kind: BodyKind
    name: str
    abbreviation: str
    administration: str
    description: str
    version: int


class BodyIn(Schema):
    kind: BodyKind
    name: str
    abbreviation: str = ""
    administration: str = ""
    description: str = ""


class BodyUpdate(BodyIn):
    version: int = Field(description="The version you read; a newer one answers 409.")


class BodyFilter(Schema):
    kind: BodyKind | None = None
    q: str | None = Field(None, description="Part of the name.")


class BodyConflict(Schema):
    message: str
    current: BodyOut


# Development programme goals -------------------------------------------------------


class GoalOut(Schema):
    id: int
    parent: int | None = Field(description="Id of the goal this one is part of.")
    level: GoalLevel
    code: str
    title: str
    description: str
    valid_from_year: int
    valid_to_year: int | None
    version: int

    @staticmethod
    def resolve_parent(obj):
        return obj.parent_id


class GoalIn(Schema):
    parent: int | None = Field(
        None, description="Id of a goal of the same municipality, one level up."
    )
    level: GoalLevel
    code: str = ""
    title: str
    description: str = ""
    valid_from_year: int
    valid_to_year: int | None = None


class GoalUpdate(GoalIn):
    version: int = Field(description="The version you read; a newer one answers 409.")


class GoalFilter(Schema):
    level: GoalLevel | None = None
    year: int | None = Field(None, description="Only goals that apply in this year.")


class GoalConflict(Schema):
    message: str
    current: GoalOut
