"""Reading what people type into spreadsheets: Swedish numbers and dates, headings, encodings."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from samverkan.activities.spreadsheets import columns, reading, values


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1 234,50 kr", Decimal("1234.50")),
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234,50\u00a0kr", Decimal("1234.50")),
        ("1234.5", Decimal("1234.5")),
        ("1.234,50", Decimal("1234.50")),
        ("1,234.50", Decimal("1234.50")),
        ("1.234.567", Decimal("1234567")),
        ("12 500:-", Decimal("12500")),
        ("5 000 SEK", Decimal("5000")),
        ("\u2212500", Decimal("-500")),
        (1234.5, Decimal("1234.5")),
        (12, Decimal("12")),
        ("-", None),
        ("", None),
    ],
)
def test_swedish_numbers(cell, expected):
    assert values.decimal(cell) == expected


@pytest.mark.parametrize("cell", ["ca 5 000", "fem tusen", "12,5,5 kr x", "1 2a", True])
def test_text_in_a_number_column(cell):
    with pytest.raises(values.ValueProblem):
        values.decimal(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025-03-14", datetime.date(2025, 3, 14)),
        ("2025-3-4", datetime.date(2025, 3, 4)),
        ("14/3 2025", datetime.date(2025, 3, 14)),
        ("14/3/2025", datetime.date(2025, 3, 14)),
        ("14.3.2025", datetime.date(2025, 3, 14)),
        ("14.03.25", datetime.date(2025, 3, 14)),
        ("20250314", datetime.date(2025, 3, 14)),
        ("14 mars 2025", datetime.date(2025, 3, 14)),
        ("14 March 2025", datetime.date(2025, 3, 14)),
        ("2025-03-14 09:30", datetime.date(2025, 3, 14)),
        (datetime.datetime(2025, 3, 14, 0, 0), datetime.date(2025, 3, 14)),
        (45730, datetime.date(2025, 3, 14)),  # an Excel day number
        ("", None),
    ],
)
def test_swedish_dates(cell, expected):
    assert values.date(cell) == expected


@pytest.mark.parametrize("cell", ["31/2 2025", "mars", "2025", "14 foo 2025", 12])
def test_not_dates(cell):
    with pytest.raises(values.ValueProblem):
        values.date(cell)


def test_integers_and_yes_no():
    assert values.integer("12 st") == 12
    assert values.integer("50 %") == 50
    with pytest.raises(values.ValueProblem, match="whole number"):
        values.integer("2,5")
    assert values.boolean("Ja") is True and values.boolean("nej") is False
    assert values.boolean("Intern") is False and values.boolean("X") is True
    with pytest.raises(values.ValueProblem):
        values.boolean("kanske")


def test_exported_apostrophe_is_taken_off_only_before_formula_characters():
    assert values.text("'=SUM(A1)") == "=SUM(A1)"
    assert values.text("'- punkt") == "- punkt"
    assert values.text("'t is") == "'t is"
    assert values.is_formula("=SUM(A1)") and not values.is_formula("'=SUM(A1)")


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Titel", "title"),
        ("TITLE", "title"),
        ("Nämnd", "committee"),
        ("namnd", "committee"),
        ("Kostnad (kr)", "own_costs"),
        ("Kostnad:", "own_costs"),
        ("Start date", "start_date"),
        ("Slutdatum", "end_date"),
        ("Land", "countries"),
        ("Extern id", "external_id"),
        ("External ID", "external_id"),
        ("Deltagare unga", "participants_young"),
        ("Syfte", "purpose"),
        ("Typ", "kind"),
        ("Kommentar", None),
    ],
)
def test_headings_recognised_in_swedish_and_english(heading, key):
    assert columns.recognise(heading) == key


def test_header_found_below_title_rows():
    rows = [
        (1, ["Bildningsnämndens aktiviteter 2025", None, None]),
        (2, ["Uppdaterad 2025-09-15", None, None]),
        (4, ["Titel", "Nämnd", "Startdatum"]),
        (5, ["Resa", "BIN", "2025-01-01"]),
    ]
    assert columns.find_header(rows) == 2
    assert columns.column_letter(0) == "A" and columns.column_letter(27) == "AB"


def test_csv_encodings_and_separators():
    utf16 = "Titel\tNämnd\tStartdatum\nÅbo\tBIN\t2025-01-01\n".encode("utf-16")
    table = reading.read_table(utf16)
    assert table.encoding == "UTF-16" and table.delimiter == "\t"
    assert table.rows[1] == (2, ["Åbo", "BIN", "2025-01-01"])
    bom = '\ufeffTitel;Nämnd;Kostnad\nA;BIN;"1 234,50"\n'.encode()
    table = reading.read_table(bom)
    assert table.encoding == "UTF-8" and table.delimiter == ";"
    assert table.rows[0][1][0] == "Titel"


def test_a_file_of_100000_rows_is_refused_at_the_default_limit():
    line = "Studieresa;Bildningsnämnden;2025-01-01;1 000\n"
    data = ("Titel;Nämnd;Startdatum;Kostnad\n" + line * 100_000).encode()
    with pytest.raises(reading.SpreadsheetError, match="more than 50\u00a0000 rows"):
        reading.read_table(data)
