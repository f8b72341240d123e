"""Municipalities (the tenants), their decision bodies, development goals and user roles."""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from samverkan.lib.versioning import VersionedModel


class County(models.Model):
    code = models.CharField(_("county code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """The tenant: every domain record belongs to exactly one municipality."""

    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        help_text=_("The official four-digit kommunkod, e.g. 0583."),
    )
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )
    # Named in the record of processing (GDPR art. 30(1) a); set by an administrator.
    data_protection_officer = models.TextField(
        _("data protection officer"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Name and contact details (e-mail, telephone) of the municipality's data "
            "protection officer, as the record of processing shows them."
        ),
    )
    # The sections of its policy in force ([{"key", "label"}], empty: the standard ones),
    # kept here by the policy app so that every page's navigation costs no query.
    policy_sections = models.JSONField(_("policy sections"), default=list, blank=True)
    # The words of its policy in force for the interface (committee, programme …), kept
    # the same way.
    policy_terms = models.JSONField(_("policy terms"), default=dict, blank=True)
    # Moves on with every committed change of its records (lib.changes): cached figures
    # of an older version are not read again, in any process.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["policy_sections", "policy_terms", "data_version"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


class TenantQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)


class TenantModel(VersionedModel):
    """A domain record: it belongs to one municipality and keeps its history.

    Views never filter by municipality themselves: they go through
    `samverkan.organisation.tenancy`, which is the one place scoping happens.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True

    def owning_committees(self) -> set[int]:
        """Ids of the committees whose editors may change this record (none by default)."""
        return set()


class Body(TenantModel):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Municipal council (KF)")
        EXECUTIVE_BOARD = "executive_board", _("Executive board (KS)")
        COMMITTEE = "committee", _("Committee")
        # Those that decide for another body by delegation (delegationsordning).
        WORKING_COMMITTEE = "working_committee", _("Working committee (AU)")
        OFFICER = "officer", _("Officer by delegation")

    DELEGATE_KINDS = (Kind.WORKING_COMMITTEE, Kind.OFFICER)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    # A working committee or officer decides for this body, by its delegation.
    delegated_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegates",
        verbose_name=_("decides by delegation from"),
    )
    administration = models.CharField(
        _("administration"),
        max_length=200,
        blank=True,
        help_text=_("The administration (förvaltning) that serves the body."),
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("decision body")
        verbose_name_plural = _("decision bodies")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="body_unique_name"),
        ]

    def __str__(self):
        return self.name

    def owning_committees(self) -> set[int]:
        return {self.pk} if self.kind == self.Kind.COMMITTEE else set()


class Goal(TenantModel):
    """A node of the development programme (LUP): vision → goal areas → goals."""

    class Level(models.TextChoices):
        VISION = "vision", _("Vision")
        AREA = "area", _("Goal area")
        GOAL = "goal", _("Goal")

    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    valid_from_year = models.PositiveSmallIntegerField(_("valid from year"))
    valid_to_year = models.PositiveSmallIntegerField(_("valid to year"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "title"]
        verbose_name = _("development goal")
        verbose_name_plural = _("development goals")

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def applies_in(self, year: int) -> bool:
        return self.valid_from_year <= year and (
            self.valid_to_year is None or year <= self.valid_to_year
        )


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("International coordinator")
    COMMITTEE_EDITOR = "committee_editor", _("Committee editor")
    REGISTRAR = "registrar", _("Registrar")
    READER = "reader", _("Reader")


class RoleAssignmentQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)


class RoleAssignment(models.Model):
    """A user's role in one municipality; committee editors are scoped to committees."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    committees = models.ManyToManyField(
        Body,
        blank=True,
        related_name="editors",
        verbose_name=_("committees"),
        limit_choices_to={"kind": Body.Kind.COMMITTEE},
    )
    history = HistoricalRecords(m2m_fields=[committees])

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="one_role_per_municipality"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.municipality}"


# People's accounts are versioned too (invited, renamed, deactivated): who did it, when.
register(
    User,
    app="samverkan.organisation",
    excluded_fields=["password", "last_login"],
)
