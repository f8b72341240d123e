from django.core.management.base import BaseCommand

from samverkan.api.openapi import openapi_text


class Command(BaseCommand):
    help = "Print the API's OpenAPI document: samverkan export_openapi > docs/openapi.json"

    def handle(self, *args, **options):
        self.stdout.write(openapi_text(), ending="")
