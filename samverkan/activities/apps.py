from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "samverkan.activities"
    verbose_name = _("Activities, trainings and resources")

    def ready(self):
        from . import search

        # SQLite drops a table's triggers when a migration remakes the table; put the
        # search index's triggers back after every migrate.
        post_migrate.connect(search.ensure_index, sender=self, dispatch_uid="activities-search")
