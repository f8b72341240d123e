from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "samverkan.monitoring"
    verbose_name = _("EU watch items, influence actions and reminders")
