"""The compiled report as DOCX (python-docx): real Heading 1/2/3 styles, tables, charts as PNG.

Word and LibreOffice open it as an ordinary document: the headings build the navigation
pane and a table of contents, the tables can be edited, every chart carries its text
alternative in the picture's description.
"""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm

from .build import Report


def _table(document, caption: str, columns: list, rows: list) -> None:
    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=max(1, len(columns)))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, columns, strict=False):
        cell.text = str(column)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    if not rows:
        table.add_row().cells[0].text = _("None this year.")
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = "–" if value is None else str(value)


def _picture(document, png: bytes, alt: str) -> None:
    document.add_picture(io.BytesIO(png), width=Cm(16))
    # The text alternative: Word reads it from the drawing's "descr" attribute.
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", alt)
    inline.docPr.set("title", alt[:120])


def render_docx(report: Report) -> bytes:
    document = Document()
    document.core_properties.title = report.title
    document.add_heading(report.title, level=0)
    document.add_heading(_("Introduction"), level=1)
    for paragraph in report.introduction:
        document.add_paragraph(paragraph)
    document.add_heading(_("Overview figures"), level=1)
    if report.key_figures:
        _table(document, _("Key figures"), [_("Figure"), _("Value")], report.key_figures)
    for chart in report.charts:
        document.add_heading(chart.title, level=2)
        if chart.is_empty:
            document.add_paragraph(_("No data for this chart this year."))
        else:
            _picture(document, chart.png(), chart.alt)
            if chart.kind == "map":
                document.add_paragraph(_("Map: Natural Earth (public domain)."))
        columns = chart.columns[:2]
        rows = chart.table_rows
        _table(document, _("%(title)s: the figures") % {"title": chart.title}, columns, rows)
    document.add_heading(_("The bodies' accounts"), level=1)
    if report.missing:
        document.add_paragraph(
            _("Not yet approved: %(bodies)s.") % {"bodies": ", ".join(report.missing)}
        )
    if not report.accounts:
        document.add_paragraph(_("No account is approved yet for this year."))
    for item in report.accounts:
        account = item.account
        document.add_heading(account.body.name, level=2)
        document.add_paragraph(
            _("Approved by the committee on %(date)s, § %(paragraph)s.")
            % {
                "date": account.decision_date.isoformat() if account.decision_date else "–",
                "paragraph": account.decision_paragraph,
            }
        )
        for section in item.sections:
            document.add_heading(str(section["label"]).capitalize(), level=3)
            for paragraph in (section["text"] or "").split("\n\n"):
                if paragraph.strip():
                    document.add_paragraph(paragraph.strip())
        document.add_heading(_("Figures"), level=3)
        for table in item.tables:
            if table["rows"]:
                _table(document, table["title"], table["columns"], table["rows"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
