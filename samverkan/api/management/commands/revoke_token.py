from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samverkan.api.actions import revoke_token
from samverkan.api.models import ApiToken


class Command(BaseCommand):
    help = "Revoke an API token, given its prefix (as create_token printed it) or its id."

    def add_arguments(self, parser):
        parser.add_argument("prefix_or_id")

    def handle(self, *args, prefix_or_id, **options):
        value = prefix_or_id.strip().rstrip("…")
        if value.isdigit():
            matches = list(ApiToken.objects.filter(pk=int(value)))
        else:
            matches = list(ApiToken.objects.filter(prefix=value)) if value else []
        if not matches:
            raise CommandError(_("No token matches %(value)s.") % {"value": prefix_or_id})
        if len(matches) > 1:
            raise CommandError(
                _("Several tokens match %(value)s: give the id, one of %(ids)s.")
                % {"value": prefix_or_id, "ids": ", ".join(str(t.pk) for t in matches)}
            )
        token = matches[0]
        if revoke_token(token):
            self.stdout.write(_("Revoked token %(token)s.") % {"token": token})
        else:
            self.stdout.write(_("Token %(token)s was already revoked.") % {"token": token})
