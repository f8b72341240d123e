from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "samverkan.followup"
    verbose_name = _("Yearly accounts, reports and compliance")

    def ready(self):
        from samverkan.lib.deadlines import register_provider

        from .deadlines import account_deadlines

        register_provider(account_deadlines)

        from samverkan.policy.vocabulary import register_indicators

        from .compliance import INDICATORS, definition_of

        register_indicators({key: definition_of(key) for key in INDICATORS})
