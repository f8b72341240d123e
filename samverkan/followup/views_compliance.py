"""The compliance dashboard: a year's indicators, and the records behind each.

HTTP glue only: the figures are samverkan.followup.compliance's, the same the API and
the `samverkan compliance` command print. Every member of the municipality (readers too)
may see them.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from samverkan.activities.models import Activity
from samverkan.lib import changes
from samverkan.lib.views import paginate, require
from samverkan.organisation import tenancy
from samverkan.registry.authority import Violation

from . import compliance
from .models import AccountRound

FIRST_YEAR = 1900  # as the API's year
# Detail pages of the records an indicator may list, by model (read from the URL names:
# followup imports no other app's pages).
DETAIL_URL_NAMES = {
    "partner": "partner-detail",
    "contact": "contact-detail",
    "decision": "decision-detail",
    "agreement": "agreement-detail",
    "twintown": "twintown-detail",
    "networkmembership": "membership-detail",
    "activity": "activity-detail",
    "application": "application-detail",
    "body": "body-detail",
    "training": "training-detail",
    "watchitem": "watchitem-detail",
    "yearlyaccount": "account-detail",
}


def _year_choices(request) -> list[int]:
    """The years with activities, and the current year: one aggregate query."""
    this_year = timezone.localdate().year
    # Changed only by actions: kept under the data version.
    span = changes.cached(
        request.municipality.pk,
        "activity-year-span",
        lambda: tenancy.scoped(request, Activity).aggregate(
            first=Min("start_date"), last=Max("start_date")
        ),
    )
    first = span["first"].year if span["first"] else this_year
    last = max(span["last"].year if span["last"] else this_year, this_year)
    return list(range(last, first - 1, -1))


def _default_year(request) -> int:
    """The latest year with a round of yearly accounts (the year being followed up), else
    the current year."""
    this_year = timezone.localdate().year
    latest = (
        tenancy.scoped(request, AccountRound)
        .filter(year__lte=this_year)
        .aggregate(year=Max("year"))["year"]
    )
    return latest or this_year


def _valid_year(value) -> int | None:
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        return None
    return year if FIRST_YEAR <= year <= 2200 else None


@login_required
def compliance_latest(request):
    """/follow-up/compliance/ (and the year picker's ?year=): to a year's dashboard."""
    require(request, "samverkan.view_record", request.municipality)
    year = _valid_year(request.GET.get("year")) or _default_year(request)
    return redirect("compliance-dashboard", year=year)


def _check_year(year: int) -> None:
    if _valid_year(year) is None:
        raise Http404("No such year")


@login_required
def compliance_dashboard(request, year: int):
    require(request, "samverkan.view_record", request.municipality)
    _check_year(year)
    rows = compliance.dashboard(request.municipality, year)
    return TemplateResponse(
        request,
        "followup/compliance/dashboard.html",
        {
            "year": year,
            "rows": rows,
            "summary": [
                (code, label, compliance.summary(rows)[code]) for code, label in compliance.STATUSES
            ],
            "years": _year_choices(request),
        },
    )


def record_link(item) -> dict:
    """A record the indicator counted, as a label, a link to its page and a note."""
    note = ""
    if isinstance(item, Violation):
        note, item = item.message, item.record
    url = None
    name = DETAIL_URL_NAMES.get(item._meta.model_name)
    if name:
        try:
            url = reverse(name, args=[item.pk])
        except NoReverseMatch:
            url = None
    return {
        "label": str(item),
        "kind": item._meta.verbose_name,
        "url": url,
        "note": note,
    }


@login_required
def compliance_records(request, year: int, key: str):
    """The records behind one indicator's number."""
    require(request, "samverkan.view_record", request.municipality)
    _check_year(year)
    indicator = compliance.indicators_of(request.municipality).filter(key=key).first()
    if indicator is None:
        raise Http404("No such indicator")
    found = compliance.compute(request.municipality, year, key)
    row = compliance.row_for(indicator, year, found)
    page = paginate(request, found.records if found.records is not None else [], 50)
    return TemplateResponse(
        request,
        "followup/compliance/records.html",
        {
            "year": year,
            "row": row,
            "page": page,
            "links": [record_link(item) for item in page],
            "has_records": found.records is not None,
        },
    )
