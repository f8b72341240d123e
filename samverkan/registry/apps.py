from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "samverkan.registry"
    verbose_name = _("Registries and decisions")

    def ready(self):
        from samverkan.lib.deadlines import register_provider
        from samverkan.policy.vocabulary import register_agreement_kinds, register_decision_types

        from .models import Agreement, DecisionType

        register_decision_types(dict(DecisionType.choices))
        register_agreement_kinds(dict(Agreement.Kind.choices))

        from .deadlines import review_deadlines

        register_provider(review_deadlines)
