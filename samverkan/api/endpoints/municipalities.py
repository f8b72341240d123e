"""Sweden's municipalities: public reference data, readable without signing in."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate

from samverkan.organisation.models import Municipality

from ..schemas import Error, InvalidInput, MunicipalityFilter, MunicipalityOut

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
