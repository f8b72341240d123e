"""The one way to write a spreadsheet export (CSV or .xlsx): formula-safe.

A cell whose text starts like a formula (= + - @, or a tab or carriage return, which
some programs skip before looking) is written with an apostrophe before it: a
spreadsheet program shows it as text and never runs it (CSV injection). Numbers, dates
and empty cells are written as they are, so a negative amount stays a number. Every
export writes through these helpers; the activity import takes the apostrophe off again.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text starting like a formula gets an apostrophe: shown as text, never run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text `neutralise` wrote, for an import reading an export back."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def safe_row(values) -> list:
    return [neutralise(value) for value in values]


class _Echo:
    """A file that hands back what is written: a CSV writer then returns each line."""

    def write(self, value):
        return value


class CsvWriter:
    """csv.writer whose every cell is neutralised. Without `out`, writerow() returns the
    line, for a streamed response."""

    def __init__(self, out=None, **options):
        self._writer = csv.writer(out if out is not None else _Echo(), **options)

    def writerow(self, values):
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows):
        for values in rows:
            self.writerow(values)


class CsvDictWriter:
    """csv.DictWriter whose every cell is neutralised (the header row too)."""

    def __init__(self, out, fieldnames, **options):
        self._writer = csv.DictWriter(out, fieldnames=fieldnames, **options)
        self.fieldnames = fieldnames

    def writeheader(self):
        return self._writer.writerow({name: neutralise(name) for name in self.fieldnames})

    def writerow(self, row: dict):
        return self._writer.writerow({key: neutralise(value) for key, value in row.items()})

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def xlsx_cell(sheet, value):
    """A write-only .xlsx cell holding `value`, neutralised (openpyxl would otherwise
    store text starting with "=" as a formula)."""
    from openpyxl.cell import WriteOnlyCell

    return WriteOnlyCell(sheet, value=neutralise(value))
