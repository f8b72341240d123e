"""The policy pack in the database: the policy document, its clauses, decision rules, indicators."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.organisation.models import Body, TenantModel, TenantQuerySet


class PolicyDocumentQuerySet(TenantQuerySet):
    def in_force(self, on: datetime.date):
        """Documents in force on `on`: valid from then or before, and not yet ended."""
        return self.filter(valid_from__lte=on).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on)
        )


def base_document(municipality_id, on: datetime.date | None = None):
    """The municipality's main document in force on `on` (today when not given): of
    those in force, the one valid from the latest date; supplements are not counted."""
    from django.utils import timezone

    return (
        PolicyDocument.objects.filter(municipality_id=municipality_id, supplements__isnull=True)
        .in_force(on or timezone.localdate())
        .order_by("-valid_from", "-pk")
        .first()
    )


def layers_in_force(municipality_id, on: datetime.date | None = None) -> list:
    """The main document in force on `on` and its supplements in force then, oldest first:
    later layers add to and override the earlier ones' rules."""
    from django.utils import timezone

    day = on or timezone.localdate()
    base = base_document(municipality_id, day)
    if base is None:
        return []
    supplements = (
        PolicyDocument.objects.filter(supplements=base).in_force(day).order_by("valid_from", "pk")
    )
    return [base, *supplements]


class PolicyDocument(TenantModel):
    class Kind(models.TextChoices):
        POLICY = "policy", _("policy")
        STRATEGY = "strategy", _("strategy")
        GUIDELINES = "guidelines", _("guidelines")
        DECISION = "decision", _("decision")

    key = models.SlugField(_("key"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind of document"), max_length=20, choices=Kind.choices, default=Kind.POLICY
    )
    decision_body_kind = models.CharField(_("decided by"), max_length=20, choices=Body.Kind.choices)
    decided_on = models.DateField(_("decision date"))
    registration_number = models.CharField(_("registration number"), max_length=50)
    paragraph = models.CharField(_("paragraph (§)"), max_length=20)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    revised_by_kind = models.CharField(
        _("revised by"), max_length=20, choices=Body.Kind.choices, blank=True
    )
    revised_on = models.DateField(_("revision date"), null=True, blank=True)
    review_interval_years = models.PositiveSmallIntegerField(
        _("review interval (years)"), default=4
    )
    registration_number_pattern = models.CharField(
        _("registration number pattern"), max_length=200, blank=True
    )
    registration_number_example = models.CharField(
        _("registration number example"), max_length=50, blank=True
    )
    # The municipality's own headings, [{"key": …, "label": …}]; empty: the standard ones.
    sections = models.JSONField(_("sections"), default=list, blank=True)
    # The words the interface uses for the municipality's things, e.g. its committees.
    terms = models.JSONField(_("terms"), default=dict, blank=True)
    # Whether a new twin town must be considered before it is decided, and how.
    consideration_required = models.BooleanField(_("consideration required"), default=False)
    consideration_fields = models.JSONField(_("consideration fields"), default=list, blank=True)
    consideration_clause = models.CharField(_("consideration clause"), max_length=10, blank=True)
    consideration_message = models.CharField(_("consideration message"), max_length=300, blank=True)
    # A document that adds to or overrides another's rules, keeping its clauses.
    supplements = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplemented_by",
        verbose_name=_("supplements"),
    )
    source_file = models.CharField(_("source file"), max_length=300, blank=True)
    # One document adopted by several municipalities (their codes): each party holds it,
    # and loading the pack updates every party's copy in one transaction.
    shared_with = models.JSONField(_("shared by"), default=list, blank=True)
    history = HistoricalRecords()

    objects = PolicyDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="policy_unique_key"),
        ]

    def __str__(self):
        return self.title

    @property
    def last_decided_on(self) -> datetime.date:
        return self.revised_on or self.decided_on

    @property
    def review_due_on(self) -> datetime.date:
        last = self.last_decided_on
        try:
            return last.replace(year=last.year + self.review_interval_years)
        except ValueError:  # 29 February
            return last.replace(year=last.year + self.review_interval_years, day=28)

    def is_review_overdue(self, today: datetime.date) -> bool:
        return today >= self.review_due_on


class Clause(TenantModel):
    policy = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="clauses")
    key = models.CharField(_("clause"), max_length=10)
    section = models.CharField(_("section"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"))
    summary = models.CharField(_("summary"), max_length=300)
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["policy", "order"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="clause_unique_key"),
        ]

    def __str__(self):
        return f"{self.key} {self.summary}"


class PartnerCondition(models.TextChoices):
    """Which partners a rule applies to, by their country (registry/conditions.py)."""

    ANY = "", _("all partners")
    NORDIC = "nordic", _("partners in the Nordic countries")
    NON_NORDIC = "non_nordic", _("partners outside the Nordic countries")
    EU = "eu", _("partners in the EU")
    NON_EU = "non_eu", _("partners outside the EU")


class DecisionRule(TenantModel):
    policy = models.ForeignKey(
        PolicyDocument, on_delete=models.CASCADE, related_name="decision_rules"
    )
    decision_type = models.CharField(_("decision type"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    authorised_body_kind = models.CharField(
        _("authorised body"), max_length=20, choices=Body.Kind.choices
    )
    scope = models.CharField(_("scope"), max_length=200, blank=True)
    clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, related_name="decision_rules", null=True, blank=True
    )
    message = models.CharField(_("message when broken"), max_length=300)
    # A rule may apply only to some partners: a conditional rule goes before the general one.
    condition = models.CharField(
        _("applies to"), max_length=20, choices=PartnerCondition.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["policy", "decision_type", "-condition"]
        verbose_name = _("decision rule")
        verbose_name_plural = _("decision rules")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "decision_type", "condition"], name="decision_rule_unique_type"
            ),
        ]

    def __str__(self):
        return self.label


class Indicator(TenantModel):
    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")
        EQUALS = "equals", _("equals")

    policy = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="indicators")
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="indicators")
    key = models.CharField(_("indicator"), max_length=80)
    label = models.CharField(_("label"), max_length=300)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    comparison = models.CharField(
        _("comparison"), max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["clause__order", "key"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="indicator_unique_key"),
        ]

    def __str__(self):
        return self.label


class TimeRule(TenantModel):
    """A rule on how long a relation may last: an agreement must be time-limited (at most
    `max_years`), or relations matching a condition must have ended by `end_by`."""

    class Applies(models.TextChoices):
        AGREEMENT = "agreement", _("agreements")
        TWIN_TOWN = "twin_town", _("twin towns")
        MEMBERSHIP = "membership", _("memberships")

    policy = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="time_rules")
    key = models.SlugField(_("key"), max_length=80)
    applies_to = models.CharField(_("applies to"), max_length=20, choices=Applies.choices)
    # For agreements: only those of this type (Agreement.Kind), or all when empty.
    agreement_kind = models.CharField(_("agreement type"), max_length=30, blank=True)
    condition = models.CharField(
        _("partners"), max_length=20, choices=PartnerCondition.choices, blank=True
    )
    # Must have an end date; `max_years` limits how far after its start.
    time_limited = models.BooleanField(_("time-limited"), default=False)
    max_years = models.PositiveSmallIntegerField(_("at most (years)"), null=True, blank=True)
    end_by = models.DateField(_("ended by"), null=True, blank=True)
    clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, related_name="time_rules", null=True, blank=True
    )
    message = models.CharField(_("message when broken"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["policy", "key"]
        verbose_name = _("time rule")
        verbose_name_plural = _("time rules")
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="time_rule_unique_key"),
        ]

    def __str__(self):
        return self.message


class Delegation(TenantModel):
    """Decision types a body lets a working committee or an officer take for it
    (delegationsordning); such decisions are reported back to the body."""

    policy = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="delegations")
    delegating_body_kind = models.CharField(
        _("delegating body"), max_length=20, choices=Body.Kind.choices
    )
    delegate_kind = models.CharField(_("delegate"), max_length=20, choices=Body.Kind.choices)
    decision_types = models.JSONField(_("decision types"), default=list)
    clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, related_name="delegations", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["policy", "delegating_body_kind", "delegate_kind"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "delegating_body_kind", "delegate_kind"],
                name="delegation_unique_pair",
            ),
        ]

    def __str__(self):
        return f"{self.get_delegating_body_kind_display()} → {self.get_delegate_kind_display()}"
