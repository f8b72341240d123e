"""The compiled report in its three formats, from the demo's round (last year)."""

import html
import io
import re
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation
from docx import Document

from samverkan.followup import figures
from samverkan.followup.report.build import build_report
from samverkan.followup.report.docx import render_docx
from samverkan.followup.report.html import render_document
from samverkan.followup.report.tables import number

YEAR = timezone.localdate().year - 1
HEADINGS = ["Introduction", "Overview figures", "Activities per committee", "Partner countries"]


@pytest.fixture
def report(demo):
    with translation.override("en"):
        yield build_report(demo.motala, YEAR)


def test_the_report_takes_its_figures_from_the_overview(demo, report):
    overview = figures.overview(demo.motala, YEAR)
    charts = {chart.key: chart for chart in report.charts}
    assert {
        "per_committee",
        "per_country",
        "per_region",
        "eu_share",
        "funding",
        "trainings",
        "map",
    } <= set(charts)
    assert [row[1] for row in charts["per_committee"].rows] == [
        row.count for row in overview.activities_per_committee
    ]
    assert [row[2] for row in charts["map"].rows] == [
        row.code for row in overview.partner_countries
    ]
    assert [row[0] for row in charts["eu_share"].rows] == [
        str(y) for y in range(YEAR - 4, YEAR + 1)
    ]
    assert ["Activities", number(overview.activities)] in report.key_figures
    assert all(chart.alt for chart in report.charts)
    # Only approved accounts are in; the others are named as missing.
    assert report.accounts and all(item.account.is_approved for item in report.accounts)
    assert "Bildningsnämnden" in report.missing


def test_the_html_page_has_every_chart_with_alt_text_and_table(demo):
    client = Client()
    client.force_login(demo.users["reader"])
    with translation.override("en"):
        response = client.get(f"/follow-up/report/{YEAR}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<img src="data:image/svg+xml;base64,') >= 5
    assert 'alt="Bar chart of the number of activities per committee:' in page or "alt=" in page
    assert page.count("the figures</caption>") == 7
    assert "Natural Earth" in page
    assert "Kommunstyrelsen" in page
    outsider = Client()
    outsider.force_login(demo.users["vadstena-coordinator"])
    other = outsider.get(f"/follow-up/report/{YEAR}/").content.decode()
    assert "Vadstena" in other and "Motala" not in other
    assert "Bildningsnämnden" not in other


def test_the_docx_has_real_headings_tables_and_pictures(report):
    with translation.override("en"):
        document = Document(io.BytesIO(render_docx(report)))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    names = [text for _style, text in headings]
    for heading in HEADINGS:
        assert heading in names
    assert ("Heading 1", "The bodies' accounts") in headings
    assert ("Heading 2", "Kommunstyrelsen") in headings
    assert len(document.tables) >= 8
    assert document.tables[0].rows[0].cells[0].text == "Figure"
    assert len(document.inline_shapes) >= 5
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert all(descriptions)


def test_the_pdf_shows_the_headings(tmp_path, demo):
    # A real PDF read by a real tool: .ci/run installs poppler-utils; no skip hides its absence.
    assert shutil.which("pdftotext"), "pdftotext is missing: install poppler-utils"
    output = tmp_path / "report.pdf"
    call_command(
        "report", str(YEAR), municipality="0583", format="pdf", output=str(output), language="en"
    )
    assert output.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True).stdout
    for heading in [*HEADINGS, "The bodies' accounts", "Kommunstyrelsen"]:
        assert heading in text


def test_the_command_writes_html_and_docx_and_refuses_bad_input(tmp_path, demo):
    html = tmp_path / "report.html"
    call_command(
        "report", str(YEAR), municipality="0583", format="html", output=str(html), language="en"
    )
    content = html.read_text()
    assert (
        content.startswith("<!doctype html>")
        and '<h2 id="overview">Overview figures</h2>' in content
    )
    docx = tmp_path / "report.docx"
    call_command("report", str(YEAR), municipality="0583", format="docx", output=str(docx))
    assert Document(str(docx)).paragraphs
    with pytest.raises(CommandError, match="No municipality"):
        call_command("report", str(YEAR), municipality="9999", output=str(html))
    with pytest.raises(CommandError, match="Cannot write"):
        call_command(
            "report", str(YEAR), municipality="0583", output=str(tmp_path / "no" / "x.html")
        )


def test_a_year_without_a_round_still_reports(demo):
    with translation.override("en"):
        report = build_report(demo.motala, 2001)
        document = render_document(report)
    assert report.round is None and report.accounts == []
    assert "No round of yearly accounts has been opened for this year." in document
    assert "No account is approved yet for this year." in document


# Fit for the annual report: A4, the reader's language, tagged, legible ---------------------


def _docx(demo, language):
    with translation.override(language):
        return Document(io.BytesIO(render_docx(build_report(demo.motala, YEAR))))


def _style_languages(document) -> set[str]:
    from docx.oxml.ns import qn

    return {lang.get(qn("w:val")) for lang in document.styles.element.iter(qn("w:lang"))}


def test_the_docx_is_a4_in_swedish_by_the_municipality(demo):
    document = _docx(demo, "sv")
    for section in document.sections:
        assert abs(section.page_width.mm - 210) < 0.1
        assert abs(section.page_height.mm - 297) < 0.1
        for margin in (section.left_margin, section.right_margin, section.top_margin):
            assert 15 <= margin.mm <= 30
    assert _style_languages(document) == {"sv-SE"}
    properties = document.core_properties
    assert properties.author == demo.motala.name
    assert properties.last_modified_by == demo.motala.name
    assert properties.language == "sv-SE"
    assert demo.motala.name in properties.title and str(YEAR) in properties.title
    assert "python-docx" not in f"{properties.author} {properties.comments}"
    # Word's built-in heading styles.
    styles = {p.style.style_id for p in document.paragraphs if p.text}
    assert {"Title", "Heading1", "Heading2", "Heading3"} <= styles
    assert all(p.style.builtin for p in document.paragraphs if p.style.name.startswith("Heading"))


def test_the_english_docx_is_in_british_english(demo):
    document = _docx(demo, "en")
    assert _style_languages(document) == {"en-GB"}
    assert document.core_properties.language == "en-GB"
    assert document.core_properties.author == demo.motala.name


def test_chart_text_is_at_least_8_pt_where_it_is_printed(demo, report):
    from matplotlib.text import Text

    from samverkan.followup.report.charts import render

    document = Document(io.BytesIO(render_docx(report)))
    printed_widths = [shape.width.inches for shape in document.inline_shapes]
    drawn = [chart for chart in report.charts if not chart.is_empty]
    assert drawn and len(printed_widths) == len(drawn)
    for chart, printed in zip(drawn, printed_widths, strict=True):
        figure = chart.figure()
        render(figure, "png")  # lays the text out, as in the document
        scale = printed / figure.get_figwidth()  # printed size over drawn size
        sizes = [
            text.get_fontsize() * scale
            for text in figure.findobj(Text)
            if text.get_visible() and text.get_text().strip()
        ]
        assert sizes and min(sizes) >= 8, (chart.key, min(sizes))


def _pdf(demo, tmp_path, language="sv"):
    from samverkan.followup.report.pdf import render_pdf

    with translation.override(language):
        report = build_report(demo.motala, YEAR)
        path = tmp_path / "report.pdf"
        path.write_bytes(render_pdf(report))
        return path, render_document(report)


def _effective_text_sizes(path) -> list[tuple[float, str]]:
    """Every piece of text in the PDF with its printed size in points (pypdf)."""
    import math

    from pypdf import PdfReader

    found = []
    for page in PdfReader(path).pages:

        def visit(text, cm, tm, _font, size):
            if text.strip():
                c = tm[2] * cm[0] + tm[3] * cm[2]
                d = tm[2] * cm[1] + tm[3] * cm[3]
                found.append((size * math.hypot(c, d), text.strip()))

        page.extract_text(visitor_text=visit)
    return found


def test_the_pdf_is_tagged_legible_and_keeps_headings_with_their_text(demo, tmp_path):
    assert shutil.which("pdfinfo"), "pdfinfo is missing: install poppler-utils"
    path, source = _pdf(demo, tmp_path)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(r"^Page size:.*\(A4\)$", info, re.M), info
    # Chart text (SVG in the PDF) and everything else: at least 8 pt on paper.
    sizes = _effective_text_sizes(path)
    assert sizes and min(size for size, _text in sizes) >= 7.95, sorted(sizes)[:5]
    # No heading (nor a table's caption) is the last line of a page.
    headings = {
        html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
        for text in re.findall(r"<(?:h[1-4]|caption)[^>]*>(.*?)</(?:h[1-4]|caption)>", source, re.S)
    }
    layout = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True
    ).stdout
    pages = [page for page in layout.split("\f") if page.strip()]
    assert len(pages) > 3
    for page_number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(r"\d+ / \d+", line)]
        assert body[-1] not in headings, (page_number, body[-1])
