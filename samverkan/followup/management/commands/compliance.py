"""samverkan compliance YEAR --municipality CODE [--json] [--language sv|en]

Prints the policy compliance dashboard of the year: each clause's indicator with its
value, target and status, the same figures as the page /follow-up/compliance/YEAR/
(samverkan.followup.compliance). With --json it prints the shape documented in
docs/compliance-json.md. It is a report: it exits 0 whatever the statuses.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from samverkan.followup import compliance
from samverkan.organisation.models import Municipality


def format_number(value, unit: str = "") -> str:
    if value is None:
        return "–"
    text = str(compliance._number(value))
    return f"{text} {unit}".strip()


def table(rows) -> list[str]:
    """The dashboard as plain text columns: clause, value, target, status, indicator."""
    heading = (
        str(translation.gettext("Clause")),
        str(translation.gettext("Value")),
        str(translation.gettext("Target")),
        str(translation.gettext("Status")),
        str(translation.gettext("Indicator")),
    )
    lines = [
        (
            row.clause,
            format_number(row.value, row.unit),
            f"{row.comparison_label} {format_number(row.target, row.unit)}",
            row.status_label,
            row.label,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [heading, *lines]) for i in range(4)]

    def text(line):
        return "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line[:4])) + "  " + line[4]

    return [text(heading), *(text(line) for line in lines)]


class Command(BaseCommand):
    help = "Print the policy compliance dashboard of a year (exits 0 whatever the statuses)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="The year to follow up, e.g. 2025.")
        parser.add_argument(
            "--municipality", required=True, help="The four-digit municipality code, e.g. 0583."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print JSON (see docs/compliance-json.md)."
        )
        parser.add_argument(
            "--language", default=None, help="sv or en (default: the municipality's language)."
        )

    def handle(self, *args, year, municipality, json: bool, language, **options):
        try:
            place = Municipality.objects.get(code=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(f"No municipality with the code {municipality!r}.") from None
        if not 1900 <= year <= 2200:
            raise CommandError(f"{year} is not a year to follow up.")
        with translation.override(language or place.default_language):
            rows = compliance.dashboard(place, year)
            if json:
                self.stdout.write(_dumps(compliance.as_json(place, year, rows)))
                return
            title = translation.gettext("Policy compliance %(year)s – %(municipality)s") % {
                "year": year,
                "municipality": place.name,
            }
            self.stdout.write(title)
            for line in table(rows):
                self.stdout.write(line)
            counts = compliance.summary(rows)
            self.stdout.write(
                ", ".join(f"{label}: {counts[code]}" for code, label in compliance.STATUSES)
            )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
