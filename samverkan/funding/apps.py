from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "samverkan.funding"
    verbose_name = _("Funding programmes, calls and applications")

    def ready(self):
        from samverkan.lib.deadlines import register_provider

        from .deadlines import funding_deadlines

        register_provider(funding_deadlines)
