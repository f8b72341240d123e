from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Municipality
from samverkan.policy.actions import load_policy
from samverkan.policy.pack import DEFAULT_PACK, PackError, read_pack


class Command(BaseCommand):
    help = "Load or update a municipality's policy pack (YAML). Without FILE, Motala's pack."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_PACK))
        parser.add_argument("--municipality", required=True, help="Municipality code, e.g. 0583")

    def handle(self, *args, file, municipality, **options):
        try:
            target = Municipality.objects.get(code=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(
                f"Unknown municipality code {municipality!r}. "
                "Load the list with `samverkan load_municipalities`."
            ) from None
        try:
            pack = read_pack(file)
        except PackError as error:
            raise CommandError(
                "The policy pack is not valid:\n" + "\n".join(error.problems)
            ) from None
        if pack.municipality and pack.municipality != target.code:
            raise CommandError(
                f"{file}: municipality: the pack is for {pack.municipality}, not {target.code}"
            )
        document = load_policy(pack, target, acting_user=SYSTEM, source_file=Path(file).name)
        self.stdout.write(
            f"Loaded “{document.title}” for {target.name}: {document.clauses.count()} clauses, "
            f"{document.decision_rules.count()} decision rules, "
            f"{document.indicators.count()} indicators."
        )
