from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "samverkan.organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from django.db.models import F

        from samverkan.lib import changes, readonly, sqlite

        from .models import Municipality

        sqlite.install()
        readonly.install()
        # The data versions in the database: every process sees a change at once.
        changes.use_version_store(
            read=lambda pk: (
                Municipality.objects.filter(pk=pk).values_list("data_version", flat=True).first()
            ),
            write=lambda pk: Municipality.objects.filter(pk=pk).update(
                data_version=F("data_version") + 1
            ),
        )
