"""What the municipality does abroad (activities), who learned what (trainings) and what
it costs (resources).

"EU priority" is derived, never typed: an activity is an EU priority when one of its
countries was in the EU on its start date, or when it has EU funding. It is stored so
that a list of 100,000 activities can filter on it, and refreshed by `refresh_derived()`
whenever the countries or funding change (the forms and the import call it).
Likewise the external funding in SEK (the sum of the funding lines not from the
municipality's own money), so that list totals are one aggregate over the activities;
the actions that add or delete a funding line refresh it (activities/actions.py), and
so does the trash when it restores a funding line (the receiver at the end).

The reads (filters, sorting, totals) are QuerySet methods, in queries.py.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from samverkan.organisation.models import Body, Goal, TenantModel
from samverkan.registry import countries
from samverkan.registry.models import NetworkMembership, Partner, TwinTown

from .queries import ActivityQuerySet, TrainingQuerySet

# The 17 goals of Agenda 2030 by number and name, as the UN and the Swedish government
# name them (one text each, so each language words the whole label).
AGENDA_2030_GOALS = [
    (1, _("Goal 1: No poverty")),
    (2, _("Goal 2: Zero hunger")),
    (3, _("Goal 3: Good health and well-being")),
    (4, _("Goal 4: Quality education")),
    (5, _("Goal 5: Gender equality")),
    (6, _("Goal 6: Clean water and sanitation")),
    (7, _("Goal 7: Affordable and clean energy")),
    (8, _("Goal 8: Decent work and economic growth")),
    (9, _("Goal 9: Industry, innovation and infrastructure")),
    (10, _("Goal 10: Reduced inequalities")),
    (11, _("Goal 11: Sustainable cities and communities")),
    (12, _("Goal 12: Responsible consumption and production")),
    (13, _("Goal 13: Climate action")),
    (14, _("Goal 14: Life below water")),
    (15, _("Goal 15: Life on land")),
    (16, _("Goal 16: Peace, justice and strong institutions")),
    (17, _("Goal 17: Partnerships for the goals")),
]


def _check_period(start, end, start_field="start_date", end_field="end_date"):
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date cannot be before the start date.")})


class Currency(models.TextChoices):
    SEK = "SEK", "SEK"
    EUR = "EUR", "EUR"


class Activity(TenantModel):
    class Kind(models.TextChoices):
        PROJECT = "project", _("Project")
        STUDY_VISIT = "study_visit", _("Study visit")
        DELEGATION = "delegation", _("Hosting a delegation")
        CONFERENCE = "conference", _("Conference")
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        STAFF_EXCHANGE = "staff_exchange", _("Exchange of staff")
        STUDENT_EXCHANGE = "student_exchange", _("Exchange of students")
        YOUTH_EXCHANGE = "youth_exchange", _("Exchange of young people")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    # Kinds where someone travels or visits: auditors ask who went and why.
    TRAVEL_KINDS = {Kind.STUDY_VISIT, Kind.CONFERENCE, Kind.NETWORK_MEETING, Kind.STAFF_EXCHANGE}

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    committee = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("responsible committee"),
    )
    administration = models.CharField(_("administration"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.PROJECT)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="activities", verbose_name=_("partners")
    )
    twin_towns = models.ManyToManyField(
        TwinTown, blank=True, related_name="activities", verbose_name=_("twin towns")
    )
    memberships = models.ManyToManyField(
        NetworkMembership, blank=True, related_name="activities", verbose_name=_("memberships")
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="activities", verbose_name=_("development goals served")
    )
    participants_elected = models.PositiveIntegerField(_("elected officials"), default=0)
    participants_employees = models.PositiveIntegerField(_("employees"), default=0)
    participants_residents = models.PositiveIntegerField(_("residents"), default=0)
    participants_young = models.PositiveIntegerField(_("young people"), default=0)
    own_costs = models.DecimalField(
        _("own costs (SEK)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    purpose = models.TextField(_("purpose"), blank=True)
    traveller_selection = models.TextField(_("how the travellers were chosen"), blank=True)
    travellers = models.TextField(_("who travelled"), blank=True)
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    agenda_2030_goals = models.JSONField(_("Agenda 2030 goals"), default=list, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of project"),
    )
    weight = models.DecimalField(
        _("weight in the parent project"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "A project's progress is the weighted mean of its parts' progress; "
            "a part with weight 2 counts twice as much as one with weight 1."
        ),
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_("The id in another system, for keeping the two in step."),
    )
    is_public = models.BooleanField(_("public"), default=False)
    eu_priority = models.BooleanField(_("EU priority"), default=False, editable=False)
    external_funding_sek = models.DecimalField(
        _("external funding (SEK)"), max_digits=16, decimal_places=2, default=0, editable=False
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords(m2m_fields=[partners, twin_towns, memberships, goals])

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["municipality", "start_date"]),
            models.Index(fields=["municipality", "committee", "start_date"]),
            models.Index(fields=["municipality", "eu_priority"]),
            # The parts of a project. Few activities have a parent: SQLite's statistics on
            # the plain foreign-key index (nearly all NULL) led it to scan the table.
            models.Index(
                fields=["parent"],
                condition=models.Q(parent__isnull=False),
                name="activity_parent_set_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~models.Q(external_id=""),
                name="activity_unique_external_id",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        _check_period(self.start_date, self.end_date)
        if self.committee_id and self.committee.municipality_id != self.municipality_id:
            raise ValidationError({"committee": _("Choose a committee of your own municipality.")})
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("An activity cannot be part of itself.")})
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": _("The projects would form a circle.")})
                ancestor = ancestor.parent
        invalid = [g for g in self.agenda_2030_goals or [] if g not in range(1, 18)]
        if invalid:
            raise ValidationError({"agenda_2030_goals": _("Agenda 2030 has goals 1 to 17.")})

    def owning_committees(self) -> set[int]:
        return {self.committee_id} if self.committee_id else set()

    @property
    def participants_total(self) -> int:
        return (
            self.participants_elected
            + self.participants_employees
            + self.participants_residents
            + self.participants_young
        )

    @property
    def needs_goal_warning(self) -> bool:
        """P1: activities should serve the development programme's goals."""
        return self.pk is not None and not self.goals.exists()

    def compute_eu_priority(self, country_codes=None, funding_sources=None) -> bool:
        day = self.start_date or datetime.date.today()
        if country_codes is None:
            country_codes = [c.country.code for c in self.countries.all()]
        if funding_sources is None:
            funding_sources = [line.source for line in self.funding_lines.all()]
        if FundingLine.Source.EU_PROGRAMME in funding_sources:
            return True
        return any(countries.is_in(code, countries.EU, day) for code in country_codes)

    def compute_external_funding(self) -> Decimal:
        total = (
            FundingLine.objects.filter(activity_id=self.pk)
            .exclude(source=FundingLine.Source.OWN)
            .aggregate(total=models.Sum("amount_sek"))["total"]
        )
        return Decimal(total or 0).quantize(Decimal("0.01"))

    def refresh_derived(self) -> None:
        """Recompute the stored EU priority and external funding after countries or funding
        changed (an update, not a save: derived figures are not a new version)."""
        # Read the rows as they are now, not as prefetched before the change.
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        prefetched.pop("countries", None)
        prefetched.pop("funding_lines", None)
        values = {
            "eu_priority": self.compute_eu_priority(),
            "external_funding_sek": self.compute_external_funding(),
        }
        changed = {name: value for name, value in values.items() if getattr(self, name) != value}
        if changed:
            type(self).objects.filter(pk=self.pk).update(**changed)
            for name, value in changed.items():
                setattr(self, name, value)

    def rolled_up_progress(self) -> int | None:
        """A project's progress: its own figure, or the weighted mean of its parts'.

        Parts without a figure count as 0 % (not started); parts with weight 0 do not
        count. Shown with its weighting on the project's page.
        """
        parts = list(self.parts.all())
        if not parts:
            return self.progress
        total_weight = sum((part.weight for part in parts), Decimal("0"))
        if not total_weight:
            return self.progress
        weighted = sum(
            (part.weight * Decimal(part.rolled_up_progress() or 0) for part in parts),
            Decimal("0"),
        )
        return int((weighted / total_weight).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class ActivityCountry(TenantModel):
    """A country an activity takes place in or works with (a row each, for fast filters)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="countries")
    country = CountryField(_("country"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(fields=["activity", "country"], name="activity_country_unique"),
        ]
        indexes = [models.Index(fields=["municipality", "country"])]

    def __str__(self):
        return str(self.country.name)

    def owning_committees(self) -> set[int]:
        return self.activity.owning_committees()


class FundingLine(TenantModel):
    class Source(models.TextChoices):
        OWN = "own", _("Own funds")
        EU_PROGRAMME = "eu_programme", _("EU programme")
        NATIONAL_PROGRAMME = "national_programme", _("National programme")
        PARTNER = "partner", _("Partner")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="funding_lines")
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    programme = models.CharField(_("programme or funder"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.SEK
    )
    exchange_rate = models.DecimalField(
        _("exchange rate to SEK"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("SEK per unit of the currency, as used for this line."),
    )
    rate_date = models.DateField(_("date of the rate"), null=True, blank=True)
    amount_sek = models.DecimalField(
        _("amount (SEK)"), max_digits=14, decimal_places=2, editable=False, default=0
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount} {self.currency}"

    def clean(self):
        if self.currency != Currency.SEK and (self.exchange_rate is None or self.rate_date is None):
            raise ValidationError(
                {"exchange_rate": _("Give the exchange rate and its date for an amount in EUR.")}
            )

    def save(self, *args, **kwargs):
        rate = Decimal("1") if self.currency == Currency.SEK else (self.exchange_rate or 0)
        self.amount_sek = (Decimal(self.amount) * Decimal(rate)).quantize(Decimal("0.01"))
        super().save(*args, **kwargs)

    @property
    def is_external(self) -> bool:
        return self.source != self.Source.OWN

    def owning_committees(self) -> set[int]:
        return self.activity.owning_committees()


class Milestone(TenantModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    def owning_committees(self) -> set[int]:
        return self.activity.owning_committees()


class ActivityAttachment(TenantModel):
    """A file on an activity; type checked by content like every upload."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="activities/%Y/")
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    content_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False, default=0)
    is_public = models.BooleanField(_("public"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    def owning_committees(self) -> set[int]:
        return self.activity.owning_committees()


class Training(TenantModel):
    """Competence development for elected officials and employees."""

    class Topic(models.TextChoices):
        EU_KNOWLEDGE = "eu_knowledge", _("EU knowledge")
        FUNDING_APPLICATIONS = "funding_applications", _("Funding applications")
        LANGUAGES = "languages", _("Languages")
        INTERCULTURAL = "intercultural", _("Intercultural skills")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=300)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    committee = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("committee"),
        help_text=_("The body whose people took part, if one."),
    )
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    participants_elected = models.PositiveIntegerField(_("elected officials"), default=0)
    participants_employees = models.PositiveIntegerField(_("employees"), default=0)
    named_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="trainings",
        verbose_name=_("named participants"),
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords(m2m_fields=[named_participants])

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        indexes = [models.Index(fields=["municipality", "held_on"])]

    def __str__(self):
        return self.title

    def clean(self):
        unknown = set(self.topics or []) - set(self.Topic.values)
        if unknown:
            raise ValidationError(
                {
                    "topics": _("Unknown topic: %(topics)s.")
                    % {"topics": ", ".join(sorted(map(str, unknown)))}
                }
            )

    def owning_committees(self) -> set[int]:
        return {self.committee_id} if self.committee_id else set()

    @property
    def participants_total(self) -> int:
        return self.participants_elected + self.participants_employees

    @property
    def participant_hours(self) -> Decimal:
        return self.hours * self.participants_total


class Resource(TenantModel):
    """What a body sets aside for international work in a year."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="resources", verbose_name=_("body")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    budget_sek = models.DecimalField(
        _("budget for international work (SEK)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    staff_fte = models.DecimalField(
        _("staff time (full-time equivalents)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "body__name"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="resource_per_body_and_year"),
        ]

    def __str__(self):
        return f"{self.body} {self.year}"

    def owning_committees(self) -> set[int]:
        return self.body.owning_committees() if self.body_id else set()


def _refresh_activity_of_restored_line(sender, instance, created, **kwargs):
    """The trash writes a deleted funding line back with save() (history.actions.restore_record,
    which knows nothing of funding): its activity's derived figures follow here.

    Every other change of a funding line goes through activities/actions.py, which
    refreshes them itself (and marks the line, so this does not). A whole activity
    restored from the trash brings its own stored figures.
    """
    if not created or kwargs.get("raw") or getattr(instance, "_written_by_action", False):
        return
    activity = Activity.objects.filter(pk=instance.activity_id).first()
    if activity is not None:
        activity.refresh_derived()


models.signals.post_save.connect(_refresh_activity_of_restored_line, sender=FundingLine)
