"""Funding applications and the applicant's whole life cycle (clauses P2 and P8).

An application is made to a call (funding.Call) or, for national programmes without
calls in the catalogue, to a programme (funding.Programme) or a programme named freely.
Its status moves along the life cycle in TRANSITIONS only: idea → in preparation →
submitted → granted / rejected → running → final report submitted → closed.

Amounts are in SEK or EUR; the SEK figures are stored beside them (at the rate and date
given, as activities' funding lines do), so that list totals and the follow-up's yearly
figures are one aggregate. The co-financing total is the sum of the co-financing rows,
kept by the actions (actions.py), and by a signal for rows restored from the trash.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.activities.models import Currency
from samverkan.organisation.models import Body, TenantModel
from samverkan.registry.models import Decision, Partner

DEFAULT_RETENTION_YEARS = 10


def retention_years() -> int:
    """Years the documents of an application are kept after the programme period ends.

    The programme's rules decide; SAMVERKAN_APPLICATION_RETENTION_YEARS sets it.
    """
    return int(getattr(settings, "SAMVERKAN_APPLICATION_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


def _money(**kwargs):
    return models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))], **kwargs
    )


def to_sek(amount, currency, rate) -> Decimal | None:
    if amount is None:
        return None
    factor = Decimal("1") if currency == Currency.SEK else Decimal(rate or 0)
    return (Decimal(amount) * factor).quantize(Decimal("0.01"))


class Status(models.TextChoices):
    IDEA = "idea", _("Idea")
    IN_PREPARATION = "in_preparation", _("In preparation")
    SUBMITTED = "submitted", _("Submitted")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RUNNING = "running", _("Running")
    FINAL_REPORT_SUBMITTED = "final_report_submitted", _("Final report submitted")
    CLOSED = "closed", _("Closed")


# Where an application may go from each status (a new record may start anywhere: an
# application made before the system is registered as it stands).
TRANSITIONS: dict[str, set[str]] = {
    Status.IDEA: {Status.IN_PREPARATION, Status.SUBMITTED, Status.WITHDRAWN},
    Status.IN_PREPARATION: {Status.IDEA, Status.SUBMITTED, Status.WITHDRAWN},
    Status.SUBMITTED: {Status.IN_PREPARATION, Status.GRANTED, Status.REJECTED, Status.WITHDRAWN},
    Status.GRANTED: {Status.RUNNING, Status.WITHDRAWN, Status.CLOSED},
    Status.REJECTED: {Status.IDEA, Status.CLOSED},
    Status.WITHDRAWN: {Status.IDEA, Status.CLOSED},
    Status.RUNNING: {Status.FINAL_REPORT_SUBMITTED},
    Status.FINAL_REPORT_SUBMITTED: {Status.RUNNING, Status.CLOSED},
    Status.CLOSED: set(),
}
# Statuses in which money was granted (and not given back by withdrawing).
GRANT_STATUSES = {Status.GRANTED, Status.RUNNING, Status.FINAL_REPORT_SUBMITTED, Status.CLOSED}
# Statuses before the funder has answered.
OPEN_STATUSES = {Status.IDEA, Status.IN_PREPARATION}
DECIDED_STATUSES = GRANT_STATUSES | {Status.REJECTED}


class Application(TenantModel):
    Status = Status

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    call = models.ForeignKey(
        "funding.Call",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("call"),
    )
    programme = models.ForeignKey(
        "funding.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("programme"),
    )
    programme_name = models.CharField(
        _("programme or funder (free text)"),
        max_length=200,
        blank=True,
        help_text=_("For a programme not in the catalogue."),
    )
    call_deadline = models.DateField(_("call deadline"), null=True, blank=True)
    lead_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="funding_applications",
        verbose_name=_("lead body"),
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="funding_applications", verbose_name=_("partners")
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.IDEA
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
        help_text=_("SEK per unit of the currency, as used for this application."),
    )
    rate_date = models.DateField(_("date of the rate"), null=True, blank=True)
    amount_applied = _money(verbose_name=_("amount applied for"), default=Decimal("0"))
    amount_granted = _money(verbose_name=_("amount granted"), null=True, blank=True)
    amount_applied_sek = models.DecimalField(
        _("amount applied for (SEK)"), max_digits=16, decimal_places=2, default=0, editable=False
    )
    amount_granted_sek = models.DecimalField(
        _("amount granted (SEK)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    co_financing_sek = models.DecimalField(
        _("co-financing committed (SEK)"),
        max_digits=16,
        decimal_places=2,
        default=0,
        editable=False,
    )
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)
    decided_on = models.DateField(_("funder's decision date"), null=True, blank=True)
    funder_reference = models.CharField(_("funder's reference"), max_length=100, blank=True)
    project_start = models.DateField(_("project start"), null=True, blank=True)
    project_end = models.DateField(_("project end"), null=True, blank=True)
    programme_period_end = models.DateField(
        _("end of the programme period"),
        null=True,
        blank=True,
        help_text=_("The documents are kept for a number of years after it."),
    )
    municipal_decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_applications",
        verbose_name=_("the municipality's decision"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords(m2m_fields=[partners])

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["municipality", "submitted_on"]),
            models.Index(fields=["municipality", "decided_on"]),
        ]

    def __str__(self):
        return self.title

    # Rules ------------------------------------------------------------------------------

    def clean(self):
        # The life cycle's steps are checked by the actions (actions.check_transition): a
        # step is a change, not a state.
        errors = {}
        for name in ("call", "programme"):
            linked = getattr(self, name) if getattr(self, f"{name}_id") else None
            if linked is not None and linked.municipality_id != self.municipality_id:
                errors[name] = _("Choose one of your own municipality's.")
        if self.lead_body_id and self.lead_body.municipality_id != self.municipality_id:
            errors["lead_body"] = _("Choose a body of your own municipality.")
        if self.currency != Currency.SEK:
            # Both asked for by name, each beside its own field.
            if self.exchange_rate is None:
                errors["exchange_rate"] = _(
                    "Give the exchange rate: how many kronor one %(currency)s is worth."
                ) % {"currency": self.currency}
            if self.rate_date is None:
                errors["rate_date"] = _("Give the date of the exchange rate.")
        if (
            self.amount_granted is not None
            and self.amount_applied is not None
            and self.amount_granted > self.amount_applied
        ):
            errors["amount_granted"] = _(
                "The amount granted (%(granted)s) cannot be more than the amount applied for "
                "(%(applied)s)."
            ) % {
                "granted": number_format(self.amount_granted, force_grouping=True),
                "applied": number_format(self.amount_applied, force_grouping=True),
            }
        if self.status in GRANT_STATUSES and not self.amount_granted:
            errors.setdefault(
                "amount_granted", _("Give the amount granted for a granted application.")
            )
        if self.project_start and self.project_end and self.project_end < self.project_start:
            errors["project_end"] = _("The end date cannot be before the start date.")
        if self.submitted_on and self.decided_on and self.decided_on < self.submitted_on:
            errors["decided_on"] = _("The decision cannot come before the application was sent.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.amount_applied_sek = to_sek(self.amount_applied, self.currency, self.exchange_rate)
        self.amount_granted_sek = to_sek(self.amount_granted, self.currency, self.exchange_rate)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            # A versioned edit writes only the form's fields; the SEK figures follow them.
            kwargs["update_fields"] = {*update_fields, "amount_applied_sek", "amount_granted_sek"}
        super().save(*args, **kwargs)

    def owning_committees(self) -> set[int]:
        return self.lead_body.owning_committees() if self.lead_body_id else set()

    # Derived ----------------------------------------------------------------------------

    @property
    def programme_label(self) -> str:
        if self.programme_id:
            return str(self.programme)
        return self.programme_name

    @property
    def next_statuses(self) -> list[str]:
        return sorted(TRANSITIONS[self.status])

    @property
    def documents_kept_until(self) -> datetime.date | None:
        """The last day the documents must be kept: the end of the year `retention_years()`
        after the programme period ends (the date given, else the catalogue programme's last
        year, else the project's end)."""
        end = self.programme_period_end
        if end is None and self.programme_id and self.programme.period_end_year:
            end = datetime.date(self.programme.period_end_year, 12, 31)
        end = end or self.project_end
        if end is None:
            return None
        return datetime.date(end.year + retention_years(), 12, 31)

    def compute_co_financing(self) -> Decimal:
        total = CoFinancing.objects.filter(application_id=self.pk).aggregate(
            total=models.Sum("amount_sek")
        )["total"]
        return Decimal(total or 0).quantize(Decimal("0.01"))

    def refresh_derived(self) -> None:
        value = self.compute_co_financing()
        if value != self.co_financing_sek:
            type(self).objects.filter(pk=self.pk).update(co_financing_sek=value)
            self.co_financing_sek = value


class ApplicationPart(TenantModel):
    """A life-cycle record of an application; its committee is the application's."""

    class Meta:
        abstract = True

    def owning_committees(self) -> set[int]:
        return self.application.owning_committees()


class CoFinancing(ApplicationPart):
    """Money a body of the municipality commits to the project, with its decision."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="co_financing"
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("body")
    )
    amount_sek = _money(verbose_name=_("amount (SEK)"))
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("co-financing")
        verbose_name_plural = _("co-financing")

    def __str__(self):
        return f"{self.body}: {self.amount_sek} SEK"


class GrantAgreement(ApplicationPart):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="grant_agreements"
    )
    signed_on = models.DateField(_("signed"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    amount = _money(verbose_name=_("amount"), help_text=_("In the application's currency."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["signed_on", "pk"]
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")

    def __str__(self):
        return f"{self.reference or _('Grant agreement')} {self.signed_on:%Y-%m-%d}"


class PaymentClaim(ApplicationPart):
    """A payment claim (rekvisition) sent to the funder, and what was paid."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="payment_claims"
    )
    amount = _money(verbose_name=_("amount claimed"), help_text=_("In the application's currency."))
    submitted_on = models.DateField(_("submitted"))
    paid_on = models.DateField(_("paid"), null=True, blank=True)
    paid_amount = _money(verbose_name=_("amount paid"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_on", "pk"]
        verbose_name = _("payment claim")
        verbose_name_plural = _("payment claims")

    def __str__(self):
        return f"{_('Payment claim')} {self.submitted_on:%Y-%m-%d}: {self.amount}"

    def clean(self):
        if self.paid_on and self.submitted_on and self.paid_on < self.submitted_on:
            raise ValidationError({"paid_on": _("A claim cannot be paid before it was sent.")})
        if self.paid_amount is not None and self.paid_on is None:
            raise ValidationError({"paid_on": _("Give the date the amount was paid.")})


class ReportDue(ApplicationPart):
    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim report")
        FINAL = "final", _("Final report")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INTERIM)
    due_on = models.DateField(_("due"))
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_on:%Y-%m-%d}"


class ApplicationAttachment(ApplicationPart):
    """A document of the application; type checked by content like every upload."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="applications/%Y/")
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    content_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False, default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


def _refresh_application_of(sender, instance, **kwargs):
    """A co-financing row written outside the actions (restored from the trash, edited in
    the back office): the application's total follows. The actions keep it themselves."""
    application = Application.objects.filter(pk=instance.application_id).first()
    if application is not None:
        application.refresh_derived()


models.signals.post_save.connect(_refresh_application_of, sender=CoFinancing)
models.signals.post_delete.connect(_refresh_application_of, sender=CoFinancing)
