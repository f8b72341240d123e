"""samverkan import_calls FILE_OR_URL --municipality CODE [--skip-bad] [--dry-run]

Reads the EU Funding & Tenders Portal's search-API answers (one file, or a directory
of pages) or its bulk file grantsTenders.json, then creates or updates the calls in one
transaction. A bad record stops the import with the list of problems and nothing
written, unless --skip-bad: then the bad records are skipped and listed.
See docs/calls-import.md for a daily cron/systemd example.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samverkan.funding import actions, importer
from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Municipality


class Command(BaseCommand):
    help = "Import calls from the EU Funding & Tenders Portal (JSON file, directory or URL)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="A .json file, a directory of .json pages, or a URL.")
        parser.add_argument(
            "--municipality", required=True, help="The four-digit municipality code, e.g. 0583."
        )
        parser.add_argument(
            "--skip-bad", action="store_true", help="Skip (and list) records that cannot be read."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def handle(self, *args, **options):
        try:
            municipality = Municipality.objects.get(code=options["municipality"])
        except Municipality.DoesNotExist:
            raise CommandError(f"No municipality with code {options['municipality']}.") from None
        try:
            read = importer.read_calls(options["source"])
        except importer.BadFile as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        if read.problems:
            listing = "\n".join(f"  {problem}" for problem in read.problems)
            if not options["skip_bad"]:
                raise CommandError(
                    f"{len(read.problems)} of {read.total} records cannot be read; "
                    f"nothing was imported (use --skip-bad to skip them):\n{listing}"
                )
            self.stderr.write(f"Skipped {len(read.problems)} bad records:\n{listing}")
        with transaction.atomic():
            result = actions.import_calls(municipality, read.records, acting_user=SYSTEM)
            if options["dry_run"]:
                transaction.set_rollback(True)
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(
            f"{read.total} records read ({read.duplicates} duplicates merged, "
            f"{len(read.problems)} skipped): calls {verb} created {result.created}, "
            f"updated {result.updated}, unchanged {result.unchanged}."
        )
        if result.past_deadline:
            self.stdout.write(
                f"{result.past_deadline} calls have all their deadlines in the past: "
                "they are shown as closed."
            )
