"""samverkan score_calls --municipality CODE: recompute every call's relevance and "why"."""

from django.core.management.base import BaseCommand, CommandError

from samverkan.funding.actions import rescore
from samverkan.organisation.models import Municipality


class Command(BaseCommand):
    help = "Score the municipality's calls against its watch profiles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipality", required=True, help="The four-digit municipality code, e.g. 0583."
        )

    def handle(self, *args, **options):
        try:
            municipality = Municipality.objects.get(code=options["municipality"])
        except Municipality.DoesNotExist:
            raise CommandError(f"No municipality with code {options['municipality']}.") from None
        changed = rescore(municipality)
        self.stdout.write(f"Scored the calls of {municipality}: {changed} changed.")
