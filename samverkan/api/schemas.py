"""What every endpoint shares: the error answers. Each resource's schemas sit beside
its router in samverkan/api/endpoints/; they check types and shapes, the domain's rules
are the apps' actions'."""

from ninja import Field, Schema

# Errors ----------------------------------------------------------------------------


class Error(Schema):
    message: str


class FieldError(Schema):
    field: str = Field(description="The JSON field or query parameter, dotted for nested ones.")
    message: str


class InvalidInput(Schema):
    message: str
    errors: list[FieldError]
