"""samverkan load_programmes --municipality CODE: load the programme catalogue (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from samverkan.funding.actions import load_programmes
from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Municipality


class Command(BaseCommand):
    help = "Load the funding programme catalogue for a municipality (existing ones are kept)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipality", required=True, help="The four-digit municipality code, e.g. 0583."
        )

    def handle(self, *args, **options):
        try:
            municipality = Municipality.objects.get(code=options["municipality"])
        except Municipality.DoesNotExist:
            raise CommandError(f"No municipality with code {options['municipality']}.") from None
        counts = load_programmes(municipality, acting_user=SYSTEM)
        self.stdout.write(
            f"Programmes for {municipality}: {counts['created']} created, "
            f"{counts['unchanged']} already there."
        )
