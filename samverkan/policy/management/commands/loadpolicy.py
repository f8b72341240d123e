from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Municipality
from samverkan.policy import vocabulary
from samverkan.policy.actions import load_policy, load_shared_policy
from samverkan.policy.pack import DEFAULT_PACK, PackError, read_pack


class Command(BaseCommand):
    help = "Load or update a municipality's policy pack (YAML). Without FILE, Motala's pack."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_PACK))
        parser.add_argument("--municipality", help="Municipality code, e.g. 0583")
        parser.add_argument(
            "--list-indicators",
            action="store_true",
            help="Print the indicator keys a pack may use, with what each counts, and stop.",
        )
        parser.add_argument(
            "--list-decision-types",
            action="store_true",
            help="Print the decision types a pack's rules may name, and stop.",
        )

    def handle(self, *args, file, municipality, list_indicators, list_decision_types, **options):
        if list_indicators or list_decision_types:
            catalogue = vocabulary.indicators() if list_indicators else vocabulary.decision_types()
            for key, text in sorted(catalogue.items()):
                self.stdout.write(f"{key}\t{text}")
            return
        try:
            pack = read_pack(file)
        except PackError as error:
            raise CommandError(
                "The policy pack is not valid:\n" + "\n".join(error.problems)
            ) from None
        if pack.policy.municipalities:
            self._load_shared(pack, file, municipality)
            return
        if not municipality:
            raise CommandError("Give the municipality: --municipality CODE.")
        try:
            target = Municipality.objects.get(code=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(
                f"Unknown municipality code {municipality!r}. "
                "Load the list with `samverkan load_municipalities`."
            ) from None
        if pack.municipality and pack.municipality != target.code:
            raise CommandError(
                f"{file}: municipality: the pack is for {pack.municipality}, not {target.code}"
            )
        try:
            document = load_policy(pack, target, acting_user=SYSTEM, source_file=Path(file).name)
        except PackError as error:
            # Found only against what is loaded already (a supplement's references).
            raise CommandError(
                "The policy pack is not valid:\n" + "\n".join(error.problems)
            ) from None
        self.stdout.write(
            f"Loaded “{document.title}” for {target.name}: {document.clauses.count()} clauses, "
            f"{document.decision_rules.count()} decision rules, "
            f"{document.indicators.count()} indicators."
        )

    def _load_shared(self, pack, file, municipality):
        codes = pack.policy.municipalities
        if municipality and municipality not in codes:
            raise CommandError(
                f"{file}: policy.municipalities: the document is shared by {', '.join(codes)}, "
                f"not {municipality}"
            )
        try:
            documents = load_shared_policy(pack, acting_user=SYSTEM, source_file=Path(file).name)
        except PackError as error:
            raise CommandError(
                "The policy pack is not valid:\n" + "\n".join(error.problems)
            ) from None
        names = ", ".join(document.municipality.name for document in documents)
        self.stdout.write(f"Loaded “{documents[0].title}”, shared by {names}.")
