from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running an installation: backup and restore, health. Above every app (ADR 5)."""

    name = "samverkan.operations"
    verbose_name = _("Operations")
