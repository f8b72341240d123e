from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "samverkan.public"
    label = "public"
    verbose_name = _("Public side")

    def ready(self):
        # The anonymous API (samverkan.api, beside this app) reads the public rows through
        # lib.publication, never by importing this app: the app comes to it.
        from samverkan.lib import publication

        from . import data

        publication.register(data)
