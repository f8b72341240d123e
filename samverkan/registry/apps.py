from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "samverkan.registry"
    verbose_name = _("Registries and decisions")

    def ready(self):
        from samverkan.policy.vocabulary import register_decision_types

        from .models import DecisionType

        register_decision_types(dict(DecisionType.choices))
