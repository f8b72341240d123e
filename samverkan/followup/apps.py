from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "samverkan.followup"
    verbose_name = _("Yearly accounts, reports and compliance")
