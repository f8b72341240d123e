"""The compiled report's pages: HTML on the site, DOCX and PDF as downloads."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from samverkan.lib.downloads import REPORT, download_name
from samverkan.lib.views import require
from samverkan.operations import actions as operations

from .build import build_report
from .html import page_context

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(request, year):
    require(request, "followup.view_account", request.municipality)
    return build_report(request.municipality, year)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def filename(report, extension: str) -> str:
    return download_name(REPORT, report.municipality.code, report.year, extension=extension)


@login_required
def report_page(request, year: int):
    report = _report(request, year)
    return TemplateResponse(request, "followup/report/page.html", page_context(report))


def _start(request, year: int, file_format: str):
    """POST (the report page's buttons): make the file in the background and follow it."""
    from ..tasks import render_report

    require(request, "followup.view_account", request.municipality)
    job = operations.start_job(
        request,
        kind=f"report-{file_format}",
        title=_("Report %(year)s as %(format)s") % {"year": year, "format": file_format.upper()},
        task=render_report,
        year=year,
        file_format=file_format,
    )
    return redirect("job", pk=job.pk)


@login_required
def report_docx(request, year: int):
    if request.method == "POST":
        return _start(request, year, "docx")
    from .docx import render_docx

    # GET still answers with the file itself, for links and scripts made before the jobs.
    report = _report(request, year)
    return _download(render_docx(report), DOCX_TYPE, filename(report, "docx"))


@login_required
def report_pdf(request, year: int):
    if request.method == "POST":
        return _start(request, year, "pdf")
    from .pdf import render_pdf

    report = _report(request, year)
    return _download(render_pdf(report), "application/pdf", filename(report, "pdf"))
