"""Exporting activities to .xlsx or .csv, in the columns the import reads.

The headings, choices and country names are written in the active language, which the
import recognises in either language, so a file exported, edited and imported again
changes only what was edited (the Samverkan id column keeps each row to its activity,
even when its title is edited). Every cell goes through samverkan.lib.exports, which
writes text a spreadsheet program would take as a formula (starting with = + - @, a tab
or a carriage return) with an apostrophe before it; the import takes the apostrophe off
again.
"""

import io
from decimal import Decimal

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django_countries import countries as country_list

from samverkan.lib import exports
from samverkan.lib.exports import neutralise

from ..models import Activity
from . import columns

CSV_DELIMITER = ";"  # what Excel expects in a Swedish locale
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
EXPORTED = list(columns.COLUMNS)
CHUNK = 2000


__all__ = ["csv_lines", "neutralise", "row_values", "write_xlsx"]


def with_export_fields(queryset):
    """The activities with what the export writes, in a fixed number of queries."""
    return queryset.select_related("committee").prefetch_related("countries", "partners")


def headings() -> list[str]:
    return [column.heading() for column in EXPORTED]


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def row_values(activity: Activity) -> list:
    """One activity's cells as Python values (dates, numbers, text)."""
    countries = "; ".join(
        str(country_list.name(row.country.code)) for row in activity.countries.all()
    )
    values = {
        "samverkan_id": activity.pk,
        "external_id": activity.external_id,
        "title": activity.title,
        "committee": activity.committee.name,
        "administration": activity.administration,
        "kind": activity.get_kind_display(),
        "status": activity.get_status_display(),
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "countries": countries,
        "partners": "; ".join(sorted(partner.name for partner in activity.partners.all())),
        "participants_elected": activity.participants_elected,
        "participants_employees": activity.participants_employees,
        "participants_residents": activity.participants_residents,
        "participants_young": activity.participants_young,
        "own_costs": activity.own_costs,
        "description": activity.description,
        "purpose": activity.purpose,
        "traveller_selection": activity.traveller_selection,
        "travellers": activity.travellers,
        "results": activity.results,
        "lessons": activity.lessons,
        "agenda_2030_goals": ", ".join(str(goal) for goal in activity.agenda_2030_goals or []),
        "progress": activity.progress,
        "is_public": _yes_no(activity.is_public),
        "external_funding": activity.external_funding_sek,
        "eu_priority": _yes_no(activity.eu_priority),
    }
    return [neutralise(values[column.key]) for column in EXPORTED]


def _activities(queryset):
    return with_export_fields(queryset).iterator(chunk_size=CHUNK)


def write_xlsx(queryset) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Activities"))
    bold = Font(bold=True)
    header = []
    for heading in headings():
        cell = exports.xlsx_cell(sheet, heading)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    date_columns = {index for index, column in enumerate(EXPORTED) if column.kind == "date"}
    money_columns = {index for index, column in enumerate(EXPORTED) if column.kind == "decimal"}
    for activity in _activities(queryset):
        cells = []
        for index, value in enumerate(row_values(activity)):
            cell = exports.xlsx_cell(sheet, value)
            if index in date_columns and value is not None:
                cell.number_format = "yyyy-mm-dd"
            elif index in money_columns:
                cell.number_format = "#,##0.00"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # The decimal mark of the active language ("1234,50" in Swedish), no grouping.
        return f"{value:.2f}".replace(".", get_format("DECIMAL_SEPARATOR"))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def csv_lines(queryset):
    """The CSV file line by line (UTF-8 with a byte-order mark, so Excel reads å, ä, ö)."""
    writer = exports.CsvWriter(delimiter=CSV_DELIMITER, lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(headings())
    for activity in _activities(queryset):
        yield writer.writerow([_csv_cell(value) for value in row_values(activity)])
