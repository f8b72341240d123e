"""Sweden's municipalities: public reference data, readable without signing in."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
from samverkan.organisation.models import Municipality

from ..schemas import Error, InvalidInput


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


router = Router(tags=["municipalities"])


@router.get("/municipalities", response={200: list[MunicipalityOut], 400: InvalidInput})
@paginate(PageNumberPagination)
def list_municipalities(request, filters: Query[MunicipalityFilter]):
    municipalities = Municipality.objects.select_related("county").order_by("name", "code")
    if filters.county:
        municipalities = municipalities.filter(county__code=filters.county)
    if filters.q:
        municipalities = municipalities.filter(name__icontains=filters.q.strip())
    return municipalities


@router.get("/municipalities/{code}", response={200: MunicipalityOut, 404: Error})
def get_municipality(request, code: str):
    return get_object_or_404(Municipality.objects.select_related("county"), code=code)
