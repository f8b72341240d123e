from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "samverkan.history"
    verbose_name = _("History")

    def ready(self):
        from samverkan.lib.countries import use_language_collation

        # Every country list (model forms' country fields too) in the reader's order,
        # Å Ä Ö after Z in Swedish: once at start-up, in an app every installation has.
        use_language_collation()
