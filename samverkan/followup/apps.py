from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "samverkan.followup"
    verbose_name = _("Yearly accounts, reports and compliance")

    def ready(self):
        from samverkan.lib.deadlines import register_provider

        from .deadlines import account_deadlines

        register_provider(account_deadlines)
