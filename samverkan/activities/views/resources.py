"""Resource pages: each body's budget and staff time for international work, per year.

The table lists every body of the year (KS and the committees) and shows those with
nothing recorded: a gap there is what the resources indicator looks for.
"""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.lib.views import confirm_delete, form_page, require
from samverkan.organisation import tenancy
from samverkan.organisation.access import can_create, limit_committee_field, require_create
from samverkan.organisation.models import Body

from .. import access, actions
from ..forms import ResourceForm
from ..models import Resource

YEARS_SHOWN = 5


def _bodies(request):
    # The council (KF) sets no budget of its own for international work: KS and committees.
    return list(tenancy.scoped(request, Body).exclude(kind=Body.Kind.COUNCIL))


def _year_from(request) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


@login_required
def resource_list(request):
    require(request, "samverkan.view_record", request.municipality)
    this_year = timezone.localdate().year
    chosen = _year_from(request)
    resources = list(access.resources_for(request))
    recorded_years = {r.year for r in resources}
    if chosen is not None:
        years = [chosen]
    else:
        years = sorted(recorded_years | {this_year}, reverse=True)[:YEARS_SHOWN]
    bodies = _bodies(request)
    by_key = {(r.body_id, r.year): r for r in resources}
    user = request.user
    tables = []
    for year in years:
        rows = []
        for body in bodies:
            resource = by_key.get((body.pk, year))
            rows.append(
                {
                    "body": body,
                    "resource": resource,
                    "can_change": resource is not None
                    and user.has_perm("samverkan.change_record", resource),
                    "can_add": resource is None
                    and user.has_perm("samverkan.add_record", access.resource_maker(request)(body)),
                }
            )
        recorded = [row["resource"] for row in rows if row["resource"]]
        tables.append(
            {
                "year": year,
                "rows": rows,
                "missing": sum(1 for row in rows if row["resource"] is None),
                "budget": sum((r.budget_sek for r in recorded), Decimal("0")),
                "fte": sum((r.staff_fte for r in recorded), Decimal("0")),
            }
        )
    return TemplateResponse(
        request,
        "activities/resource_list.html",
        {
            "tables": tables,
            "year_choices": sorted(recorded_years | {this_year, this_year + 1}, reverse=True),
            "chosen_year": chosen,
            "can_add": can_create(request, access.resource_maker(request)),
        },
    )


def _save_resource(request):
    def save(form):
        if form.instance._state.adding:
            return actions.create_resource(
                request.municipality, form.changes(), acting_user=request.user
            )
        return actions.update_resource(
            form.instance,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        )

    return save


def _page(request, form, title):
    # Back to the year's table (a resource has no page of its own).
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    return form_page(
        request,
        form,
        save=_save_resource(request),
        title=title,
        cancel_url=reverse("resource-list"),
        saved_message=_("The resources were saved."),
        success_url=f"{reverse('resource-list')}?year={year}",
    )


@login_required
def resource_create(request):
    require_create(request, access.resource_maker(request))
    initial = {"year": _year_from(request) or timezone.localdate().year}
    body = request.GET.get("body", "")
    if body.isdigit():
        initial["body"] = int(body)
    form = ResourceForm(
        request.POST or None,
        instance=Resource(municipality=request.municipality),
        municipality=request.municipality,
        initial=initial,
    )
    limit_committee_field(request, form, "body")
    return _page(request, form, _("Record resources"))


@login_required
def resource_edit(request, pk):
    resource = access.get_resource_for(request, pk, perm="samverkan.change_record")
    form = ResourceForm(request.POST or None, instance=resource, municipality=request.municipality)
    limit_committee_field(request, form, "body")
    return _page(
        request,
        form,
        _("Resources of %(body)s %(year)s") % {"body": resource.body, "year": resource.year},
    )


@login_required
def resource_delete(request, pk):
    resource = access.get_resource_for(request, pk, perm="samverkan.delete_record")
    url = f"{reverse('resource-list')}?year={resource.year}"
    return confirm_delete(
        request,
        resource,
        url,
        url,
        delete=lambda obj: actions.delete_resource(obj, acting_user=request.user),
    )
