from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "samverkan.applications"
    verbose_name = _("Funding applications")

    def ready(self):
        from samverkan.lib.deadlines import register_provider

        from .deadlines import application_deadlines

        register_provider(application_deadlines)
