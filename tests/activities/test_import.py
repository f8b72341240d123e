"""Importing activities: a committee's messy spreadsheet, bad files and bad rows, all or nothing."""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from samverkan.activities.models import Activity
from samverkan.activities.spreadsheets import importer, reading

DATA = Path(__file__).parent / "data"


@pytest.fixture
def ours(demo):
    """The activities a test imports (the demo already has Motala's own)."""
    before = list(Activity.objects.filter(municipality=demo.motala).values_list("pk", flat=True))
    return lambda: Activity.objects.filter(municipality=demo.motala).exclude(pk__in=before)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _csv(text, encoding="utf-8"):
    return reading.read_table(text.encode(encoding), "file.csv")


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _run(demo, table, **kwargs):
    kwargs.setdefault("municipality", demo.motala)
    return importer.run_import(table, **kwargs)


def _problems(report):
    return [(p.row, p.column, p.value, p.message) for p in report.problems]


def test_messy_committee_spreadsheet_reports_each_mistake_on_its_row(demo, ours):
    table = reading.read_table((DATA / "messy_committee.xlsx").read_bytes(), "messy.xlsx")
    mapping = {"Antal deltagare": "participants_employees"}
    report = _run(demo, table, mapping=mapping, dry_run=False)
    assert report.header_row == 4
    problems = _problems(report)
    assert (
        7,
        "B (Nämnd)",
        "Bildningsnämden",
        "Unknown committee 'Bildningsnämden' — did you mean 'Bildningsnämnden'?",
    ) in problems
    assert (8, "E (Till)", "13.5.2025", "The end date cannot be before the start date.") in problems
    assert (11, "G (Kostnad (kr))", "ca 5 000", "Not a number.") in problems
    assert len(problems) == 3, problems
    assert not report.written
    assert not ours().exists()
    assert any("row 13" in note.lower() and "totals" in note for note in report.notes)
    assert any("J (Kommentar)" in note for note in report.notes)


def test_fixed_spreadsheet_imports_every_row_with_swedish_values(demo, ours):
    table = reading.read_table((DATA / "messy_committee_fixed.xlsx").read_bytes(), "fixed.xlsx")
    mapping = {"Antal deltagare": "participants_employees"}
    report = _run(demo, table, mapping=mapping, dry_run=False, user=demo.users["editor"])
    assert report.ok, _problems(report)
    assert report.written and report.created == 5
    visit = Activity.objects.get(municipality=demo.motala, title="Studiebesök i Hyvinges skolor")
    assert visit.committee == demo.own_committee
    assert visit.kind == "study_visit" and visit.status == "completed"
    assert visit.start_date == datetime.date(2025, 3, 14)
    assert visit.end_date == datetime.date(2025, 3, 16)
    assert visit.own_costs == Decimal("12500.00")
    assert visit.participants_employees == 4
    assert [c.country.code for c in visit.countries.all()] == ["FI"]
    assert visit.eu_priority is True
    exchange = Activity.objects.get(municipality=demo.motala, title="Lärarutbyte Erasmus+")
    assert exchange.start_date == datetime.date(2025, 4, 2)
    assert exchange.own_costs == Decimal("1234.50")
    assert sorted(c.country.code for c in exchange.countries.all()) == ["DE", "PL"]
    youth = Activity.objects.get(municipality=demo.motala, title="Ungdomsutbyte med Daugavpils")
    assert youth.start_date == datetime.date(2025, 6, 10) and youth.end_date is None
    norway = Activity.objects.get(municipality=demo.motala, title="Nätverksmöte Eigersund")
    assert norway.eu_priority is False and norway.status == "planned"

    again = _run(demo, table, mapping=mapping, dry_run=False, user=demo.users["editor"])
    assert again.ok and again.created == 0 and again.updated == 0 and again.unchanged == 5
    assert ours().count() == 5
    assert all(a.version == 1 for a in ours())


def test_dry_run_lists_what_would_happen_and_writes_nothing(demo, ours):
    table = _csv(
        "Titel;Nämnd;Startdatum;Kostnad\nStudieresa Tartu;Bildningsnämnden;2025-03-14;1 234,50 kr\n"
    )
    report = _run(demo, table, dry_run=True)
    assert report.ok and report.created == 1
    assert report.planned[0].title == "Studieresa Tartu" and report.planned[0].row == 2
    assert not ours().exists()


def test_second_import_updates_only_the_edited_row_by_its_key(demo):
    first = _csv(
        "Title,Committee,Start date,Cost,Status\n"
        "Visit A,Bildningsnämnden,2025-01-10,100,Planned\n"
        "Visit B,Bildningsnämnden,2025-02-10,200,Planned\n"
    )
    assert _run(demo, first, dry_run=False).created == 2
    edited = _csv(
        "Title,Committee,Start date,Cost,Status\n"
        "Visit A,Bildningsnämnden,2025-01-10,100,Planned\n"
        "Visit B,Bildningsnämnden,2025-02-10,250,Completed\n"
    )
    report = _run(demo, edited, dry_run=False)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert report.planned[1].changes == ["Own costs (SEK)", "Status"]
    b = Activity.objects.get(municipality=demo.motala, title="Visit B")
    assert b.own_costs == Decimal("250") and b.status == "completed" and b.version == 2
    assert b.history.count() == 2


def test_external_id_is_the_key_when_present(demo):
    first = _csv("External id;Title;Committee;Start date\nX-1;Old title;SN;2025-01-10\n")
    assert _run(demo, first, dry_run=False).created == 1
    renamed = _csv("External id;Title;Committee;Start date\nX-1;New title;SN;2025-01-10\n")
    report = _run(demo, renamed, dry_run=False)
    assert report.updated == 1 and report.created == 0
    activity = Activity.objects.get(municipality=demo.motala, external_id="X-1")
    assert activity.title == "New title" and activity.committee == demo.other_committee


def test_a_real_run_with_one_bad_row_writes_nothing(demo, ours):
    table = _csv(
        "Title;Committee;Start date;End date;Cost\n"
        "Good;Bildningsnämnden;2025-01-10;;100\n"
        "Negative;Bildningsnämnden;2025-01-11;;-500\n"
        "Backwards;Bildningsnämnden;2025-03-10;2025-02-01;0\n"
        "Words;Bildningsnämnden;2025-03-10;;about 500\n"
        "Formula;Bildningsnämnden;2025-03-12;;=A1*2\n"
        "Nobody;Unknown board;2025-03-12;;0\n"
    )
    report = _run(demo, table, dry_run=False)
    by_row = {p.row: p for p in report.problems}
    assert set(by_row) == {3, 4, 5, 6, 7}
    assert by_row[3].column == "E (Cost)" and "greater than or equal to 0" in by_row[3].message
    assert by_row[4].column == "D (End date)"
    assert by_row[5].message == "Not a number."
    assert "formula" in by_row[6].message and by_row[6].value == "=A1*2"
    assert by_row[7].message.startswith("Unknown committee 'Unknown board'")
    assert not report.written
    assert not ours().exists()


def test_committee_editor_imports_only_their_own_committees_rows(demo, ours):
    table = _csv(
        "Title;Committee;Start date\nMine;BIN;2025-01-10\nTheirs;Socialnämnden;2025-01-10\n"
    )
    report = _run(demo, table, dry_run=False, user=demo.users["editor"])
    assert _problems(report) == [
        (
            3,
            "B (Committee)",
            "Socialnämnden",
            "You may import activities of your own committees only.",
        )
    ]
    assert not ours().exists()


def test_two_rows_for_one_activity_are_a_problem(demo):
    table = _csv(
        "Title;Committee;Start date\nSame;BIN;2025-01-10\nSAME;Bildningsnämnden;10/1 2025\n"
    )
    report = _run(demo, table)
    assert [p.row for p in report.problems] == [3]
    assert "row 2" in report.problems[0].message


def test_countries_and_kinds_by_swedish_or_english_name_or_code(demo):
    table = _csv(
        "Title;Committee;Start date;Countries;Kind;Public\n"
        'One;BIN;2025-01-10;"Tyskland, FIN, united kingdom";Study visit;Nej\n'
        "Two;BIN;2025-01-11;Estland;konferens;ja\n"
        "Three;BIN;2025-01-12;Tyskand;Studiebesok;x\n"
    )
    report = _run(demo, table, dry_run=True)
    assert _problems(report) == [
        (4, "D (Countries)", "Tyskand", "Unknown country 'Tyskand' — did you mean 'Tyskland'?")
    ]
    report = _run(
        demo,
        _csv(
            "Title;Committee;Start date;Countries;Kind;Public\n"
            'One;BIN;2025-01-10;"Tyskland, FIN, united kingdom";Study visit;Nej\n'
        ),
        dry_run=False,
    )
    one = Activity.objects.get(municipality=demo.motala, title="One")
    assert sorted(c.country.code for c in one.countries.all()) == ["DE", "FI", "GB"]
    assert one.kind == "study_visit" and one.is_public is False


def test_windows_1252_csv_with_commas(demo):
    table = reading.read_table(
        "Titel,Nämnd,Startdatum\nMöte i Åbo,Bildningsnämnden,2025-05-05\n".encode("cp1252")
    )
    assert table.encoding == "Windows-1252" and table.delimiter == ","
    report = _run(demo, table, dry_run=False)
    assert report.ok and Activity.objects.get(title="Möte i Åbo")


def test_mapping_file_for_unusual_headings(demo, tmp_path):
    path = tmp_path / "acts.csv"
    path.write_text("Vad;Vem;När;Pengar\nStudieresa;BIN;2025-02-02;100\n", encoding="utf-8")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps({"Vad": "title", "Vem": "Nämnd", "När": "start_date", "Pengar": "own_costs"})
    )
    out = io.StringIO()
    call_command(
        "import_activities", str(path), municipality="0583", mapping=str(mapping), stdout=out
    )
    assert "Imported: 1 created" in out.getvalue()
    assert Activity.objects.get(title="Studieresa").own_costs == Decimal("100")


def test_command_dry_run_and_problems(demo, tmp_path):
    path = tmp_path / "acts.csv"
    path.write_text("Titel;Nämnd;Startdatum\nA;Bildningsnämden;2025-02-02\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_activities", str(path), municipality="0583", dry_run=True, stdout=out)
    assert "Row 2, column B (Nämnd): 'Bildningsnämden': Unknown committee" in out.getvalue()
    path.write_text("Titel;Nämnd;Startdatum\nA;Bildningsnämnden;2025-02-02\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_activities", str(path), municipality="0583", dry_run=True, stdout=out)
    assert "Row 2: create 'A'" in out.getvalue() and "Dry run: 1 to create" in out.getvalue()
    assert not Activity.objects.filter(title="A").exists()
    with pytest.raises(CommandError, match="No municipality"):
        call_command("import_activities", str(path), municipality="9999")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"   \n\n", "The file is empty."),
        (b"%PDF-1.7\n\x00\x01binary", "not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel file (.xls)"),
        (b"PK\x03\x04garbage", "not a spreadsheet"),
        (b"just one line of words\nand another\n", "No columns were found"),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(data, message):
    with pytest.raises(
        reading.SpreadsheetError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        reading.read_table(data, "upload.xlsx")


def test_too_many_rows_is_refused_with_the_limit(settings):
    settings.SAMVERKAN_IMPORT_MAX_ROWS = 1000
    text = "Titel;Nämnd;Startdatum\n" + "A;BIN;2025-01-01\n" * 1001
    with pytest.raises(reading.SpreadsheetError, match="more than 1\u00a0000 rows"):
        reading.read_table(text.encode())
    data = _xlsx([["Titel", "Nämnd", "Startdatum"]] + [["A", "BIN", "2025-01-01"]] * 1001)
    with pytest.raises(reading.SpreadsheetError, match="more than 1\u00a0000 rows"):
        reading.read_table(data)


def test_header_only_and_missing_columns(demo):
    report = _run(demo, _csv("Titel;Nämnd;Startdatum\n"))
    assert [p.message for p in report.problems] == ["There are no rows below the header."]
    report = _run(demo, _csv("Titel;Kommentar\nA;b\n"))
    assert report.problems[0].message.startswith("No column was found for: responsible committee")


def test_the_history_names_who_imported_and_the_command_as_no_one(demo):
    editor = demo.users["editor"]
    table = _csv("Title;Committee;Start date;Country\nFrån filen;BIN;2025-01-10;Finland\n")
    assert _run(demo, table, dry_run=False, user=editor).created == 1
    activity = Activity.objects.get(municipality=demo.motala, title="Från filen")
    assert activity.eu_priority is True
    assert [row.history_user for row in activity.history.all()] == [editor]
    assert [row.history_user for row in activity.countries.get().history.all()] == [editor]
    edited = _csv("Title;Committee;Start date;Country\nFrån filen;BIN;2025-01-10;Norge\n")
    assert _run(demo, edited, dry_run=False).updated == 1  # as the command: SYSTEM
    activity.refresh_from_db()
    assert activity.eu_priority is False
    assert activity.history.first().history_user is None


def test_an_external_id_another_activity_has_is_found_in_the_dry_run(demo):
    first = _csv("External id;Title;Committee;Start date\nX-7;Första;SN;2025-01-10\n")
    assert _run(demo, first, dry_run=False).created == 1
    first_pk = Activity.objects.get(municipality=demo.motala, external_id="X-7").pk
    second = _csv("External id;Title;Committee;Start date\nX-8;Andra;SN;2025-02-10\n")
    assert _run(demo, second, dry_run=False).created == 1
    other = Activity.objects.get(municipality=demo.motala, external_id="X-8")
    # The exported file's Samverkan id says which row is which: giving the second the
    # first's external id is refused on its row, before anything is written.
    clash = _csv(
        f"Samverkan id;External id;Title;Committee;Start date\n{other.pk};X-7;Andra;SN;2025-02-10\n"
    )
    report = _run(demo, clash, dry_run=True)
    assert [(p.row, p.message) for p in report.problems] == [
        (2, "Another activity already has the external id X-7.")
    ]
    assert Activity.objects.get(pk=first_pk).external_id == "X-7"
