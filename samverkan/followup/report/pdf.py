"""The compiled report as PDF: WeasyPrint lays out the standalone HTML document.

The PDF is tagged (PDF/UA-1: headings, tables, figures with their text alternatives, the
document's language and title), and print.css keeps chart text legible (at least 8 pt)
and headings with what follows them.
"""

from pathlib import Path

from .build import Report
from .html import render_document

PRINT_CSS = Path(__file__).with_name("print.css")
PDF_VARIANT = "pdf/ua-1"


def render_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=render_document(report), base_url=None).write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS))], pdf_variant=PDF_VARIANT
    )
