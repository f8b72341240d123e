from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo (`samverkan demo_data`): above every app, it calls each app's demo."""

    name = "samverkan.demo"
    verbose_name = _("Demo data")
