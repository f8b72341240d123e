"""What a municipality publishes on its public pages, in its open data and anonymous API."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.organisation.models import TenantModel


class PublicationSettings(TenantModel):
    """One row per municipality; without one the defaults hold (see `for_municipality`).

    Each flag publishes one register. Whatever is published, only public records and
    their public fields are shown: never contacts, participants, citizens as partners,
    internal records or confidential documents (samverkan.public.access).
    """

    publish_policies = models.BooleanField(_("policy documents in force"), default=False)
    publish_twin_towns = models.BooleanField(_("twin towns"), default=True)
    publish_memberships = models.BooleanField(_("memberships and their fees"), default=True)
    publish_agreements = models.BooleanField(_("agreements"), default=True)
    publish_activities = models.BooleanField(_("public activities"), default=True)
    publish_reports = models.BooleanField(_("approved yearly reports"), default=True)
    publish_compliance = models.BooleanField(
        _("policy compliance of approved years"), default=False
    )
    history = HistoricalRecords()

    # Register name (in URLs, files and the API) → the flag that publishes it.
    FLAGS = {
        "policies": "publish_policies",
        "twin-towns": "publish_twin_towns",
        "memberships": "publish_memberships",
        "agreements": "publish_agreements",
        "activities": "publish_activities",
        "countries": "publish_activities",
        "reports": "publish_reports",
        "compliance": "publish_compliance",
    }

    class Meta:
        verbose_name = _("publication settings")
        verbose_name_plural = _("publication settings")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="publication_settings_unique"),
        ]

    def __str__(self):
        return str(self.municipality)

    @classmethod
    def for_municipality(cls, municipality) -> "PublicationSettings":
        found = cls.objects.filter(municipality=municipality).first()
        return found or cls(municipality=municipality)

    def publishes(self, register: str) -> bool:
        flag = self.FLAGS.get(register)
        return bool(flag and getattr(self, flag))

    @property
    def publishes_anything(self) -> bool:
        return any(getattr(self, flag) for flag in set(self.FLAGS.values()))
