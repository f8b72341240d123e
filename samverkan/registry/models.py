"""The registries: partners, contacts, decisions, twin towns, agreements and memberships.

Domain rules live in `clean()` here or in `authority.py`; the registry's actions run
them (lib.actions.check_rules) for every caller, so that neither the API, a command nor
the demo can write past them. A decision's year is the database's, from its date.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Cast, ExtractYear
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from samverkan.organisation.models import Body, Municipality, TenantModel, TenantQuerySet
from samverkan.policy.models import PolicyDocument

from . import countries


class RegistryRecord(TenantModel):
    """A register item: real facts carry their source; invented demo rows say so."""

    source_url = models.URLField(
        _("source"), blank=True, help_text=_("Where the fact comes from, if it is public.")
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Invented for the demonstration.")
    )

    class Meta:
        abstract = True


def _check_period(start, end, start_field, end_field):
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date cannot be before the start date.")})


# Register settings -------------------------------------------------------------------


class RegisterSettings(TenantModel):
    """A municipality's settings for its registers (one row each; defaults when missing)."""

    contact_retention_months = models.PositiveSmallIntegerField(
        _("keep contact data after the last contact (months)"),
        default=0,
        help_text=_(
            "A retention rule under the public records law: a contact cannot be erased "
            "until this many months have passed since the last contact. 0 means no such rule."
        ),
    )
    twin_town_review_interval_months = models.PositiveSmallIntegerField(
        _("twin-town review interval (months)"), default=24
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("register settings")
        verbose_name_plural = _("register settings")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="register_settings_unique"),
        ]

    def __str__(self):
        return str(self.municipality)

    @classmethod
    def for_municipality(cls, municipality) -> "RegisterSettings":
        found = cls.objects.filter(municipality=municipality).first()
        return found or cls(municipality=municipality)


# Partners ----------------------------------------------------------------------------


class Partner(RegistryRecord):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")
        UNIVERSITY = "university", _("University or college")
        SCHOOL = "school", _("School")
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        STUDY_ASSOCIATION = "study_association", _("Study association")
        NETWORK = "network", _("Network or organisation")
        EU_INSTITUTION = "eu_institution", _("EU institution")
        NATIONAL_AGENCY = "national_agency", _("National agency")
        CITIZEN = "citizen", _("Citizen with a network abroad")

    # Kinds that stand for a person: never shown to the public.
    PERSONAL_KINDS = {Kind.CITIZEN}
    # Kinds that can be a twin town.
    TWIN_KINDS = {Kind.MUNICIPALITY, Kind.REGION}

    name = models.CharField(_("name"), max_length=200)
    local_name = models.CharField(_("name in the local language"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    is_local_actor = models.BooleanField(
        _("local actor"),
        default=False,
        help_text=_("A company, association or citizen of the municipality with a network abroad."),
    )
    country = CountryField(_("country"))
    city = models.CharField(_("city or place"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "country"], name="partner_unique_name"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind in self.PERSONAL_KINDS:
            self.is_local_actor = True
        same = Partner.objects.filter(
            municipality_id=self.municipality_id, name=self.name, country=self.country
        ).exclude(pk=self.pk)
        if self.name and same.exists():
            raise ValidationError(
                {
                    "name": _("There is already a partner named %(name)s in this country.")
                    % {"name": self.name}
                }
            )

    def country_groups(self, day: datetime.date | None = None) -> set[str]:
        return countries.groups_of(self.country.code, day or datetime.date.today())

    @property
    def is_public(self) -> bool:
        return self.kind not in self.PERSONAL_KINDS


# Contacts (personal data) ------------------------------------------------------------


class Contact(TenantModel):
    class LegalBasis(models.TextChoices):
        """The legal bases a public authority may use for its contacts (GDPR art. 6.1 e, b
        and a; the Swedish data protection act 2 kap. 2 §). Legitimate interest is not one
        of them: art. 6.1 f does not apply to an authority performing its tasks."""

        PUBLIC_TASK = "public_task", _("Task in the public interest")
        OFFICIAL_AUTHORITY = "official_authority", _("Exercise of official authority")
        CONTRACT = "contract", _("Contract")
        CONSENT = "consent", _("Consent")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=200)
    role_title = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=LegalBasis.choices, default=LegalBasis.PUBLIC_TASK
    )
    notes = models.TextField(_("notes"), blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    # The fields that hold personal data: exported on request, blanked on erasure.
    PERSONAL_FIELDS = ("name", "role_title", "email", "phone", "notes")

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        if self.erased_at:
            return _("Erased contact #%(id)s") % {"id": self.pk}
        return self.name


# Decisions ---------------------------------------------------------------------------


class DecisionType(models.TextChoices):
    """The decision types of the policy pack's decision rules, and 'other'."""

    TWIN_TOWN_AGREEMENT = "twin_town_agreement", _("Twin-town agreement")
    TWIN_TOWN_RELATION = "twin_town_relation", _("New twin town or sister city")
    TWIN_TOWN_END = "twin_town_end", _("Ending a twin-town relation")
    COOPERATION_AGREEMENT = "cooperation_agreement", _("Cooperation agreement")
    MUNICIPAL_PARTNERSHIP = "municipal_partnership", _("Municipal partnership")
    MEMBERSHIP_MUNICIPALITY = "membership_municipality", _("Membership for the whole municipality")
    MEMBERSHIP_COMMITTEE = "membership_committee", _("Membership of one committee")
    POLICY = "policy", _("Policy adoption or revision")
    GUIDELINES = "guidelines", _("Guidelines")
    OTHER = "other", _("Other")


class Decision(RegistryRecord):
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("decision body")
    )
    decision_type = models.CharField(
        _("decision type"), max_length=40, choices=DecisionType.choices
    )
    meeting_date = models.DateField(_("meeting date"))
    # Kept by the database from the meeting date, so that no write can let them disagree.
    year = models.GeneratedField(
        expression=Cast(ExtractYear("meeting_date"), models.PositiveSmallIntegerField()),
        output_field=models.PositiveSmallIntegerField(_("year")),
        db_persist=True,
    )
    registration_number = models.CharField(
        _("registration number"), max_length=50, help_text=_("The diarienummer, e.g. 15/KS 0089.")
    )
    paragraph = models.PositiveIntegerField(_("paragraph (§)"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("decision text"), blank=True)
    policy_document = models.ForeignKey(
        PolicyDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("policy decided"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting_date", "-paragraph"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "paragraph"], name="decision_unique_paragraph"
            ),
            models.UniqueConstraint(
                fields=["body", "meeting_date", "registration_number"],
                name="decision_unique_case_per_meeting",
            ),
        ]

    def __str__(self):
        body = self.body.abbreviation or self.body.name
        return f"{body} {self.meeting_date:%Y-%m-%d} § {self.paragraph} – {self.title}"

    def clean(self):
        from .authority import check_decision

        check_decision(self)

    def owning_committees(self) -> set[int]:
        return self.body.owning_committees() if self.body_id else set()

    @property
    def is_public(self) -> bool:
        return True


class DocumentQuerySet(TenantQuerySet):
    def for_municipality(self, municipality):
        """Its own documents and those of agreements it is party to."""
        shared = Agreement.shared_with.through.objects.filter(municipality=municipality)
        return self.filter(
            models.Q(municipality=municipality)
            | models.Q(agreement_id__in=shared.values("agreement_id"))
        )


class Document(TenantModel):
    """An uploaded file (minutes, an agreement): stored outside the static files."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        AGREEMENT = "agreement", _("Agreement")
        ATTACHMENT = "attachment", _("Attachment")
        GUIDELINES = "guidelines", _("Guidelines")

    decision = models.ForeignKey(
        Decision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("decision"),
    )
    agreement = models.ForeignKey(
        "Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agreement"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ATTACHMENT)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="documents/%Y/")
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    content_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False, default=0)
    is_public = models.BooleanField(_("public"), default=True)
    confidentiality_ground = models.CharField(
        _("ground for confidentiality"),
        max_length=300,
        blank=True,
        help_text=_(
            "The provision of the Public Access to Information and Secrecy Act "
            "(offentlighets- och sekretesslagen), e.g. 21 kap. 1 § OSL."
        ),
    )
    history = HistoricalRecords()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__isnull=False) | models.Q(agreement__isnull=False),
                name="document_belongs_to_a_record",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.is_public and not self.confidentiality_ground.strip():
            raise ValidationError(
                {
                    "confidentiality_ground": _(
                        "Give the ground for confidentiality, e.g. the chapter and section of "
                        "the Public Access to Information and Secrecy Act."
                    )
                }
            )

    @property
    def parent(self):
        return self.decision or self.agreement

    def owning_committees(self) -> set[int]:
        parent = self.parent
        return parent.owning_committees() if parent else set()


class ControlLogEntry(TenantModel):
    """A dated review of a register item: shows that the board exercises control."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    reviewed_on = models.DateField(_("review date"))
    reviewed_by = models.CharField(_("reviewed by"), max_length=200)
    findings = models.TextField(_("findings"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("control log entry")
        verbose_name_plural = _("control log")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.reviewed_on:%Y-%m-%d} {self.reviewed_by}"

    def owning_committees(self) -> set[int]:
        item = self.item
        return item.owning_committees() if item is not None else set()


# Agreements --------------------------------------------------------------------------


class AgreementQuerySet(TenantQuerySet):
    def for_municipality(self, municipality):
        """Its own agreements and those another municipality registered with it as a party."""
        shared = Agreement.shared_with.through.objects.filter(municipality=municipality)
        return self.filter(
            models.Q(municipality=municipality) | models.Q(pk__in=shared.values("agreement_id"))
        )


class Agreement(RegistryRecord):
    class Kind(models.TextChoices):
        TWIN_TOWN = "twin_town_agreement", _("Twin-town agreement")
        COOPERATION = "cooperation_agreement", _("Cooperation agreement")
        MUNICIPAL_PARTNERSHIP = "municipal_partnership", _("Municipal partnership")
        LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
        OTHER = "other", _("Other")

    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    parties = models.ManyToManyField(Partner, related_name="agreements", verbose_name=_("parties"))
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    renewal_due_on = models.DateField(_("renewal due"), null=True, blank=True)
    signing_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_agreements",
        verbose_name=_("signing body"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("decision"),
    )
    description = models.TextField(_("description"), blank=True)
    # Other municipalities party to the same agreement: their coordinators see it and keep
    # its dates and description; the municipality that registered it keeps the rest.
    shared_with = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="shared_agreements",
        verbose_name=_("shared with"),
        help_text=_("Other municipalities that are party to the agreement."),
    )
    history = HistoricalRecords(m2m_fields=[parties, shared_with])

    objects = AgreementQuerySet.as_manager()

    # What a party municipality (not the one that registered it) may change.
    PARTY_EDITABLE = (
        "title",
        "signed_on",
        "valid_from",
        "valid_until",
        "renewal_due_on",
        "description",
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return self.title

    def clean(self):
        from .authority import check_item_decision, check_time_rules

        _check_period(self.valid_from, self.valid_until, "valid_from", "valid_until")
        check_item_decision(self, self.decision, self.decision_type)
        check_time_rules(self, "valid_until")

    @property
    def decision_type(self) -> str | None:
        """The decision type whose rule says who may decide this agreement."""
        return self.kind if self.kind in DecisionType.values else None

    def owning_committees(self) -> set[int]:
        return self.signing_body.owning_committees() if self.signing_body_id else set()

    def shared_municipality_ids(self) -> set[int]:
        """The other municipalities party to it (read once per agreement object)."""
        if not self.pk:
            return set()
        if not hasattr(self, "_shared_ids"):
            self._shared_ids = {m.pk for m in self.shared_with.all()}
        return self._shared_ids

    ENDS, RENEWAL = "ends", "renewal"

    @staticmethod
    def dated_between(start: datetime.date, end: datetime.date) -> models.Q:
        """Agreements that end or must be renewed from start to end (inclusive)."""
        return models.Q(valid_until__range=(start, end)) | models.Q(
            renewal_due_on__range=(start, end)
        )

    def dates_between(self, start: datetime.date, end: datetime.date) -> list[tuple]:
        """(day, ENDS or RENEWAL) for this agreement's dates from start to end, in date order.

        The renewals page and the reminders read the same dates through this.
        """
        dates = [(self.valid_until, self.ENDS), (self.renewal_due_on, self.RENEWAL)]
        return sorted((day, what) for day, what in dates if day and start <= day <= end)


# Twin towns --------------------------------------------------------------------------


class TwinTown(RegistryRecord):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        DECIDED = "decided", _("Decided")
        ACTIVE = "active", _("Active")
        UNDER_REVIEW = "under_review", _("Under review")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    class Kind(models.TextChoices):
        TWIN_TOWN = "twin_town", _("Twin town")
        SISTER_CITY = "sister_city", _("Sister city")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="twin_towns", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TWIN_TOWN)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    status_reason = models.TextField(
        _("reason for the status"),
        blank=True,
        help_text=_("Why the relation is paused or ended, e.g. sanctions or security policy."),
    )
    since = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="twin_towns",
        verbose_name=_("agreement"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="twin_towns_decided",
        verbose_name=_("decision to enter"),
    )
    end_decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="twin_towns_ended",
        verbose_name=_("decision to end"),
    )
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="twin_towns", verbose_name=_("contacts")
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # The consideration a pack may ask for before a new twin town is decided.
    purpose = models.TextField(_("purpose"), blank=True)
    administration_benefit = models.TextField(_("benefit for the administrations"), blank=True)
    long_term_commitment = models.TextField(_("long-term commitment"), blank=True)
    nordic_european_link = models.TextField(_("Nordic or European link"), blank=True)
    resources_needed = models.TextField(_("resources needed"), blank=True)
    committee_opinions = models.TextField(_("opinions of the committees concerned"), blank=True)
    history = HistoricalRecords(m2m_fields=[contacts])

    CONSIDERATION_FIELDS = (
        "purpose",
        "administration_benefit",
        "long_term_commitment",
        "nordic_european_link",
        "resources_needed",
        "committee_opinions",
    )
    # Statuses that need the council's decision to enter the relation.
    DECIDED_STATUSES = {Status.DECIDED, Status.ACTIVE, Status.UNDER_REVIEW, Status.PAUSED}

    class Meta:
        ordering = ["partner__name"]
        verbose_name = _("twin town")
        verbose_name_plural = _("twin towns")

    def __str__(self):
        return str(self.partner) if self.partner_id else _("twin town")

    @property
    def consideration_complete(self) -> bool:
        return all(getattr(self, name).strip() for name in self.CONSIDERATION_FIELDS)

    def missing_consideration(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.CONSIDERATION_FIELDS
            if not getattr(self, name).strip()
        ]

    def clean(self):
        from .authority import check_item_decision, check_twin_town

        _check_period(self.since, self.ended_on, "since", "ended_on")
        check_twin_town(self)
        check_item_decision(self, self.decision, DecisionType.TWIN_TOWN_RELATION)
        check_item_decision(
            self, self.end_decision, DecisionType.TWIN_TOWN_END, field="end_decision"
        )

    def review_due_on(self, interval_months: int) -> datetime.date | None:
        start = self.last_reviewed_on or self.since
        if start is None or self.status in (self.Status.PROPOSED, self.Status.ENDED):
            return None
        month = start.month - 1 + interval_months
        year, month = start.year + month // 12, month % 12 + 1
        return datetime.date(year, month, min(start.day, 28))


class TwinTownNote(TenantModel):
    """A note of the dialogue with a twin town."""

    twin_town = models.ForeignKey(
        TwinTown, on_delete=models.CASCADE, related_name="notes", verbose_name=_("twin town")
    )
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-noted_on", "-pk"]
        verbose_name = _("dialogue note")
        verbose_name_plural = _("dialogue notes")

    def __str__(self):
        return f"{self.noted_on:%Y-%m-%d}"


# Memberships -------------------------------------------------------------------------


class NetworkMembership(RegistryRecord):
    """Membership in an international organisation or network ("membership" in the glossary).

    Named apart from organisation.RoleAssignment (a user's role).
    """

    class Scope(models.TextChoices):
        MUNICIPALITY = "municipality", _("The whole municipality")
        COMMITTEE = "committee", _("One committee")

    organisation = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation or network"),
    )
    held_through = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships_held_for_others",
        verbose_name=_("held through"),
        help_text=_("When the municipality is a member through another body, e.g. SKR in CEMR."),
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.MUNICIPALITY
    )
    committee = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_memberships",
        verbose_name=_("committee"),
        help_text=_("The committee the membership is for, when it covers one committee."),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("decision"),
    )
    participating_committees = models.ManyToManyField(
        Body,
        blank=True,
        related_name="participating_memberships",
        verbose_name=_("participating committees"),
    )
    representatives = models.TextField(_("representatives"), blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[participating_committees])

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return str(self.organisation) if self.organisation_id else str(_("membership"))

    def clean(self):
        from .authority import check_item_decision, check_time_rules

        _check_period(self.started_on, self.ended_on, "started_on", "ended_on")
        if self.scope == self.Scope.COMMITTEE:
            if self.committee_id is None:
                raise ValidationError(
                    {"committee": _("Choose the committee the membership is for.")}
                )
        else:
            self.committee = None
        check_item_decision(self, self.decision, self.decision_type)
        check_time_rules(self, "ended_on")

    @property
    def decision_type(self) -> str:
        if self.scope == self.Scope.COMMITTEE:
            return DecisionType.MEMBERSHIP_COMMITTEE
        return DecisionType.MEMBERSHIP_MUNICIPALITY

    def is_active_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    def owning_committees(self) -> set[int]:
        return {self.committee_id} if self.committee_id else set()


class MembershipFee(TenantModel):
    class Currency(models.TextChoices):
        SEK = "SEK", "SEK"
        EUR = "EUR", "EUR"

    membership = models.ForeignKey(NetworkMembership, on_delete=models.CASCADE, related_name="fees")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.SEK
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual fee")
        verbose_name_plural = _("annual fees")
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="membership_fee_per_year"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="membership_fee_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.amount} {self.currency}"

    def owning_committees(self) -> set[int]:
        return self.membership.owning_committees()


class ParticipationEntry(TenantModel):
    """A meeting attended or a role held in a membership (P6: take active part)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting attended")
        ROLE = "role", _("Role held")
        OTHER = "other", _("Other participation")

    membership = models.ForeignKey(
        NetworkMembership, on_delete=models.CASCADE, related_name="participation"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    occurred_on = models.DateField(_("date"))
    committee = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participation_entries",
        verbose_name=_("committee"),
    )
    description = models.TextField(_("description"))
    participants = models.CharField(_("who took part"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participation log")

    def __str__(self):
        return f"{self.occurred_on:%Y-%m-%d} {self.get_kind_display()}"

    def owning_committees(self) -> set[int]:
        owning = self.membership.owning_committees()
        if self.committee_id:
            owning.add(self.committee_id)
        return owning


class ValueReview(TenantModel):
    """The yearly review of what a membership gave, and whether to keep it."""

    class Recommendation(models.TextChoices):
        KEEP = "keep", _("Keep")
        CHANGE = "change", _("Keep with changes")
        LEAVE = "leave", _("Leave")

    membership = models.ForeignKey(
        NetworkMembership, on_delete=models.CASCADE, related_name="value_reviews"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    benefits = models.TextField(_("what it gave"))
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    reviewed_by = models.CharField(_("reviewed by"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("value review")
        verbose_name_plural = _("value reviews")
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="value_review_per_year"),
        ]

    def __str__(self):
        return f"{self.year}: {self.get_recommendation_display()}"

    def owning_committees(self) -> set[int]:
        return self.membership.owning_committees()


def max_upload_bytes() -> int:
    return settings.SAMVERKAN_MAX_UPLOAD_MB * 1024 * 1024
