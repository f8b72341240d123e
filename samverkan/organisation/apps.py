from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "samverkan.organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from samverkan.lib import readonly, sqlite

        sqlite.install()
        readonly.install()
