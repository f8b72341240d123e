"""What the application endpoints take and give (P2): applications and their life cycle.

Outputs give the ids of related records (what a PUT sends back) and readable labels
beside them; SEK figures and the co-financing total are derived and read-only. Inputs
check types and shapes; the rules (granted not above applied, the status transitions,
choices of the caller's municipality) are the actions' (samverkan/applications/actions.py).
"""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from samverkan.activities.models import Currency
from samverkan.applications import queries
from samverkan.applications.models import TRANSITIONS, ReportDue, Status

ApplicationStatus = Literal[tuple(Status.values)]
CurrencyCode = Literal[tuple(Currency.values)]
ReportKind = Literal[tuple(ReportDue.Kind.values)]
ApplicationSort = Literal[tuple(key for name in queries.SORTS for key in (name, f"-{name}"))]

VERSION = Field(description="The version you read; a newer one answers 409.")


# Life-cycle records ----------------------------------------------------------------------


class CoFinancingOut(Schema):
    id: int
    body: int
    body_name: str
    amount_sek: Decimal
    decision: int | None = Field(description="Id of the body's decision (registry).")
    note: str
    version: int

    @staticmethod
    def resolve_body(obj):
        return obj.body_id

    @staticmethod
    def resolve_body_name(obj):
        return obj.body.name

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id


class CoFinancingIn(Schema):
    body: int = Field(description="Id of the body that commits the money.")
    amount_sek: Decimal = Field(description="SEK; not negative.")
    decision: int | None = Field(None, description="Id of the decision (registry).")
    note: str = ""


class GrantAgreementOut(Schema):
    id: int
    signed_on: datetime.date
    reference: str
    amount: Decimal = Field(description="In the application's currency.")
    version: int


class GrantAgreementIn(Schema):
    signed_on: datetime.date
    reference: str = ""
    amount: Decimal = Field(description="In the application's currency; not negative.")


class PaymentClaimOut(Schema):
    id: int
    amount: Decimal = Field(description="Claimed, in the application's currency.")
    submitted_on: datetime.date
    paid_on: datetime.date | None
    paid_amount: Decimal | None
    version: int


class PaymentClaimIn(Schema):
    amount: Decimal = Field(description="Claimed, in the application's currency.")
    submitted_on: datetime.date
    paid_on: datetime.date | None = None
    paid_amount: Decimal | None = Field(None, description="With the date it was paid.")


class ReportOut(Schema):
    id: int
    kind: ReportKind
    kind_label: str
    due_on: datetime.date
    submitted_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class ReportIn(Schema):
    kind: ReportKind = ReportDue.Kind.INTERIM.value
    due_on: datetime.date
    submitted_on: datetime.date | None = None


class DocumentOut(Schema):
    id: int
    title: str
    original_name: str
    content_type: str
    size: int


class CoFinancingUpdate(CoFinancingIn):
    version: int = VERSION


class GrantAgreementUpdate(GrantAgreementIn):
    version: int = VERSION


class PaymentClaimUpdate(PaymentClaimIn):
    version: int = VERSION


class ReportUpdate(ReportIn):
    version: int = VERSION


# Applications ----------------------------------------------------------------------------


class ApplicationOut(Schema):
    id: int
    title: str
    description: str
    call: int | None = Field(description="Id of the call (funding) it answers, if one.")
    call_title: str | None
    programme: int | None = Field(description="Id of the catalogue programme, if one.")
    programme_name: str = Field(description="A programme or funder not in the catalogue.")
    programme_label: str
    call_deadline: datetime.date | None
    lead_body: int
    lead_body_name: str
    partners: list[int]
    partner_names: list[str]
    status: ApplicationStatus
    status_label: str
    next_statuses: list[ApplicationStatus] = Field(
        description="The statuses the life cycle allows from this one."
    )
    currency: CurrencyCode
    exchange_rate: Decimal | None = Field(description="SEK per unit of the currency.")
    rate_date: datetime.date | None
    amount_applied: Decimal
    amount_granted: Decimal | None
    amount_applied_sek: Decimal
    amount_granted_sek: Decimal | None
    co_financing_sek: Decimal = Field(description="The sum of the co-financing rows, SEK.")
    submitted_on: datetime.date | None
    decided_on: datetime.date | None
    funder_reference: str
    project_start: datetime.date | None
    project_end: datetime.date | None
    programme_period_end: datetime.date | None
    documents_kept_until: datetime.date | None = Field(
        description="The end of the year the retention period after the programme ends."
    )
    municipal_decision: int | None = Field(description="Id of the municipality's decision.")
    is_demo: bool
    version: int

    @staticmethod
    def resolve_call(obj):
        return obj.call_id

    @staticmethod
    def resolve_call_title(obj):
        return obj.call.title if obj.call_id else None

    @staticmethod
    def resolve_programme(obj):
        return obj.programme_id

    @staticmethod
    def resolve_lead_body(obj):
        return obj.lead_body_id

    @staticmethod
    def resolve_lead_body_name(obj):
        return obj.lead_body.name

    @staticmethod
    def resolve_partners(obj):
        return [partner.pk for partner in obj.partners.all()]

    @staticmethod
    def resolve_partner_names(obj):
        return [partner.name for partner in obj.partners.all()]

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_next_statuses(obj):
        return sorted(TRANSITIONS[obj.status])

    @staticmethod
    def resolve_municipal_decision(obj):
        return obj.municipal_decision_id


class ApplicationDetail(ApplicationOut):
    co_financing: list[CoFinancingOut] = Field(
        description="Add one with POST /applications/{id}/co-financing."
    )
    grant_agreements: list[GrantAgreementOut]
    payment_claims: list[PaymentClaimOut]
    reports: list[ReportOut]
    documents: list[DocumentOut] = Field(
        description="Add one with POST /applications/{id}/documents (multipart)."
    )

    @staticmethod
    def resolve_co_financing(obj):
        return list(obj.co_financing.all())

    @staticmethod
    def resolve_grant_agreements(obj):
        return list(obj.grant_agreements.all())

    @staticmethod
    def resolve_payment_claims(obj):
        return list(obj.payment_claims.all())

    @staticmethod
    def resolve_reports(obj):
        return list(obj.reports.all())

    @staticmethod
    def resolve_documents(obj):
        return list(obj.attachments.all())


class ApplicationIn(Schema):
    title: str
    description: str = ""
    call: int | None = Field(None, description="Id of a call of your municipality.")
    programme: int | None = Field(
        None, description="Id of a catalogue programme; the call's programme if left out."
    )
    programme_name: str = ""
    call_deadline: datetime.date | None = None
    lead_body: int = Field(description="Id of the executive board or a committee.")
    partners: list[int] = Field(default_factory=list, description="Ids of partners.")
    status: ApplicationStatus = Status.IDEA.value
    currency: CurrencyCode | None = Field(
        None,
        description="Left out: EUR for an application made from a call, otherwise SEK; "
        "when changing, the application keeps its currency.",
    )
    exchange_rate: Decimal | None = Field(
        None, description="SEK per unit of the currency; required with its date for EUR."
    )
    rate_date: datetime.date | None = None
    amount_applied: Decimal = Field(Decimal("0"), description="Not negative.")
    amount_granted: Decimal | None = Field(
        None, description="Not more than the amount applied for."
    )
    submitted_on: datetime.date | None = None
    decided_on: datetime.date | None = None
    funder_reference: str = ""
    project_start: datetime.date | None = None
    project_end: datetime.date | None = None
    programme_period_end: datetime.date | None = None
    municipal_decision: int | None = Field(None, description="Id of a decision (registry).")


class ApplicationUpdate(ApplicationIn):
    version: int = VERSION


class ApplicationFilter(Schema):
    """The list page's filters."""

    q: str | None = Field(None, description="Part of the title, programme or reference.")
    status: ApplicationStatus | None = None
    programme: str | None = Field(
        None,
        pattern=r"^(\d+|name:.+)$",
        description="Id of a catalogue programme, or name:<free programme name>.",
    )
    lead_body: int | None = Field(None, description="Id of the lead body.")
    year: int | None = Field(None, ge=1900, le=2200, description="Year submitted.")
    sort: ApplicationSort | None = Field(None, description="A leading - sorts descending.")


class ApplicationTotals(Schema):
    count: int
    applied: Decimal = Field(description="SEK.")
    granted: Decimal = Field(description="SEK.")


class ApplicationConflict(Schema):
    message: str
    current: ApplicationDetail
