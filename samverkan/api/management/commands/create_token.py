from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samverkan.api.actions import (
    DEFAULT_LIFETIME_DAYS,
    MAX_LIFETIME_DAYS,
    TokenError,
    create_token,
)


class Command(BaseCommand):
    help = (
        "Make an API token for a user and print it. The token is shown only this once: "
        "only its hash is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. a script.")
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_LIFETIME_DAYS,
            help=f"How many days the token lives (at most {MAX_LIFETIME_DAYS}).",
        )

    def handle(self, *args, username, name, days, **options):
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(
                _("There is no user named %(username)s.") % {"username": username}
            ) from None
        if not user.is_active:
            raise CommandError(_("The user %(username)s is not active.") % {"username": username})
        try:
            token, raw = create_token(user, name=name, days=days)
        except TokenError as error:
            raise CommandError(str(error)) from None
        # The token alone on standard output, so that a script can capture it.
        self.stdout.write(raw)
        self.stderr.write(
            _(
                "Token %(prefix)s… for %(username)s. Keep it now: it cannot be shown again. "
                "Revoke it with: samverkan revoke_token %(prefix)s"
            )
            % {"prefix": token.prefix, "username": username}
        )
