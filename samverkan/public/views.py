"""The public pages: anyone may read them, without signing in.

HTTP glue only: what is shown comes from samverkan.public.data (the rows) and access
(which records are public); the open-data files and the anonymous API show the same rows.
Every page answers GET (and HEAD) only; the one page that changes anything, the
publication settings, is for the municipality's administrator.
"""

from django.conf import settings as django_settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from samverkan.followup.report.build import build_report
from samverkan.followup.report.charts import Chart
from samverkan.followup.report.html import page_context
from samverkan.lib.downloads import REPORT, download_name
from samverkan.lib.publication import conditional
from samverkan.lib.views import form_page, paginate

from . import access, actions, data, dcat, opendata
from .forms import PublicationSettingsForm
from .models import PublicationSettings

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Pages with a template of their own; the others share the list template.
LIST_REGISTERS = ["policies", "twin-towns", "memberships", "agreements", "activities", "countries"]
PUBLIC_PAGE_SIZE = 50


def _context(municipality, settings, **extra) -> dict:
    if "register" in extra:
        extra["api_url"] = dcat.api_path(municipality.code, extra["register"])
    return {
        "public_municipality": municipality,
        "registers": [(name, data.TITLES[name]) for name in data.published_registers(settings)],
        "can_manage": False,
        **extra,
    }


@require_safe
def index(request):
    return TemplateResponse(
        request,
        "public/index.html",
        {"municipalities": data.municipality_rows(), "licence": data.licence()},
    )


@require_safe
def municipality_page(request, code):
    municipality, settings = access.get_municipality(code)
    can_manage = request.user.has_perm("samverkan.manage_users", municipality)
    return TemplateResponse(
        request,
        "public/municipality.html",
        {
            **_context(municipality, settings),
            "can_manage": can_manage,
            "licence": data.licence(),
            "formats": ["csv", "json"],
        },
    )


def _country_map(rows, municipality):
    """The partner countries as the report's map (SVG), or None when there are none."""
    if not rows:
        return None
    chart = Chart(
        key="map",
        title=_("Partner countries"),
        columns=[_("Country"), _("Partners"), _("Code")],
        rows=[[r["country_name"], r["partners"] or r["activities"], r["country"]] for r in rows],
        alt=_("Map of the partner countries of %(m)s, shaded by count: %(items)s.")
        % {
            "m": municipality.name,
            "items": "; ".join(
                f"{r['country_name']} {r['partners'] or r['activities']}" for r in rows
            ),
        },
        kind="map",
        extra={"legend": _("Partners"), "credit": _("Map: Natural Earth (public domain)")},
    )
    return {"uri": chart.svg_data_uri(), "alt": chart.alt}


@require_safe
def register_page(request, code, register):
    municipality, settings = access.get_municipality(code)
    if register in ("reports", "compliance"):
        return report_list(request, municipality, settings, register)
    if register not in LIST_REGISTERS:
        raise Http404("No such register")
    extra = {}
    if register == "activities":
        # Hundreds a year in a large municipality: a page at a time (the open data has all).
        access.require(settings, register)
        page = paginate(request, access.activities(municipality), per_page=PUBLIC_PAGE_SIZE)
        rows = [data.activity_row(activity) for activity in page]
        extra.update(page=page, total=page.paginator.count)
    else:
        rows = data.rows(municipality, settings, register)
    if register == "countries":
        extra["map"] = _country_map(rows, municipality)
    return TemplateResponse(
        request,
        f"public/{register}.html",
        _context(
            municipality,
            settings,
            register=register,
            title=data.TITLES[register],
            rows=rows,
            formats=["csv", "json"],
            **extra,
        ),
    )


def report_list(request, municipality, settings, register):
    access.require(settings, register)
    return TemplateResponse(
        request,
        "public/reports.html",
        _context(
            municipality,
            settings,
            register=register,
            title=data.TITLES[register],
            years=access.approved_years(municipality),
            formats=["csv", "json"],
        ),
    )


@require_safe
def activity_page(request, code, pk):
    municipality, settings = access.get_municipality(code)
    row = data.activity(municipality, settings, pk)
    return TemplateResponse(
        request, "public/activity.html", _context(municipality, settings, activity=row)
    )


@require_safe
def policy_page(request, code, pk):
    municipality, settings = access.get_municipality(code)
    access.require(settings, "policies")
    row = data.policy_row(access.get_policy(municipality, pk))
    return TemplateResponse(
        request, "public/policy.html", _context(municipality, settings, policy=row)
    )


def _approved_report(code, year):
    year = int(year)
    municipality, settings = access.get_municipality(code)
    access.require(settings, "reports")
    access.require_approved_year(municipality, year)
    return municipality, settings, build_report(municipality, year)


@require_safe
def report_page(request, code, year):
    municipality, settings, report = _approved_report(code, year)
    return TemplateResponse(
        request,
        "public/report.html",
        _context(municipality, settings, **page_context(report)),
    )


def _download(content, content_type, report, extension):
    response = HttpResponse(content, content_type=content_type)
    name = download_name(REPORT, report.municipality.code, report.year, extension=extension)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def report_docx(request, code, year):
    from samverkan.followup.report.docx import render_docx

    _m, _s, report = _approved_report(code, year)
    return _download(render_docx(report), DOCX_TYPE, report, "docx")


@require_safe
def report_pdf(request, code, year):
    from samverkan.followup.report.pdf import render_pdf

    _m, _s, report = _approved_report(code, year)
    return _download(render_pdf(report), "application/pdf", report, "pdf")


@require_safe
def compliance_page(request, code, year):
    year = int(year)
    municipality, settings = access.get_municipality(code)
    access.require(settings, "compliance")
    access.require_approved_year(municipality, year)
    return TemplateResponse(
        request,
        "public/compliance.html",
        _context(
            municipality,
            settings,
            year=year,
            rows=data.compliance_rows(municipality, year),
        ),
    )


# Open data ----------------------------------------------------------------------------


@require_safe
def open_data(request, code, register, extension):
    municipality, settings = access.get_municipality(code)
    rows = data.rows(municipality, settings, register)
    if extension == "csv":
        body, content_type = opendata.csv_bytes(register, rows), opendata.CSV_TYPE
    else:
        document = opendata.json_document(municipality, register, rows)
        body, content_type = opendata.json_bytes(document), opendata.JSON_TYPE
    return conditional(
        request,
        body,
        content_type,
        data.last_modified(municipality, register),
        Content_Disposition=f'inline; filename="{code}-{register}.{extension}"',
        Link=f'<{data.licence()}>; rel="license"',
    )


@require_safe
def catalog(request, code, extension):
    municipality, settings = access.get_municipality(code)
    graph = dcat.municipality_graph(municipality, settings, request.build_absolute_uri)
    body, content_type = dcat.serialise(graph, extension)
    return conditional(request, body, content_type, None)


@require_safe
def installation_catalog(request, extension):
    graph = dcat.installation_graph(request.build_absolute_uri)
    body, content_type = dcat.serialise(graph, extension)
    return conditional(request, body, content_type, None)


# The accessibility statement and the sitemap --------------------------------------------


@require_safe
def accessibility(request):
    return TemplateResponse(
        request,
        "public/accessibility.html",
        {
            "contact": getattr(django_settings, "SAMVERKAN_ACCESSIBILITY_CONTACT", ""),
            "compliance": getattr(django_settings, "SAMVERKAN_ACCESSIBILITY_COMPLIANCE", "partial"),
            "assessed_on": getattr(django_settings, "SAMVERKAN_ACCESSIBILITY_ASSESSED_ON", ""),
        },
    )


def sitemap_paths() -> list[str]:
    """Every public page, for the sitemap (and the tests that walk them all)."""
    paths = [reverse("public:index"), reverse("public:accessibility")]
    for municipality, settings in access.publishing_municipalities():
        code = municipality.code
        paths.append(reverse("public:municipality", args=[code]))
        for register in data.published_registers(settings):
            paths.append(reverse("public:register", args=[code, register]))
        if settings.publishes("activities"):
            paths += [
                reverse("public:activity", args=[code, pk])
                for pk in access.activities(municipality).values_list("pk", flat=True)
            ]
        if settings.publishes("policies"):
            paths += [
                reverse("public:policy", args=[code, pk])
                for pk in access.policies(municipality).values_list("pk", flat=True)
            ]
        for year in access.approved_years(municipality):
            if settings.publishes("reports"):
                paths.append(reverse("public:report", args=[code, year]))
            if settings.publishes("compliance"):
                paths.append(reverse("public:compliance", args=[code, year]))
    return paths


@require_safe
def sitemap(request):
    urls = [request.build_absolute_uri(path) for path in sitemap_paths()]
    return TemplateResponse(
        request, "public/sitemap.xml", {"urls": urls}, content_type="application/xml"
    )


# The municipality's choice of what it publishes ---------------------------------------------


@login_required
def publication_settings(request):
    municipality = getattr(request, "municipality", None)
    if municipality is None or not request.user.has_perm("samverkan.manage_users", municipality):
        raise PermissionDenied
    current = PublicationSettings.for_municipality(municipality)
    form = PublicationSettingsForm(request.POST or None, instance=current)
    return form_page(
        request,
        form,
        save=lambda form: actions.save_publication_settings(
            current,
            form.changes(),
            expected_version=form.expected_version,
            acting_user=request.user,
        ),
        title=_("What the municipality publishes"),
        cancel_url=reverse("public:municipality", args=[municipality.code])
        if current.publishes_anything
        else reverse("public:index"),
        saved_message=_("The publication settings were saved."),
        success_url=reverse("public:settings"),
        template="public/settings.html",
        context={"public_municipality": municipality},
    )
