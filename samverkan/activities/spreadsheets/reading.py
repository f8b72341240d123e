"""Reading an uploaded spreadsheet into rows, whatever its name says.

The type is read from the content: an .xlsx is a ZIP holding xl/workbook.xml; anything
else must be text (a CSV in UTF-8, UTF-16 or Windows-1252, separated by commas,
semicolons or tabs). Old .xls and OpenDocument files get a message saying what to save
them as. Rows keep the number the spreadsheet shows, so problems can point at them.

An .xlsx is streamed (openpyxl's read-only mode) and its memory is bounded: a workbook
that would unpack to more than SAMVERKAN_IMPORT_MAX_UNPACKED_MB is refused before any of
it is parsed (a small file can unpack to gigabytes), reading stops past the row limit,
and cells beyond MAX_COLUMNS are not kept. The pages read an upload once and keep the
rows (`save_table`, `load_table`), so the later steps never parse the workbook again.
"""

import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .values import is_blank

# A refusal above this many rows, rather than minutes of work (SAMVERKAN_IMPORT_MAX_ROWS).
DEFAULT_MAX_ROWS = 50_000
# An .xlsx unpacks to many times its size; refuse one that would unpack to more than this
# (SAMVERKAN_IMPORT_MAX_UNPACKED_MB): a workbook of 50,000 full rows unpacks to far less.
DEFAULT_MAX_UNPACKED_MB = 100
# Cells after this many columns are not kept (the import has about 30 columns).
MAX_COLUMNS = 100

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel (.xls) and other Office 97 files


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Table:
    rows: list[tuple[int, list]]  # (row number as the spreadsheet shows it, cells)
    file_type: str  # "xlsx" or "csv"
    sheet: str = ""
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


def max_rows() -> int:
    return int(getattr(settings, "SAMVERKAN_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_unpacked_bytes() -> int:
    megabytes = getattr(settings, "SAMVERKAN_IMPORT_MAX_UNPACKED_MB", DEFAULT_MAX_UNPACKED_MB)
    return int(megabytes) * 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f}".replace(",", "\u00a0") + "\u00a0MB"


def _too_long(limit):
    return SpreadsheetError(
        _(
            "The file has more than %(limit)s rows; an import takes at most %(limit)s. "
            "Split it into smaller files and import them one after the other."
        )
        % {"limit": f"{limit:,}".replace(",", "\u00a0")}
    )


def read_table(data: bytes, name: str = "") -> Table:
    """The rows of a spreadsheet file, blank rows left out; raises SpreadsheetError."""
    if not data or not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(OLE2):
        raise SpreadsheetError(
            _(
                "This is an old Excel file (.xls). Open it in Excel or LibreOffice and "
                "save it as an Excel workbook (.xlsx) or as CSV, then upload that."
            )
        )
    return _read_csv(data)


def _read_xlsx(data: bytes) -> Table:
    import openpyxl  # imported here: only imports and exports need it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
                raise SpreadsheetError(
                    _(
                        "This is an OpenDocument spreadsheet (.ods). Save it as an Excel "
                        "workbook (.xlsx) or as CSV, then upload that."
                    )
                )
            if "xl/workbook.xml" not in names:
                raise SpreadsheetError(_not_a_spreadsheet())
            # The sizes the archive declares bound what zipfile unpacks (it stops there).
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > max_unpacked_bytes():
                raise SpreadsheetError(
                    _(
                        "The workbook unpacks to %(size)s; an import reads at most %(limit)s. "
                        "Remove other sheets, pictures and empty formatted cells, or save "
                        "it as CSV, then upload it again."
                    )
                    % {
                        "size": _megabytes(unpacked),
                        "limit": _megabytes(max_unpacked_bytes()),
                    }
                )
    except zipfile.BadZipFile:
        raise SpreadsheetError(_not_a_spreadsheet()) from None
    try:
        # Read-only streams the sheet; formulas come as their text ("=SUM(...)"),
        # never calculated: the import reports them.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(
            _("The workbook could not be read: it may be damaged or protected by a password.")
        ) from None
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise SpreadsheetError(_("The workbook has no sheets."))
        sheet = sheets[0]
        # Some programs write a wrong size into the sheet; read every cell there is.
        sheet.reset_dimensions()
        limit = max_rows()
        rows = []
        cut = False
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(cells) > MAX_COLUMNS:
                cut = cut or any(not is_blank(cell) for cell in cells[MAX_COLUMNS:])
                cells = cells[:MAX_COLUMNS]
            if all(is_blank(cell) for cell in cells):
                continue
            rows.append((number, _trimmed(cells)))
            if len(rows) > limit + 1:  # the header and `limit` rows are allowed
                raise _too_long(limit)
        table = Table(rows=rows, file_type="xlsx", sheet=sheet.title)
        if cut:
            table.notes.append(
                _("Only the first %(count)s columns were read.") % {"count": MAX_COLUMNS}
            )
        if len(sheets) > 1:
            table.notes.append(
                _("The workbook has %(count)s sheets; only the first, %(sheet)s, was read.")
                % {"count": len(sheets), "sheet": sheet.title}
            )
        return table
    finally:
        workbook.close()


def _trimmed(cells) -> list:
    """The cells without the empty ones at the end of the row."""
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return list(cells[:end])


def _not_a_spreadsheet():
    return _(
        "The file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file "
        "(values separated by commas or semicolons)."
    )


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise SpreadsheetError(_not_a_spreadsheet()) from None
    if b"\x00" in data[:8192]:
        raise SpreadsheetError(_not_a_spreadsheet())
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        decoded = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SpreadsheetError(_not_a_spreadsheet()) from None
    return decoded, "Windows-1252"


def _delimiter(sample: str) -> str:
    """The separator that splits the first lines into the most equal, widest rows."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1
    for delimiter in (";", ",", "\t"):
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        widths = [count for count in counts if count > 1]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = widths.count(common) * common
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes) -> Table:
    content, encoding = _decode(data)
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in content[:8192]):
        raise SpreadsheetError(_not_a_spreadsheet())
    delimiter = _delimiter(content[:65536])
    limit = max_rows()
    rows = []
    try:
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
        # Numbered by record, as a spreadsheet program shows the file (a quoted cell
        # over two lines is still one row).
        for number, cells in enumerate(reader, start=1):
            if all(is_blank(cell) for cell in cells):
                continue
            rows.append((number, cells))
            if len(rows) > limit + 1:
                raise _too_long(limit)
    except csv.Error:
        raise SpreadsheetError(_not_a_spreadsheet()) from None
    if not rows:
        raise SpreadsheetError(_("The file is empty."))
    if max(len(cells) for _number, cells in rows[:HEADER_ROWS]) < 2:
        raise SpreadsheetError(
            _("No columns were found: the values must be separated by commas, semicolons or tabs.")
        )
    return Table(rows=rows, file_type="csv", encoding=encoding, delimiter=delimiter)


HEADER_ROWS = 30


# Keeping the rows between the steps of the import pages ---------------------------------

_TAGS = {
    "datetime": datetime.datetime.fromisoformat,
    "date": datetime.date.fromisoformat,
    "time": datetime.time.fromisoformat,
    "timedelta": lambda seconds: datetime.timedelta(seconds=seconds),
}


def _encode_cell(value):
    # A cell is never a list: a list is a tagged value (a date, a time, a duration).
    if isinstance(value, datetime.datetime):
        return ["datetime", value.isoformat()]
    if isinstance(value, datetime.date):
        return ["date", value.isoformat()]
    if isinstance(value, datetime.time):
        return ["time", value.isoformat()]
    if isinstance(value, datetime.timedelta):
        return ["timedelta", value.total_seconds()]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _decode_cell(value):
    if isinstance(value, list):
        return _TAGS[value[0]](value[1])
    return value


def save_table(table: Table, path: Path) -> None:
    """The rows as read, one JSON line each, so that later steps need not read the file."""
    with open(path, "w", encoding="utf-8") as out:
        meta = {
            "file_type": table.file_type,
            "sheet": table.sheet,
            "encoding": table.encoding,
            "delimiter": table.delimiter,
            "notes": [str(note) for note in table.notes],
        }
        out.write(json.dumps(meta, ensure_ascii=False) + "\n")
        for number, cells in table.rows:
            row = [number, [_encode_cell(cell) for cell in cells]]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def load_table(path: Path) -> Table:
    """The rows `save_table` kept; raises OSError when they are gone."""
    with open(path, encoding="utf-8") as source:
        meta = json.loads(source.readline())
        rows = []
        for line in source:
            number, cells = json.loads(line)
            rows.append((number, [_decode_cell(cell) for cell in cells]))
    return Table(rows=rows, **meta)
