"""samverkan import_activities FILE --municipality CODE [--dry-run] [--mapping FILE]

Reads an .xlsx or .csv of activities, lists every problem (row, column, value, reason)
and what would be created or updated; without --dry-run writes all rows in one
transaction, or nothing when any row has a problem (exit status 1).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samverkan.activities.spreadsheets import columns, importer, reading
from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Municipality


def load_mapping(path: str) -> dict:
    """--mapping FILE: JSON {"Column heading": "field"}; a field is a key or a heading."""
    try:
        given = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"Cannot read the mapping {path}: {error}") from None
    if not isinstance(given, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in given.items()
    ):
        raise CommandError('The mapping must be a JSON object {"Column heading": "field"}.')
    mapping = {}
    for heading, target in given.items():
        key = columns.field_key(target)
        if key is None or (key != columns.IGNORE and columns.BY_KEY[key].export_only):
            fields = ", ".join(column.key for column in columns.IMPORTABLE)
            raise CommandError(
                f"Unknown field {target!r} for {heading!r} in the mapping. "
                f"Fields: {fields}, or {columns.IGNORE!r} to leave a column out."
            )
        mapping[heading] = key
    return mapping


class Command(BaseCommand):
    help = "Import activities from an .xlsx or .csv file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="An .xlsx or .csv file.")
        parser.add_argument(
            "--municipality", required=True, help="The four-digit municipality code, e.g. 0583."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--mapping", help='A JSON file {"Column heading": "field"} for unusual headings.'
        )

    def handle(self, *args, **options):
        try:
            municipality = Municipality.objects.get(code=options["municipality"])
        except Municipality.DoesNotExist:
            raise CommandError(f"No municipality with code {options['municipality']}.") from None
        mapping = load_mapping(options["mapping"]) if options["mapping"] else None
        try:
            data = Path(options["file"]).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}.") from None
        try:
            table = reading.read_table(data, options["file"])
        except reading.SpreadsheetError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Read {len(table.rows)} rows from {options['file']}.")
        report = importer.run_import(
            table,
            municipality=municipality,
            mapping=mapping,
            user=SYSTEM,
            dry_run=options["dry_run"],
            progress=self._progress,
        )
        self._report(report, options["dry_run"])
        if not report.ok:
            raise CommandError(
                f"{len(report.problems)} problem(s) on {report.rows_with_problems} row(s); "
                "nothing was imported."
            )

    def _progress(self, phase, done, total):
        verb = "Checked" if phase == "check" else "Wrote"
        self.stderr.write(f"{verb} {done} of {total} rows")

    def _report(self, report, dry_run):
        if report.header_row:
            headings = ", ".join(
                f"{report.headings[index]} → {key}" for index, key in sorted(report.mapping.items())
            )
            self.stdout.write(f"Header on row {report.header_row}: {headings}")
        for note in report.notes:
            self.stdout.write(f"Note: {note}")
        for planned in report.planned:
            if planned.action == "unchanged":
                continue
            line = f"Row {planned.row}: {planned.action} {planned.title!r}"
            if planned.changes:
                line += f" ({', '.join(planned.changes)})"
            self.stdout.write(line)
        for problem in report.problems:
            where = f"Row {problem.row}" if problem.row else "File"
            if problem.column:
                where += f", column {problem.column}"
            value = f" {problem.value!r}:" if problem.value else ""
            self.stdout.write(self.style.ERROR(f"{where}:{value} {problem.message}"))
        counts = (
            f"{report.created} to create, {report.updated} to update, {report.unchanged} unchanged"
        )
        if not report.ok:
            return
        if dry_run:
            self.stdout.write(f"Dry run: {counts}. Nothing was written.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported: {report.created} created, {report.updated} updated, "
                    f"{report.unchanged} unchanged."
                )
            )
