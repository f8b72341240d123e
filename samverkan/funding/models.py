"""Funding programmes, the calls published for them, and how well each call suits us (P2).

Programmes are a catalogue shipped as data (data/programmes.yaml) that each municipality
loads and its coordinator may edit. Calls come from the EU Funding & Tenders Portal
(`samverkan import_calls`); one row per portal `reference` per municipality. Watch
profiles hold weighted keywords (Swedish and English) per goal or subject area; every
call carries its relevance score and the matched words ("why").
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.organisation.models import Goal, TenantModel, TenantQuerySet


def deadline_day(moment: datetime.datetime) -> datetime.date:
    """The day of a portal deadline: its day in UTC, the time zone the portal gives.

    The call pages, the reminders, the calendar feeds and applications made from a call
    all use this day, so a deadline at 23:59 UTC is not the next day in Stockholm in one
    place and the same day in another.
    """
    return moment.astimezone(datetime.UTC).date()


class Programme(TenantModel):
    class Level(models.TextChoices):
        EU = "eu", _("EU")
        NORDIC = "nordic", _("Nordic")
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")

    code = models.SlugField(
        _("code"), max_length=60, help_text=_("A short stable key, e.g. erasmus-plus.")
    )
    name = models.CharField(_("name"), max_length=200)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    period_start_year = models.PositiveSmallIntegerField(
        _("programme period from"), null=True, blank=True
    )
    period_end_year = models.PositiveSmallIntegerField(
        _("programme period to"), null=True, blank=True
    )
    subject_areas = models.JSONField(_("subject areas"), default=list, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    portal_codes = models.JSONField(
        _("codes on the EU Funding & Tenders Portal"),
        default=list,
        blank=True,
        help_text=_("Identifier prefixes the portal uses for this programme, e.g. ERASMUS."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="programme_unique_code"),
        ]

    def __str__(self):
        return self.display_name

    # The catalogue's texts in the reader's language; a coordinator's own text as written.
    @property
    def display_name(self) -> str:
        from .catalogue import text_in_language

        return text_in_language(self, "name")

    @property
    def display_owner(self) -> str:
        from .catalogue import text_in_language

        return text_in_language(self, "owner")

    @property
    def display_description(self) -> str:
        from .catalogue import text_in_language

        return text_in_language(self, "description")

    @property
    def display_subject_areas(self) -> list[str]:
        from .catalogue import subject_area_label

        return [subject_area_label(area) for area in self.subject_areas or []]

    @property
    def period(self) -> str:
        if self.period_start_year and self.period_end_year:
            return f"{self.period_start_year}–{self.period_end_year}"
        return str(self.period_start_year or self.period_end_year or "")


class CallQuerySet(TenantQuerySet):
    def open_now(self, now=None):
        now = now or timezone.now()
        return self.exclude(status_code=Call.CLOSED_CODE).filter(
            models.Q(start_date__isnull=True) | models.Q(start_date__lte=now),
            models.Q(last_deadline__isnull=True) | models.Q(last_deadline__gte=now),
        )

    def forthcoming(self, now=None):
        now = now or timezone.now()
        return self.exclude(status_code=Call.CLOSED_CODE).filter(start_date__gt=now)

    def closed(self, now=None):
        now = now or timezone.now()
        return self.filter(models.Q(status_code=Call.CLOSED_CODE) | models.Q(last_deadline__lt=now))


class Call(TenantModel):
    """A call or topic from the EU Funding & Tenders Portal (unique by `reference`)."""

    FORTHCOMING_CODE = "31094501"
    OPEN_CODE = "31094502"
    CLOSED_CODE = "31094503"

    class Type(models.TextChoices):
        TENDER = "0", _("Tender")
        GRANT = "1", _("Grant topic")
        EXTERNAL = "2", _("External-action call")
        CASCADE = "8", _("Cascade funding call")

    class Status(models.TextChoices):
        FORTHCOMING = "forthcoming", _("Forthcoming")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        UNKNOWN = "unknown", _("Unknown")

    reference = models.CharField(_("portal reference"), max_length=200)
    identifier = models.CharField(_("identifier"), max_length=200, blank=True)
    call_identifier = models.CharField(_("call identifier"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=1000)
    summary = models.TextField(_("summary"), blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    type = models.CharField(_("type"), max_length=4, blank=True)
    status_code = models.CharField(_("status on the portal"), max_length=20, blank=True)
    framework_code = models.CharField(_("programme code on the portal"), max_length=40, blank=True)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("programme"),
    )
    start_date = models.DateTimeField(_("opens"), null=True, blank=True)
    deadlines = models.JSONField(
        _("deadlines"), default=list, blank=True, help_text=_("All cut-off dates, ISO 8601.")
    )
    next_deadline = models.DateTimeField(_("next deadline"), null=True, blank=True, db_index=True)
    last_deadline = models.DateTimeField(_("last deadline"), null=True, blank=True)
    deadline_model = models.CharField(_("deadline model"), max_length=40, blank=True)
    types_of_action = models.JSONField(_("types of action"), default=list, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    budget = models.DecimalField(
        _("budget of this topic (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    search_text = models.TextField(
        _("searchable text"),
        blank=True,
        editable=False,
        help_text=_("Title, identifiers, summary and keywords in lower case, for search."),
    )
    relevance = models.FloatField(_("relevance"), default=0, db_index=True)
    relevance_why = models.JSONField(_("why it matches"), default=list, blank=True)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_updated = models.DateTimeField(_("last updated"), default=timezone.now)

    objects = CallQuerySet.as_manager()

    @property
    def deadline_model_display(self) -> str:
        """The portal's deadline model ("multiple cut-off") in the reader's language."""
        from .catalogue import deadline_model_label

        return deadline_model_label(self.deadline_model) if self.deadline_model else ""

    class Meta:
        ordering = ["next_deadline", "title"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "reference"], name="call_unique_ref"),
        ]
        indexes = [
            models.Index(fields=["municipality", "-relevance", "next_deadline"]),
        ]

    def __str__(self):
        return f"{self.identifier} {self.title}".strip() if self.identifier else self.title

    def make_search_text(self) -> str:
        parts = [self.title, self.identifier, self.call_identifier, self.summary]
        return " ".join([*parts, *(self.keywords or [])]).casefold()

    def deadline_datetimes(self) -> list[datetime.datetime]:
        found = []
        for value in self.deadlines or []:
            try:
                found.append(datetime.datetime.fromisoformat(value))
            except (TypeError, ValueError):
                continue
        return sorted(found)

    def upcoming_deadline(self, now=None):
        now = now or timezone.now()
        return next((d for d in self.deadline_datetimes() if d >= now), None)

    def derived_status(self, now=None) -> str:
        """The status from the dates: the portal leaves calls "open" after their deadline."""
        now = now or timezone.now()
        if self.status_code == self.CLOSED_CODE:
            return self.Status.CLOSED
        if self.last_deadline and self.last_deadline < now:
            return self.Status.CLOSED
        if self.start_date and self.start_date > now:
            return self.Status.FORTHCOMING
        if self.status_code in (self.OPEN_CODE, self.FORTHCOMING_CODE) or self.start_date:
            return self.Status.OPEN
        return self.Status.UNKNOWN

    def get_derived_status_display(self) -> str:
        return self.Status(self.derived_status()).label


class CallMark(TenantModel):
    """A coordinator's decision about a call for the municipality: follow it or dismiss it."""

    class Kind(models.TextChoices):
        FOLLOWED = "followed", _("Followed")
        DISMISSED = "dismissed", _("Dismissed")

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="mark", verbose_name=_("call")
    )
    kind = models.CharField(_("decision"), max_length=10, choices=Kind.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    marked_at = models.DateTimeField(_("when"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("followed or dismissed call")
        verbose_name_plural = _("followed or dismissed calls")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.call}"


class WatchProfile(TenantModel):
    """Weighted keywords (Swedish and English) for one goal or subject area."""

    name = models.CharField(_("name"), max_length=200)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal"),
    )
    subject_area = models.CharField(_("subject area"), max_length=200, blank=True)
    keywords = models.JSONField(
        _("keywords"),
        default=list,
        blank=True,
        help_text=_('A list of {"word": ..., "weight": ...}; words in Swedish and English.'),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("watch profile")
        verbose_name_plural = _("watch profiles")

    def __str__(self):
        return self.name


class SavedSearch(TenantModel):
    """A user's search for calls (words, programmes, subject areas) reported in the reminders."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_call_searches",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=200)
    words = models.CharField(_("words"), max_length=500, blank=True)
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="+", verbose_name=_("programmes")
    )
    subject_areas = models.JSONField(_("subject areas"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_reported_at = models.DateTimeField(_("last reported"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[programmes])

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name
