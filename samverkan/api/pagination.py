"""Pages of a list: ninja's page numbers, bounded so that the offset fits the database."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

from samverkan.lib.inputs import INT_MAX


class PageNumberPagination(NinjaPageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=INT_MAX)
        page_size: int | None = Field(None, ge=1, le=INT_MAX)
