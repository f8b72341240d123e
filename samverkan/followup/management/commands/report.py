"""samverkan report YEAR --municipality CODE --format html|docx|pdf --output FILE

Writes the compiled report of the year's international cooperation (the municipality's
section for the annual report), with the same content as the page /follow-up/report/YEAR/.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from samverkan.followup.report.build import build_report
from samverkan.organisation.models import Municipality

FORMATS = ("html", "docx", "pdf")


def render(report, fmt: str) -> bytes:
    if fmt == "html":
        from samverkan.followup.report.html import render_document

        return render_document(report).encode("utf-8")
    if fmt == "docx":
        from samverkan.followup.report.docx import render_docx

        return render_docx(report)
    from samverkan.followup.report.pdf import render_pdf

    return render_pdf(report)


class Command(BaseCommand):
    help = "Write the compiled yearly report of international cooperation as HTML, DOCX or PDF."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="The year the report covers, e.g. 2025.")
        parser.add_argument(
            "--municipality", required=True, help="The four-digit municipality code, e.g. 0583."
        )
        parser.add_argument("--format", choices=FORMATS, default="html", dest="fmt")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--language", default=None, help="sv or en (default: the municipality's language)."
        )

    def handle(self, *args, year, municipality, fmt, output, language, **options):
        try:
            place = Municipality.objects.get(code=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(f"No municipality with the code {municipality!r}.") from None
        if not 1900 <= year <= 2100:
            raise CommandError(f"{year} is not a year.")
        with translation.override(language or place.default_language):
            content = render(build_report(place, year), fmt)
        path = Path(output)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}") from None
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes, {fmt}).")
