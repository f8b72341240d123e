from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from samverkan.lib.actions import SYSTEM, RuleViolation
from samverkan.organisation.models import Municipality
from samverkan.policy.actions import set_up_municipality
from samverkan.policy.pack import PackError, read_pack


class Command(BaseCommand):
    help = (
        "Prepare a municipality in one command: its policy pack loaded, the bodies the pack "
        "names made, and its first administrator (an existing account by --admin, or a new "
        "one invited by --email). Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="The municipality's four-digit code, e.g. 0584.")
        parser.add_argument("--policy", required=True, help="The policy pack (YAML).")
        parser.add_argument("--admin", help="Username of an existing account to make admin.")
        parser.add_argument("--email", default="", help="E-mail of the first administrator.")

    def handle(self, *args, code, policy, admin, email, **options):
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise CommandError(
                f"Unknown municipality code {code!r}. "
                "Load the list with `samverkan load_municipalities`."
            )
        try:
            pack = read_pack(policy)
        except PackError as error:
            raise CommandError(
                "The policy pack is not valid:\n" + "\n".join(error.problems)
            ) from None
        if pack.municipality and pack.municipality != code:
            raise CommandError(f"{policy}: municipality: the pack is for {pack.municipality}")
        user = None
        if admin:
            user = get_user_model().objects.filter(username=admin).first()
            if user is None and not email:
                raise CommandError(
                    f"No account {admin!r}: give --email to invite a new administrator."
                )
        try:
            document, made, assignment = set_up_municipality(
                municipality, pack, admin=user, email=email, acting_user=SYSTEM
            )
        except PackError as error:
            raise CommandError(
                "The policy pack is not valid:\n" + "\n".join(error.problems)
            ) from None
        except RuleViolation as violation:
            raise CommandError(violation.message) from None
        self.stdout.write(
            f"{municipality.name}: “{document.title}” loaded from {Path(policy).name}."
        )
        self.stdout.write(
            f"Bodies made: {', '.join(body.name for body in made)}" if made else "No new bodies."
        )
        if assignment is not None:
            self.stdout.write(
                f"Administrator: {assignment.user.username}"
                + (
                    " (an invitation was e-mailed)"
                    if not assignment.user.has_usable_password()
                    else ""
                )
            )
