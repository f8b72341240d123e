"""The compiled report's pages: HTML on the site, DOCX and PDF as downloads."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse

from samverkan.lib.views import require

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
    return f"international-cooperation-{report.municipality.code}-{report.year}.{extension}"


@login_required
def report_page(request, year: int):
    report = _report(request, year)
    return TemplateResponse(request, "followup/report/page.html", page_context(report))


@login_required
def report_docx(request, year: int):
    from .docx import render_docx

    report = _report(request, year)
    return _download(render_docx(report), DOCX_TYPE, filename(report, "docx"))


@login_required
def report_pdf(request, year: int):
    from .pdf import render_pdf

    report = _report(request, year)
    return _download(render_pdf(report), "application/pdf", filename(report, "pdf"))
