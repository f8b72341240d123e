"""Make the messy committee spreadsheets the import tests read (run it to regenerate them).

    uv run python tests/activities/data/make_messy.py

messy_committee.xlsx looks like a committee's own list: a merged title row and a note
above the header, blank lines, headings of its own ("Aktivitet", "Datum", "Antal
deltagare", "Kommentar"), Swedish numbers and dates written every which way, a real
date cell, a totals row with a formula, and three mistakes: a misspelt committee, an end
date before the start and text in the cost column. messy_committee_fixed.xlsx is the
same list after the official has corrected the three mistakes.
"""

import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).parent
HEADINGS = [
    "Aktivitet",
    "Nämnd",
    "Typ",
    "Datum",
    "Till",
    "Land",
    "Kostnad (kr)",
    "Antal deltagare",
    "Status",
    "Kommentar",
]


def rows(fixed: bool):
    return [
        [
            "Studiebesök i Hyvinges skolor",
            "Bildningsnämnden",
            "Studiebesök",
            "14/3 2025",
            "16/3 2025",
            "Finland",
            "12 500,00 kr",
            "4",
            "Genomförd",
            "Rektorer och lärare",
        ],
        None,  # a blank line between terms
        [
            "Lärarutbyte Erasmus+",
            "Bildningsnämnden" if fixed else "Bildningsnämden",
            "Personalutbyte",
            datetime.datetime(2025, 4, 2),
            "2025-04-09",
            "Tyskland; Polen",
            "1 234,50",
            6,
            "Avslutad",
            None,
        ],
        [
            "Eurocities kunskapskonferens",
            "bildningsnamnden",
            "Konferens",
            "14.5.2025",
            "16.5.2025" if fixed else "13.5.2025",
            "Belgien",
            "8 900 kr",
            "2 st",
            "genomförd",
            "Slutdatum?",
        ],
        None,
        None,
        [
            "Ungdomsutbyte med Daugavpils",
            "BIN",
            "Ungdomsutbyte",
            "10 juni 2025",
            "-",
            "Lettland",
            "5 000" if fixed else "ca 5 000",
            "12",
            "Planerad",
            None,
        ],
        [
            "Nätverksmöte Eigersund",
            "Bildningsnämnden",
            "Nätverksmöte",
            "1 sep 2025",
            None,
            "Norge",
            "0",
            None,
            "planerad",
            None,
        ],
        [
            "Summa",
            None,
            None,
            None,
            None,
            None,
            "=SUM(G5:G12)",
            "=SUM(H5:H12)",
            None,
            None,
        ],
    ]


def make(path: Path, fixed: bool) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Aktiviteter 2025"
    sheet["A1"] = "Bildningsnämndens internationella aktiviteter 2025"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:J1")
    sheet["A2"] = "Sammanställd av nämndsekreteraren, uppdaterad 2025-09-15"
    sheet.merge_cells("A2:J2")
    # Row 3 blank; the header on row 4.
    for column, heading in enumerate(HEADINGS, start=1):
        sheet.cell(row=4, column=column, value=heading).font = Font(bold=True)
    for offset, values in enumerate(rows(fixed)):
        if values is None:
            continue
        for column, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=5 + offset, column=column, value=value)
    sheet["D7"].number_format = "yyyy-mm-dd"  # the real date cell
    # Fixed timestamps: the committed files change only when their content does.
    stamp = datetime.datetime(2025, 9, 15, 12, 0)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.save(path)


if __name__ == "__main__":
    make(HERE / "messy_committee.xlsx", fixed=False)
    make(HERE / "messy_committee_fixed.xlsx", fixed=True)
    print("wrote", HERE / "messy_committee.xlsx", "and", HERE / "messy_committee_fixed.xlsx")
