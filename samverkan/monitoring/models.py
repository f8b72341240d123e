"""Following EU developments and influencing them (P8), with the contacts that inform us (P9).

Subject areas (sakområden) group the watch items (bevakningar): EU matters such as a
legislative proposal or a consultation on the Commission's "Have your say" portal.
Influence actions record what the municipality did about one, through which channel.
Calendar feeds and the reminder log serve the deadline reminders of every app.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.organisation.models import Body, TenantModel, TenantQuerySet
from samverkan.registry.models import Contact, Partner


class SubjectArea(TenantModel):
    """A sakområde the municipality follows in the EU, with the committee that answers for it."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    committee = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subject_areas",
        verbose_name=_("responsible committee"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("subject area")
        verbose_name_plural = _("subject areas")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="subject_area_unique_name"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        same = SubjectArea.objects.filter(
            municipality_id=self.municipality_id, name=self.name
        ).exclude(pk=self.pk)
        if self.name and same.exists():
            raise ValidationError(
                {"name": _("There is already a subject area named %(name)s.") % {"name": self.name}}
            )


class WatchItemQuerySet(TenantQuerySet):
    def open(self):
        return self.exclude(status=WatchItem.Status.CLOSED)

    def without_owner(self):
        """Items nobody answers for: neither a responsible committee nor a responsible person."""
        return self.filter(committee__isnull=True, responsible_person__isnull=True)


class WatchItem(TenantModel):
    """A bevakning: an EU matter the municipality follows and may act on."""

    class Kind(models.TextChoices):
        LEGISLATIVE_PROPOSAL = "legislative_proposal", _("Legislative proposal")
        STRATEGY = "strategy", _("Strategy or communication")
        CONSULTATION = "consultation", _("Public consultation")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        WATCHING = "watching", _("Watching")
        ACTING = "acting", _("Acting")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=300)
    eu_reference = models.CharField(
        _("EU reference"),
        max_length=100,
        blank=True,
        help_text=_('The EU\'s reference, e.g. "COM(2023) 123" or a procedure number.'),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    subject_area = models.ForeignKey(
        SubjectArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="watch_items",
        verbose_name=_("subject area"),
    )
    committee = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="watch_items",
        verbose_name=_("responsible committee"),
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WATCHING
    )
    feedback_opens_on = models.DateField(
        _("feedback opens"),
        null=True,
        blank=True,
        help_text=_('When the feedback period opens (e.g. on "Have your say").'),
    )
    feedback_closes_on = models.DateField(_("feedback closes"), null=True, blank=True)
    next_date = models.DateField(_("next date"), null=True, blank=True)
    next_step = models.CharField(
        _("what happens on the next date"),
        max_length=200,
        blank=True,
        help_text=_("E.g. a vote in Parliament, a meeting, an answer due."),
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Invented for the demonstration.")
    )
    history = HistoricalRecords()

    objects = WatchItemQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("watch item")
        verbose_name_plural = _("watch items")
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["municipality", "next_date"]),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        opens, closes = self.feedback_opens_on, self.feedback_closes_on
        if opens and closes and closes < opens:
            raise ValidationError(
                {"feedback_closes_on": _("The feedback period cannot close before it opens.")}
            )
        if self.committee_id and self.committee.municipality_id != self.municipality_id:
            raise ValidationError({"committee": _("Choose a committee of your own municipality.")})

    def owning_committees(self) -> set[int]:
        return {self.committee_id} if self.committee_id else set()

    @property
    def has_owner(self) -> bool:
        return bool(self.committee_id or self.responsible_person_id)


class InfluenceAction(TenantModel):
    """Something the municipality did to influence a watch item, and what came of it."""

    class Kind(models.TextChoices):
        CONSULTATION_ANSWER = "consultation_answer", _("Consultation answer")
        SKR_POSITION = "skr_position", _("Position through SKR")
        COMMITTEE_OF_THE_REGIONS = "committee_of_the_regions", _("Committee of the Regions")
        NETWORK = "network", _("Through a network")
        REGIONAL_EU_OFFICE = "regional_eu_office", _("Through the regional EU office")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    watch_item = models.ForeignKey(
        WatchItem, on_delete=models.CASCADE, related_name="actions", verbose_name=_("watch item")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    taken_on = models.DateField(_("date"))
    channel = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="influence_actions",
        verbose_name=_("channel"),
        help_text=_("The institution, network or office the action went through."),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="influence_actions",
        verbose_name=_("contact"),
        help_text=_("The person we dealt with; their last contact date is updated."),
    )
    description = models.TextField(_("what was done"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-taken_on", "-pk"]
        verbose_name = _("influence action")
        verbose_name_plural = _("influence actions")
        indexes = [models.Index(fields=["municipality", "taken_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.taken_on:%Y-%m-%d}"

    def clean(self):
        if self.contact_id and self.channel_id and self.contact.partner_id != self.channel_id:
            raise ValidationError(
                {"contact": _("Choose a contact at the channel, or leave the channel empty.")}
            )
        if self.contact_id and not self.channel_id:
            self.channel_id = self.contact.partner_id

    def owning_committees(self) -> set[int]:
        return self.watch_item.owning_committees() if self.watch_item_id else set()


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class CalendarFeed(models.Model):
    """A user's secret calendar address: whoever has it reads that user's deadlines.

    The token is kept in clear (unlike API tokens) so that the "My calendar feed" page
    can show the address again; it gives read access to deadline titles only, and is
    revoked or renewed on that page.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_feed_one_active_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.token[:6]}…)"


class SentReminder(models.Model):
    """The reminder log: a deadline (by its stable uid) reminded to a user, and when.

    A deadline is mailed to a user once; its uid carries its date, so a moved deadline
    is a new one and is reminded again.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    uid = models.CharField(_("deadline"), max_length=200)
    sent_on = models.DateField(_("sent"))

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "uid"], name="sent_reminder_once"),
        ]

    def __str__(self):
        return f"{self.user} {self.uid} {self.sent_on}"
