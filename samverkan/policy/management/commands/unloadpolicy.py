from django.core.management.base import BaseCommand, CommandError

from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Municipality
from samverkan.policy.actions import DocumentInUse, unload_policy
from samverkan.policy.models import PolicyDocument


class Command(BaseCommand):
    help = (
        "Remove a steering document (its clauses, rules and indicators) that nothing refers "
        "to; it goes to the trash. Otherwise say what refers to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("key", help="The document's key, as its pack's policy.key.")
        parser.add_argument("--municipality", required=True, help="Municipality code, e.g. 0583")

    def handle(self, *args, key, municipality, **options):
        document = PolicyDocument.objects.filter(municipality__code=municipality, key=key).first()
        if document is None:
            known = PolicyDocument.objects.filter(municipality__code=municipality)
            raise CommandError(
                f"No document {key!r} in {municipality}. Its documents: "
                + (", ".join(known.values_list("key", flat=True)) or "none")
            )
        try:
            unload_policy(document, acting_user=SYSTEM)
        except DocumentInUse as error:
            raise CommandError(
                f"“{document.title}” is still referred to, so it stays:\n  "
                + "\n  ".join(error.referring)
            ) from None
        place = Municipality.objects.get(code=municipality)
        self.stdout.write(f"Removed “{document.title}” from {place.name}; it is in the trash.")
