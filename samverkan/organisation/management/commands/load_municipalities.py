from django.core.management.base import BaseCommand

from samverkan.organisation.actions import load_municipalities


class Command(BaseCommand):
    help = "Load (or update) Sweden's 21 counties and 290 municipalities with their official codes."

    def handle(self, *args, **options):
        counties, municipalities = load_municipalities()
        self.stdout.write(f"{counties} counties and {municipalities} municipalities loaded.")
