"""The policy compliance dashboard and the report's overview figures, as JSON.

GET /compliance/{year}   every indicator of the policy pack: value, target, status
                         (samverkan.followup.compliance, as the page and the command)
GET /reports/{year}      the overview figures of the compiled report
                         (samverkan.followup.figures.overview); ?body= for one body

Every member of the municipality may read them (readers too).
"""

from ninja import Path, Router

from samverkan.followup import compliance, figures
from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.organisation.models import Body

from ..auth import SIGNED_IN
from ..schemas import InvalidInput
from ..schemas_followup_compliance import ComplianceOut, ReportOut
from .registry import READ

router = Router(auth=SIGNED_IN, tags=["follow-up"])

YEAR = Path(..., ge=1900, le=2200, description="The year, e.g. 2025.")


@router.get("/compliance/{year}", response={200: ComplianceOut, 400: InvalidInput, **READ})
def get_compliance(request, year: int = YEAR):
    """Each clause P1–P15 with its indicator's value, target and status for the year."""
    require(request, "samverkan.view_record", request.municipality)
    rows = compliance.dashboard(request.municipality, year)
    return compliance.as_json(request.municipality, year, rows)


@router.get("/reports/{year}", response={200: ReportOut, 400: InvalidInput, **READ})
def get_report_figures(request, year: int = YEAR, body: int | None = None):
    """The overview figures of the year's report; with ?body=<id>, one body's figures."""
    require(request, "samverkan.view_record", request.municipality)
    chosen = None
    if body is not None:
        chosen = tenancy.get_scoped_or_404(request, Body, body)
    found = figures.overview(request.municipality, year, body=chosen)
    return {
        **found,
        "municipality": {"code": request.municipality.code, "name": request.municipality.name},
    }


routers: list = [router]
