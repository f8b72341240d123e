"""The compiled report as PDF: WeasyPrint lays out the standalone HTML document."""

from .build import Report
from .html import render_document


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_document(report), base_url=None).write_pdf()
