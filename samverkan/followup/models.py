"""The yearly accounts: one round a year, one account per body (KS and each committee).

The workflow's states and allowed moves live in samverkan.followup.actions (a transition
table); the models only hold the data.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.organisation.models import Body, TenantModel, TenantQuerySet


class AccountRound(TenantModel):
    """The coordinator opens one round a year; its deadline applies to every body's account."""

    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateField(
        _("deadline"), help_text=_("The date by which every account should be approved.")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("account round")
        verbose_name_plural = _("account rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="account_round_one_a_year"
            ),
        ]

    def __str__(self):
        return _("Yearly accounts %(year)s") % {"year": self.year}


class YearlyAccountQuerySet(TenantQuerySet):
    def for_year(self, year: int):
        return self.filter(round__year=year)


class YearlyAccount(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    # The free-text sections, in the order the account shows them.
    SECTIONS = ("summary", "results", "lessons", "plans")

    round = models.ForeignKey(
        AccountRound, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("round")
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="yearly_accounts", verbose_name=_("body")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reporter"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_ready = models.BooleanField(_("summary ready"), default=False)
    results = models.TextField(_("results"), blank=True)
    results_ready = models.BooleanField(_("results ready"), default=False)
    lessons = models.TextField(_("lessons learned"), blank=True)
    lessons_ready = models.BooleanField(_("lessons ready"), default=False)
    plans = models.TextField(_("plans ahead"), blank=True)
    plans_ready = models.BooleanField(_("plans ready"), default=False)
    return_comment = models.TextField(_("return comment"), blank=True)
    decision_date = models.DateField(_("committee decision date"), null=True, blank=True)
    decision_paragraph = models.CharField(_("paragraph (§)"), max_length=20, blank=True)
    decision = models.ForeignKey(
        "registry.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision in the registry"),
    )
    frozen_figures = models.JSONField(_("figures frozen on approval"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    history = HistoricalRecords()

    objects = YearlyAccountQuerySet.as_manager()

    class Meta:
        ordering = ["round", "body__kind", "body__name"]
        verbose_name = _("yearly account")
        verbose_name_plural = _("yearly accounts")
        constraints = [
            models.UniqueConstraint(fields=["round", "body"], name="account_one_per_body"),
        ]

    def __str__(self):
        return _("%(body)s: account %(year)s") % {"body": self.body, "year": self.round.year}

    def owning_committees(self) -> set[int]:
        return self.body.owning_committees() if self.body_id else set()

    def section_rows(self) -> list[dict]:
        """Each free-text section with its label, text and ready flag."""
        return [
            {
                "name": name,
                "label": self._meta.get_field(name).verbose_name,
                "text": getattr(self, name),
                "ready": getattr(self, f"{name}_ready"),
            }
            for name in self.SECTIONS
        ]

    @property
    def sections_ready(self) -> int:
        return sum(1 for name in self.SECTIONS if getattr(self, f"{name}_ready"))

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED
