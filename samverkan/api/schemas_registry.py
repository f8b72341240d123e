"""What the registry endpoints take and give: partners, contacts, decisions, twin towns,
agreements and memberships.

Outputs give the ids of related records (what a PUT sends back) and readable labels
beside them. Inputs check types and shapes; the domain's rules (decision authority,
dates, countries, uniqueness) are checked by the same forms the pages use.
"""

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator

from samverkan.organisation.models import Body
from samverkan.registry import countries
from samverkan.registry.models import (
    Agreement,
    Contact,
    DecisionType,
    Document,
    NetworkMembership,
    ParticipationEntry,
    Partner,
    TwinTown,
    ValueReview,
)

from .endpoints import registry as lookups

PartnerKind = Literal[tuple(Partner.Kind.values)]
LegalBasis = Literal[tuple(Contact.LegalBasis.values)]
DecisionTypeValue = Literal[tuple(DecisionType.values)]
TwinTownStatus = Literal[tuple(TwinTown.Status.values)]
TwinTownKind = Literal[tuple(TwinTown.Kind.values)]
AgreementKind = Literal[tuple(Agreement.Kind.values)]
MembershipScope = Literal[tuple(NetworkMembership.Scope.values)]
BodyKind = Literal[tuple(Body.Kind.values)]
CountryGroup = Literal[countries.NORDIC, countries.EU, countries.EEA]

VERSION = Field(description="The version you read; a newer one answers 409.")
FLAGS = Field(
    description="The decision rules this record breaks (records made before a rule or "
    "imported), each as the policy's message. Flagged, never hidden."
)


def _request(context):
    return (context or {}).get("request")


def _flags(obj, context) -> list[str]:
    # Computed once per request for the whole municipality, not once per row.
    return lookups.flags_for(_request(context), obj)


def _name(obj) -> str | None:
    return str(obj) if obj is not None else None


class RecordRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj):
        return str(obj)


class _Country(Schema):
    @field_validator("country", mode="before", check_fields=False)
    @classmethod
    def _upper(cls, value):
        # "fi" and " FI " mean Finland; anything else is for the form to refuse.
        return value.strip().upper() if isinstance(value, str) else value


# Partners ----------------------------------------------------------------------------


class PartnerOut(Schema):
    id: int
    kind: PartnerKind
    kind_label: str
    name: str
    local_name: str
    is_local_actor: bool
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. FI.")
    country_name: str
    country_groups: list[CountryGroup] = Field(
        description="The groups the country belongs to today (nordic, eu, eea)."
    )
    city: str
    website: str
    description: str
    source_url: str
    is_demo: bool
    version: int

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_country(obj):
        return obj.country.code

    @staticmethod
    def resolve_country_name(obj):
        return str(obj.country.name)

    @staticmethod
    def resolve_country_groups(obj):
        groups = countries.groups_of(obj.country.code, timezone.localdate())
        return [
            group for group in (countries.NORDIC, countries.EU, countries.EEA) if group in groups
        ]


class PartnerIn(_Country):
    name: str
    local_name: str = ""
    kind: PartnerKind
    is_local_actor: bool = False
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. FI.")
    city: str = ""
    website: str = ""
    description: str = ""
    source_url: str = ""


class PartnerUpdate(PartnerIn):
    version: int = VERSION


class PartnerFilter(_Country):
    kind: PartnerKind | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code, e.g. FI.")
    local: bool | None = Field(None, description="Only local actors (true) or only others.")
    group: CountryGroup | None = Field(None, description="Countries in this group today.")
    q: str | None = Field(None, description="Part of the name, the local name or the place.")


class PartnerConflict(Schema):
    message: str
    current: PartnerOut


# Contacts (personal data) ------------------------------------------------------------


class ContactOut(Schema):
    id: int
    partner: int
    partner_name: str
    name: str
    role_title: str
    email: str
    phone: str
    last_contact_on: datetime.date | None
    legal_basis: LegalBasis
    legal_basis_label: str
    notes: str
    erased_at: datetime.datetime | None = Field(
        description="When the personal data was erased; the contact then keeps no personal data."
    )
    version: int

    @staticmethod
    def resolve_partner(obj):
        return obj.partner_id

    @staticmethod
    def resolve_partner_name(obj):
        return obj.partner.name

    @staticmethod
    def resolve_legal_basis_label(obj):
        return obj.get_legal_basis_display()


class ContactIn(Schema):
    partner: int = Field(description="Id of a partner of your municipality.")
    name: str
    role_title: str = ""
    email: str = ""
    phone: str = ""
    last_contact_on: datetime.date | None = None
    legal_basis: LegalBasis = Contact.LegalBasis.PUBLIC_TASK.value
    notes: str = ""


class ContactUpdate(ContactIn):
    version: int = VERSION


class ContactFilter(Schema):
    partner: int | None = Field(None, description="Id of a partner.")
    stale: bool | None = Field(
        None, description="Not contacted for 12 months (true), or contacted within them (false)."
    )
    q: str | None = Field(None, description="Part of the name or the e-mail.")


class ContactConflict(Schema):
    message: str
    current: ContactOut


class ContactExport(Schema):
    """Everything kept about the person (a data-subject access request)."""

    exported_at: str
    municipality: str
    contact: dict[str, Any]
    history: list[dict[str, Any]]


# Decisions ---------------------------------------------------------------------------


DocumentKind = Literal[tuple(Document.Kind.values)]


class DocumentOut(Schema):
    id: int
    decision: int | None
    agreement: int | None
    kind: DocumentKind
    title: str
    original_name: str
    content_type: str = Field(description="The type read from the file's content.")
    size: int = Field(description="In bytes.")
    is_public: bool
    confidentiality_ground: str

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id

    @staticmethod
    def resolve_agreement(obj):
        return obj.agreement_id


class DocumentIn(Schema):
    kind: DocumentKind = Document.Kind.ATTACHMENT.value
    title: str
    is_public: bool = True
    confidentiality_ground: str = Field(
        "",
        description="Needed when the file is not public: the provision of the Public Access "
        "to Information and Secrecy Act, e.g. 21 kap. 1 § OSL.",
    )


class DecisionOut(Schema):
    id: int
    body: int
    body_name: str
    body_kind: BodyKind
    decision_type: DecisionTypeValue
    decision_type_label: str
    meeting_date: datetime.date
    year: int
    registration_number: str
    paragraph: int
    title: str
    text: str
    policy_document: int | None
    source_url: str
    is_demo: bool
    version: int
    flags: list[str] = FLAGS

    @staticmethod
    def resolve_body(obj):
        return obj.body_id

    @staticmethod
    def resolve_body_name(obj):
        return obj.body.name

    @staticmethod
    def resolve_body_kind(obj):
        return obj.body.kind

    @staticmethod
    def resolve_decision_type_label(obj):
        return obj.get_decision_type_display()

    @staticmethod
    def resolve_policy_document(obj):
        return obj.policy_document_id

    @staticmethod
    def resolve_flags(obj, context):
        return _flags(obj, context)


class DecisionDetail(DecisionOut):
    agreements: list[RecordRef] = Field(description="Agreements this decision decided.")
    memberships: list[RecordRef]
    twin_towns_decided: list[RecordRef]
    twin_towns_ended: list[RecordRef]
    documents: list[DocumentOut] = Field(
        description="Attached files; confidential ones only for those who may see them."
    )

    @staticmethod
    def resolve_agreements(obj):
        return list(obj.agreements.all())

    @staticmethod
    def resolve_memberships(obj):
        return list(obj.memberships.select_related("organisation"))

    @staticmethod
    def resolve_twin_towns_decided(obj):
        return list(obj.twin_towns_decided.select_related("partner"))

    @staticmethod
    def resolve_twin_towns_ended(obj):
        return list(obj.twin_towns_ended.select_related("partner"))

    @staticmethod
    def resolve_documents(obj, context):
        return lookups.visible_documents(_request(context), obj)


class DecisionIn(Schema):
    body: int = Field(description="Id of a decision body of your municipality.")
    decision_type: DecisionTypeValue
    meeting_date: datetime.date
    registration_number: str = Field(description="The diarienummer, e.g. 15/KS 0089.")
    paragraph: int = Field(description="The paragraph (§); unique per body and year.")
    title: str
    text: str = ""
    policy_document: int | None = None
    source_url: str = ""


class DecisionUpdate(DecisionIn):
    version: int = VERSION


class DecisionFilter(Schema):
    body: int | None = Field(None, description="Id of a decision body.")
    decision_type: DecisionTypeValue | None = None
    year: int | None = None
    flagged: bool | None = Field(
        None, description="Only decisions by a body without authority (true), or only others."
    )
    q: str | None = Field(None, description="Part of the title or the registration number.")


class DecisionConflict(Schema):
    message: str
    current: DecisionOut


# Twin towns --------------------------------------------------------------------------


class TwinTownNoteOut(Schema):
    id: int
    noted_on: datetime.date
    text: str


class TwinTownOut(Schema):
    id: int
    partner: int
    partner_name: str
    country: str
    country_name: str
    kind: TwinTownKind
    kind_label: str
    status: TwinTownStatus
    status_label: str
    status_reason: str
    since: datetime.date | None
    ended_on: datetime.date | None
    agreement: int | None
    agreement_title: str | None
    decision: int | None
    decision_label: str | None
    end_decision: int | None
    end_decision_label: str | None
    contacts: list[int] = Field(
        description="Ids of the contacts; empty for those who may not see personal data."
    )
    last_reviewed_on: datetime.date | None
    review_due_on: datetime.date | None = Field(
        description="When the periodic review is due (the interval is a register setting)."
    )
    description: str
    purpose: str
    administration_benefit: str
    long_term_commitment: str
    nordic_european_link: str
    resources_needed: str
    committee_opinions: str
    consideration_complete: bool = Field(
        description="Whether the consideration the policy asks for (P11) is complete."
    )
    source_url: str
    is_demo: bool
    version: int
    flags: list[str] = FLAGS

    @staticmethod
    def resolve_partner(obj):
        return obj.partner_id

    @staticmethod
    def resolve_partner_name(obj):
        return obj.partner.name

    @staticmethod
    def resolve_country(obj):
        return obj.partner.country.code

    @staticmethod
    def resolve_country_name(obj):
        return str(obj.partner.country.name)

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_agreement(obj):
        return obj.agreement_id

    @staticmethod
    def resolve_agreement_title(obj):
        return obj.agreement.title if obj.agreement_id else None

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id

    @staticmethod
    def resolve_decision_label(obj):
        return _name(obj.decision) if obj.decision_id else None

    @staticmethod
    def resolve_end_decision(obj):
        return obj.end_decision_id

    @staticmethod
    def resolve_end_decision_label(obj):
        return _name(obj.end_decision) if obj.end_decision_id else None

    @staticmethod
    def resolve_contacts(obj, context):
        return [contact.pk for contact in lookups.visible_contacts(_request(context), obj)]

    @staticmethod
    def resolve_review_due_on(obj, context):
        return obj.review_due_on(lookups.review_interval(_request(context)))

    @staticmethod
    def resolve_flags(obj, context):
        return _flags(obj, context)


class TwinTownDetail(TwinTownOut):
    contact_names: list[str] = Field(
        description="The contacts' names, in the order of `contacts`; empty like it."
    )
    notes: list[TwinTownNoteOut] = Field(description="Notes of the dialogue, newest first.")

    @staticmethod
    def resolve_contact_names(obj, context):
        return [str(contact) for contact in lookups.visible_contacts(_request(context), obj)]

    @staticmethod
    def resolve_notes(obj):
        return list(obj.notes.all())


class TwinTownIn(Schema):
    partner: int = Field(description="Id of a municipality or region abroad (a partner).")
    kind: TwinTownKind = TwinTown.Kind.TWIN_TOWN.value
    status: TwinTownStatus = TwinTown.Status.PROPOSED.value
    status_reason: str = Field("", description="Needed when the relation is paused or ended.")
    since: datetime.date | None = None
    ended_on: datetime.date | None = None
    agreement: int | None = None
    decision: int | None = Field(None, description="The council's decision to enter.")
    end_decision: int | None = Field(None, description="The council's decision to end.")
    contacts: list[int] = Field(default_factory=list, description="Ids of contacts.")
    last_reviewed_on: datetime.date | None = None
    description: str = ""
    purpose: str = ""
    administration_benefit: str = ""
    long_term_commitment: str = ""
    nordic_european_link: str = ""
    resources_needed: str = ""
    committee_opinions: str = ""
    source_url: str = ""


class TwinTownUpdate(TwinTownIn):
    version: int = VERSION


class TwinTownFilter(_Country):
    status: TwinTownStatus | None = None
    kind: TwinTownKind | None = None
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code of the partner.")
    q: str | None = Field(None, description="Part of the partner's name.")


class TwinTownConflict(Schema):
    message: str
    current: TwinTownOut


# Agreements --------------------------------------------------------------------------


class AgreementOut(Schema):
    id: int
    kind: AgreementKind
    kind_label: str
    title: str
    parties: list[int]
    party_names: list[str] = Field(description="The parties' names, in the order of `parties`.")
    signed_on: datetime.date | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    renewal_due_on: datetime.date | None
    signing_body: int | None
    signing_body_name: str | None
    decision: int | None
    decision_label: str | None
    description: str
    source_url: str
    is_demo: bool
    version: int
    flags: list[str] = FLAGS

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_parties(obj, context):
        return [party.pk for party in lookups.visible_parties(_request(context), obj)]

    @staticmethod
    def resolve_party_names(obj, context):
        return [party.name for party in lookups.visible_parties(_request(context), obj)]

    @staticmethod
    def resolve_signing_body(obj):
        return obj.signing_body_id

    @staticmethod
    def resolve_signing_body_name(obj):
        return obj.signing_body.name if obj.signing_body_id else None

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id

    @staticmethod
    def resolve_decision_label(obj):
        return _name(obj.decision) if obj.decision_id else None

    @staticmethod
    def resolve_flags(obj, context):
        return _flags(obj, context)


class AgreementDetail(AgreementOut):
    twin_towns: list[RecordRef]
    documents: list[DocumentOut] = Field(
        description="Attached files; confidential ones only for those who may see them."
    )

    @staticmethod
    def resolve_twin_towns(obj):
        return list(obj.twin_towns.select_related("partner"))

    @staticmethod
    def resolve_documents(obj, context):
        return lookups.visible_documents(_request(context), obj)


class AgreementIn(Schema):
    kind: AgreementKind
    title: str
    parties: list[int] = Field(description="Ids of partners; at least one.")
    signed_on: datetime.date | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    renewal_due_on: datetime.date | None = None
    signing_body: int | None = None
    decision: int | None = None
    description: str = ""
    source_url: str = ""


class AgreementUpdate(AgreementIn):
    version: int = VERSION


class AgreementFilter(Schema):
    kind: AgreementKind | None = None
    signing_body: int | None = Field(None, description="Id of the signing body.")
    party: int | None = Field(None, description="Id of a party.")
    renewal_within_days: int | None = Field(
        None,
        ge=0,
        le=3650,
        description="Only agreements that end or must be renewed within this many days "
        "from today (90 for the renewal list).",
    )
    q: str | None = Field(None, description="Part of the title.")


class AgreementConflict(Schema):
    message: str
    current: AgreementOut


# Memberships -------------------------------------------------------------------------


class FeeOut(Schema):
    id: int
    year: int
    amount: Decimal
    currency: Literal["SEK", "EUR"]


class ParticipationOut(Schema):
    id: int
    kind: Literal[tuple(ParticipationEntry.Kind.values)]
    kind_label: str
    occurred_on: datetime.date
    committee: int | None
    committee_name: str | None
    description: str
    participants: str

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_committee(obj):
        return obj.committee_id

    @staticmethod
    def resolve_committee_name(obj):
        return obj.committee.name if obj.committee_id else None


class ValueReviewOut(Schema):
    id: int
    year: int
    benefits: str
    recommendation: Literal[tuple(ValueReview.Recommendation.values)]
    recommendation_label: str
    reviewed_by: str

    @staticmethod
    def resolve_recommendation_label(obj):
        return obj.get_recommendation_display()


class MembershipOut(Schema):
    id: int
    organisation: int
    organisation_name: str
    held_through: int | None
    held_through_name: str | None
    scope: MembershipScope
    scope_label: str
    committee: int | None
    committee_name: str | None
    started_on: datetime.date
    ended_on: datetime.date | None
    active: bool = Field(description="Whether the membership runs today.")
    decision: int | None
    decision_label: str | None
    participating_committees: list[int]
    participating_committee_names: list[str]
    representatives: str
    description: str
    source_url: str
    is_demo: bool
    version: int
    flags: list[str] = FLAGS

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_held_through(obj):
        return obj.held_through_id

    @staticmethod
    def resolve_held_through_name(obj):
        return obj.held_through.name if obj.held_through_id else None

    @staticmethod
    def resolve_scope_label(obj):
        return obj.get_scope_display()

    @staticmethod
    def resolve_committee(obj):
        return obj.committee_id

    @staticmethod
    def resolve_committee_name(obj):
        return obj.committee.name if obj.committee_id else None

    @staticmethod
    def resolve_active(obj):
        return obj.is_active_on(timezone.localdate())

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id

    @staticmethod
    def resolve_decision_label(obj):
        return _name(obj.decision) if obj.decision_id else None

    @staticmethod
    def resolve_participating_committees(obj):
        return [body.pk for body in obj.participating_committees.all()]

    @staticmethod
    def resolve_participating_committee_names(obj):
        return [body.name for body in obj.participating_committees.all()]

    @staticmethod
    def resolve_flags(obj, context):
        return _flags(obj, context)


class MembershipDetail(MembershipOut):
    fees: list[FeeOut] = Field(description="The annual fee per year, newest first.")
    participation: list[ParticipationOut] = Field(
        description="Meetings attended and roles held (P6), newest first."
    )
    value_reviews: list[ValueReviewOut] = Field(description="The yearly value reviews.")

    @staticmethod
    def resolve_fees(obj):
        return list(obj.fees.all())

    @staticmethod
    def resolve_participation(obj):
        return list(obj.participation.select_related("committee"))

    @staticmethod
    def resolve_value_reviews(obj):
        return list(obj.value_reviews.all())


class MembershipIn(Schema):
    organisation: int = Field(description="Id of the organisation or network (a partner).")
    held_through: int | None = Field(
        None, description="Id of the partner through which the municipality is a member."
    )
    scope: MembershipScope = NetworkMembership.Scope.MUNICIPALITY.value
    committee: int | None = Field(None, description="Id of the committee, for scope committee.")
    started_on: datetime.date
    ended_on: datetime.date | None = None
    decision: int | None = None
    participating_committees: list[int] = Field(
        default_factory=list, description="Ids of committees that take part."
    )
    representatives: str = ""
    description: str = ""
    source_url: str = ""


class MembershipUpdate(MembershipIn):
    version: int = VERSION


class MembershipFilter(Schema):
    scope: MembershipScope | None = None
    active: bool | None = Field(None, description="Runs today (true), or does not (false).")
    committee: int | None = Field(None, description="Id of a participating committee.")
    q: str | None = Field(None, description="Part of the organisation's name.")


class MembershipConflict(Schema):
    message: str
    current: MembershipOut


# Sub-records, added one at a time -------------------------------------------------------


class FeeIn(Schema):
    year: int
    amount: Decimal = Field(description="The annual fee; not negative.")
    currency: Literal["SEK", "EUR"] = "SEK"


class ParticipationIn(Schema):
    kind: Literal[tuple(ParticipationEntry.Kind.values)] = ParticipationEntry.Kind.MEETING.value
    occurred_on: datetime.date
    committee: int | None = Field(
        None,
        description="Id of the committee that took part; a committee editor logs for their own.",
    )
    description: str
    participants: str = ""


class ValueReviewIn(Schema):
    year: int
    benefits: str = Field(description="What the membership gave.")
    recommendation: Literal[tuple(ValueReview.Recommendation.values)]
    reviewed_by: str = ""


class TwinTownNoteIn(Schema):
    noted_on: datetime.date
    text: str
