from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from samverkan.lib.actions import SYSTEM, RuleViolation
from samverkan.organisation.actions import deactivate_user


class Command(BaseCommand):
    help = "Stop a person from signing in (their API tokens stop working too); reversible."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"There is no user named {username!r}.") from None
        try:
            deactivate_user(user, acting_user=SYSTEM)
        except RuleViolation as violation:
            raise CommandError(violation.message) from None
        self.stdout.write(f"{username} can no longer sign in.")
