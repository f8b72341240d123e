from django.core.management.base import BaseCommand, CommandError

from samverkan.lib.actions import SYSTEM, RuleViolation
from samverkan.organisation.actions import invite_user
from samverkan.organisation.models import Body, Municipality, Role


class Command(BaseCommand):
    help = (
        "Give a person (by e-mail) a role in a municipality, making their account if needed; "
        "they get an e-mail with a link to choose a password."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--municipality", required=True, help="Municipality code, e.g. 0583")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--body",
            type=int,
            action="append",
            default=[],
            help="Id of a committee a committee editor edits for (repeat for several).",
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, email, municipality, role, body, first_name, last_name, **options):
        try:
            target = Municipality.objects.get(code=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(f"Unknown municipality code {municipality!r}.") from None
        committees = list(Body.objects.filter(pk__in=body, municipality=target))
        if len(committees) != len(set(body)):
            raise CommandError(f"Not every --body is a committee of {target.name}: {body}")
        try:
            assignment = invite_user(
                target,
                email=email,
                role=role,
                committees=committees,
                first_name=first_name,
                last_name=last_name,
                acting_user=SYSTEM,
            )
        except RuleViolation as violation:
            raise CommandError(violation.message) from None
        self.stdout.write(
            f"{assignment.user.username}: {assignment.get_role_display()} in {target.name}; "
            "an e-mail was sent."
        )
