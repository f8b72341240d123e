"""The compiled report as DOCX (python-docx): real Heading 1/2/3 styles, tables, charts as PNG.

Word and LibreOffice open it as an ordinary document: the headings (Word's built-in
Title and Heading styles) build the navigation pane and a table of contents, the tables can
be edited, every chart carries its text alternative in the picture's description. The page
is A4, the language the interface's (sv-SE or en-GB, on the styles), the author the
municipality.
"""

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm

from .build import Report
from .charts import render

# Word's language tag for each interface language: the spelling checker and hyphenation.
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(20), "right": Mm(20)}


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


def _picture(document, chart) -> None:
    # At the figure's own width, so that its text prints at the size it was drawn in
    # (charts.TEXT_PT, never below 8 pt); 6.4 inches fit between A4's 20 mm margins.
    figure = chart.figure()
    png, alt = render(figure, "png"), chart.alt
    document.add_picture(io.BytesIO(png), width=Inches(figure.get_figwidth()))
    # The text alternative: Word reads it from the drawing's "descr" attribute.
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", alt)
    inline.docPr.set("title", alt[:120])


def language_tag() -> str:
    """The Word language of the active interface language: sv-SE, or en-GB."""
    language = (translation.get_language() or "sv").split("-")[0]
    return LANGUAGE_TAGS.get(language, LANGUAGE_TAGS["sv"])


def _set_language(document, tag: str) -> None:
    """The language of every style (the defaults' w:lang and any style's own) and of the
    theme fonts, so that Word checks the spelling in it."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if run_defaults is None or run_defaults.find(qn("w:rPr")) is None:
        raise ValueError("The DOCX template has no default run properties.")
    properties = run_defaults.find(qn("w:rPr"))
    if properties.find(qn("w:lang")) is None:
        properties.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)
    for lang in document.settings.element.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), tag)


def _prepare(document, report: Report) -> None:
    """A4 with 20 mm margins, the interface's language, and the municipality as author."""
    for section in document.sections:
        section.page_width, section.page_height = A4
        for side, size in MARGINS.items():
            setattr(section, f"{side}_margin", size)
    tag = language_tag()
    _set_language(document, tag)
    properties = document.core_properties
    properties.title = report.title
    properties.author = report.municipality.name
    properties.last_modified_by = report.municipality.name
    properties.subject = _("International cooperation")
    properties.comments = ""
    properties.language = tag
    properties.created = properties.modified = timezone.now()
    properties.revision = 1


def render_docx(report: Report) -> bytes:
    document = Document()
    _prepare(document, report)
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
            _picture(document, chart)
            if chart.kind == "map":
                document.add_paragraph(_("Map: Natural Earth (public domain)."))
        columns = chart.columns[:2]
        rows = chart.table_rows
        _table(document, _("%(title)s: the figures") % {"title": chart.title}, columns, rows)
    document.add_heading(_("Compliance with the steering documents"), level=1)
    if report.compliance:
        _table(
            document,
            _("Each indicator of the steering documents: the year's value against its target"),
            [_("Clause"), _("Indicator"), _("Value"), _("Target"), _("Status")],
            report.compliance,
        )
    else:
        document.add_paragraph(
            _("No steering document with indicators is loaded for this municipality.")
        )
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
