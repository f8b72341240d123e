"""The open-data files: every public register as CSV and JSON (fields in data.FIELDS,
documented in docs/open-data.md), with its licence.

CSV: UTF-8 with a byte-order mark (so that spreadsheet programs read å, ä and ö), one
header row of the field names, lists joined with "; ", and every cell formula-safe
(samverkan.lib.exports). JSON: an object with the municipality, the register, the
licence, the fields and their descriptions, and the rows.
"""

import datetime
import io
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder

from samverkan.lib.exports import CsvWriter

from . import data

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"


def _cell(value) -> str:
    """A value as one CSV cell: lists joined, nested rows written as "a: b, c: d"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_cell(item)}" for key, item in value.items())
    return str(value)


def csv_bytes(register: str, rows: list[dict]) -> bytes:
    names = [name for name, _description in data.FIELDS[register]]
    out = io.StringIO()
    writer = CsvWriter(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in names])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def json_document(municipality, register: str, rows: list[dict]) -> dict:
    return {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "register": register,
        "title": str(data.TITLES[register]),
        "licence": data.licence(),
        "fields": {name: str(description) for name, description in data.FIELDS[register]},
        "rows": rows,
    }


def json_bytes(document) -> bytes:
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode("utf-8")
