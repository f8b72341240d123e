"""Export: the list's filter to .xlsx and .csv, agreeing with the list's totals; a round
trip through a spreadsheet changes only what was edited; formulas are neutralised."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from samverkan.activities.models import Activity, FundingLine
from samverkan.activities.spreadsheets import exporter, importer, reading
from samverkan.organisation.models import Body

ROWS = (
    "Titel;Nämnd;Typ;Startdatum;Slutdatum;Länder;Kostnad (kr);Deltagare anställda;"
    "Deltagare unga;Beskrivning;Status\n"
    "Studiebesök Tartu;BIN;Studiebesök;2025-03-14;2025-03-16;Estland;12 500,50;4;0;"
    "Skolor;Genomförd\n"
    "Lärarutbyte;BIN;Personalutbyte;2025-04-02;;Tyskland; Polen;1 234,50;6;2;"
    "'- tre lärare;Avslutad\n"
    "Ungdomsutbyte;Socialnämnden;Ungdomsutbyte;2024-06-10;;Lettland;5 000;1;12;;Planerad\n"
    '\'=HYPERLINK("http://x");Socialnämnden;Konferens;2025-05-05;;Norge;0;1;0;@SUM(A1);Planerad\n'
)


@pytest.fixture
def activities(demo):
    # Semicolons inside the country cell need quoting in a CSV; write that row by hand.
    text = ROWS.replace("Tyskland; Polen", '"Tyskland; Polen"')
    report = importer.run_import(
        reading.read_table(text.encode()), municipality=demo.motala, dry_run=False
    )
    assert report.ok, report.problems
    exchange = Activity.objects.get(municipality=demo.motala, title="Lärarutbyte")
    FundingLine.objects.create(
        municipality=demo.motala,
        activity=exchange,
        source=FundingLine.Source.EU_PROGRAMME,
        programme="Erasmus+",
        amount=Decimal("1000"),
        currency="EUR",
        exchange_rate=Decimal("11.5"),
        rate_date="2025-03-01",
    )
    FundingLine.objects.create(
        municipality=demo.motala,
        activity=exchange,
        source=FundingLine.Source.OWN,
        amount=Decimal("300"),
    )
    return Activity.objects.filter(municipality=demo.motala, is_demo=False)


@pytest.fixture
def reader(client, demo):
    client.force_login(demo.users["reader"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    return client


def _xlsx_rows(content):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def _csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    return rows[0], rows[1:]


def _sum(rows, header, heading, parse=Decimal):
    index = header.index(heading)
    return sum(parse(str(row[index]).replace(",", ".")) for row in rows)


@pytest.mark.parametrize("query", ["", "committee={bin}", "year=2025", "country=EE", "kind=other"])
def test_list_totals_and_export_agree_on_the_same_filter(reader, demo, activities, query):
    query = query.format(bin=demo.own_committee.pk)
    totals = reader.get(f"{reverse('activity-list')}?{query}").context["totals"]
    xlsx = reader.get(f"{reverse('activity-export')}?{query}&format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"] == exporter.XLSX_TYPE
    header, rows = _xlsx_rows(xlsx.content)
    header_csv, rows_csv = _csv_rows(reader.get(f"{reverse('activity-export')}?{query}&format=csv"))
    assert header == header_csv
    assert len(rows) == len(rows_csv) == totals["count"]
    participants = [h for h in header if h.startswith("Deltagare")]
    for found in (rows, rows_csv):
        assert sum(_sum(found, header, h, int) for h in participants) == totals["participants"]
        assert _sum(found, header, "Kostnad (kr)") == totals["own_costs"]
        assert _sum(found, header, "Extern finansiering (kr)") == totals["external_funding"]
    page = reader.get(f"{reverse('activity-export')}?{query}")
    assert page.status_code == 200 and page.context["totals"] == totals


def test_export_neutralises_formulas_and_keeps_swedish_values(reader, activities):
    header, rows = _xlsx_rows(reader.get(f"{reverse('activity-export')}?format=xlsx").content)
    titles = [row[header.index("Titel")] for row in rows]
    assert '\'=HYPERLINK("http://x")' in titles
    descriptions = {row[header.index("Beskrivning")] for row in rows}
    assert {"'- tre lärare", "'@SUM(A1)"} <= descriptions
    header, rows_csv = _csv_rows(reader.get(f"{reverse('activity-export')}?format=csv"))
    by_title = {row[header.index("Titel")]: row for row in rows_csv}
    tartu = by_title["Studiebesök Tartu"]
    assert tartu[header.index("Kostnad (kr)")] == "12500,50"
    assert tartu[header.index("Startdatum")] == "2025-03-14"
    assert tartu[header.index("Typ")] == "Studiebesök"
    assert tartu[header.index("Länder")] == "Estland"
    assert (
        by_title["Lärarutbyte"][header.index("Länder")] == "Polen; Tyskland"
        or by_title["Lärarutbyte"][header.index("Länder")] == "Tyskland; Polen"
    )
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows_csv for cell in row)


def test_round_trip_changes_only_what_was_edited(reader, demo, activities):
    content = reader.get(f"{reverse('activity-export')}?format=xlsx").content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    versions = {a.pk: a.version for a in Activity.objects.filter(municipality=demo.motala)}
    edited = {}
    for row in sheet.iter_rows(min_row=2):
        title = row[header.index("Titel")].value
        if title == "Studiebesök Tartu":
            row[header.index("Titel")].value = "Studiebesök i Tartu"
            edited["title"] = row[header.index("Samverkan-id")].value
        if title == "Ungdomsutbyte":
            row[header.index("Kostnad (kr)")].value = "6 000,00 kr"
            edited["cost"] = row[header.index("Samverkan-id")].value
    buffer = io.BytesIO()
    workbook.save(buffer)
    with translation.override("sv"):
        report = importer.run_import(
            reading.read_table(buffer.getvalue()), municipality=demo.motala, dry_run=False
        )
    assert report.ok, report.problems
    assert (report.created, report.updated) == (0, 2)
    assert report.unchanged == len(versions) - 2  # the demo's activities too
    renamed = Activity.objects.get(pk=edited["title"])
    assert renamed.title == "Studiebesök i Tartu"
    assert Activity.objects.get(pk=edited["cost"]).own_costs == Decimal("6000")
    for activity in Activity.objects.filter(municipality=demo.motala):
        expected = versions[activity.pk] + (1 if activity.pk in edited.values() else 0)
        assert activity.version == expected, activity
    formula = Activity.objects.get(municipality=demo.motala, title__startswith="=")
    assert formula.title == '=HYPERLINK("http://x")' and formula.description == "@SUM(A1)"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_unedited_csv_export_imports_back_unchanged(client, demo, activities, language):
    client.force_login(demo.users["coordinator"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.get(f"{reverse('activity-export')}?format=csv")
    data = b"".join(response.streaming_content)
    # Headings and names are recognised in either language, whatever the active one.
    with translation.override("en"):
        report = importer.run_import(
            reading.read_table(data), municipality=demo.motala, dry_run=False
        )
    assert report.ok, report.problems
    assert report.created == report.updated == 0
    assert report.unchanged == Activity.objects.filter(municipality=demo.motala).count()
    assert any("Computed columns are not imported" in note for note in report.notes)


def test_export_queries_do_not_grow_with_rows(reader, demo, activities):
    def count():
        with CaptureQueriesContext(connection) as context:
            response = reader.get(f"{reverse('activity-export')}?format=xlsx")
        assert response.status_code == 200
        return len(context.captured_queries)

    before = count()
    for i in range(20):
        Activity.objects.create(
            municipality=demo.motala,
            title=f"Extra {i}",
            committee=demo.own_committee,
            start_date="2025-01-01",
        )
    assert count() == before


def test_export_needs_a_role_in_the_municipality(client, demo):
    assert client.get(reverse("activity-export")).status_code == 302  # to the login page
    client.force_login(demo.users["vadstena-coordinator"])
    header, rows = _xlsx_rows(client.get(f"{reverse('activity-export')}?format=xlsx").content)
    vadstena = set(Body.objects.filter(municipality=demo.vadstena).values_list("name", flat=True))
    assert {row[header.index("Nämnd")] for row in rows} <= vadstena  # only its own
