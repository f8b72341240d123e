"""The compiled report as HTML: the site's page and the standalone document the PDF is made of."""

from django.template.loader import render_to_string
from django.utils import translation

from .build import Report


def _charts(report: Report) -> list:
    for chart in report.charts:
        chart.svg_uri = "" if chart.is_empty else chart.svg_data_uri()
    return report.charts


def page_context(report: Report) -> dict:
    return {"report": report, "charts": _charts(report)}


def render_document(report: Report) -> str:
    """A whole HTML document without the site's navigation: the command's file, the PDF's source."""
    return render_to_string(
        "followup/report/print.html",
        {**page_context(report), "language": translation.get_language() or "sv"},
    )
