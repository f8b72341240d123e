from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "samverkan.monitoring"
    verbose_name = _("EU watch items, influence actions and reminders")

    def ready(self):
        from samverkan.lib.deadlines import register_provider

        from .deadlines import monitoring_deadlines

        register_provider(monitoring_deadlines)
