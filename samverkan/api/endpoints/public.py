"""The anonymous read API: what each municipality publishes, without signing in.

The same rows as its public pages and open-data files (samverkan.public.data, read
through lib.publication: the public app sits beside the API and registers its reader
there). Only GET: a write answers 405. Rate-limited per client address
(SAMVERKAN_PUBLIC_API_RATE, e.g. "120/min"; 429 with Retry-After), and every answer
carries ETag and Last-Modified, so that a repeated download answers 304 Not Modified.
"""

import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from ninja import Field, Router, Schema
from ninja.throttling import SimpleRateThrottle

from samverkan.lib import publication
from samverkan.organisation.signin import client_address

from ..schemas import Error


class PublicRateThrottle(SimpleRateThrottle):
    """Requests per client address (behind SAMVERKAN_TRUSTED_PROXIES proxies, the address
    the outermost trusted one saw), counted in Django's cache."""

    scope = "samverkan-public"

    def __init__(self):
        self.rate = None

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, "SAMVERKAN_PUBLIC_API_RATE", "120/min")
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


# What the endpoints give ------------------------------------------------------------------


class PublicMunicipalityOut(Schema):
    code: str = Field(description="The kommunkod, e.g. 0583.")
    name: str
    county: str
    registers: list[str] = Field(description="The registers the municipality publishes.")
    url: str = Field(description="The municipality's public page.")


class PublicClauseOut(Schema):
    key: str
    section: str
    summary: str
    text: str


class PublicPolicyOut(Schema):
    id: int
    key: str
    title: str
    kind: str
    decided_by: str
    decided_on: datetime.date
    registration_number: str
    paragraph: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    revised_on: datetime.date | None
    review_due_on: datetime.date
    review_overdue: bool
    clauses: list[PublicClauseOut]


class PublicTwinTownOut(Schema):
    id: int
    name: str
    local_name: str
    country: str
    country_name: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    since: datetime.date | None
    ended_on: datetime.date | None
    decision: str
    end_decision: str
    agreement: str
    description: str
    website: str
    source_url: str


class PublicFeeOut(Schema):
    year: int
    amount: Decimal
    currency: str


class PublicMembershipOut(Schema):
    id: int
    organisation: str
    country: str
    held_through: str
    scope: str
    scope_label: str
    committee: str
    started_on: datetime.date
    ended_on: datetime.date | None
    decision: str
    fees: list[PublicFeeOut]
    description: str
    source_url: str


class PublicAgreementOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    parties: list[str]
    signed_on: datetime.date | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    signing_body: str
    decision: str
    description: str
    source_url: str


class PublicFundingOut(Schema):
    source: str
    source_label: str
    programme: str
    amount: Decimal
    currency: str
    amount_sek: Decimal


class PublicActivityOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    committee: str
    start_date: datetime.date
    end_date: datetime.date | None
    countries: list[str]
    country_names: list[str]
    partners: list[str] = Field(description="Partners that are organisations (never persons).")
    goals: list[str]
    agenda_2030_goals: list[int]
    eu_priority: bool
    own_costs_sek: Decimal
    external_funding_sek: Decimal
    funding: list[PublicFundingOut]
    description: str
    purpose: str
    results: str


class PublicCountryOut(Schema):
    country: str
    country_name: str
    activities: int
    partners: int


class PublicReportOut(Schema):
    year: int
    accounts: int
    html: str
    docx: str
    pdf: str


class PublicIndicatorOut(Schema):
    year: int
    clause: str
    clause_summary: str
    key: str
    label: str
    unit: str
    comparison: str
    target: Decimal
    value: float | None
    status: str
    status_label: str
    detail: str


router = Router(auth=None, throttle=PublicRateThrottle(), tags=["public"])

ANSWERS = {304: None, 404: Error, 429: Error}


def _answer(request, response: HttpResponse, data, last_modified: datetime.datetime | None):
    """`data` with ETag and Last-Modified set, or 304 when the caller has it already."""
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True).encode("utf-8")
    etag = publication.etag_of(body + (request.LANGUAGE_CODE or "").encode())
    timestamp = int(last_modified.timestamp()) if last_modified else None
    headers = {"ETag": etag, "Cache-Control": "public, no-cache", "Vary": "Accept-Language"}
    if timestamp is not None:
        headers["Last-Modified"] = http_date(timestamp)
    if get_conditional_response(request, etag=etag, last_modified=timestamp) is not None:
        not_modified = HttpResponseNotModified()
        for name, value in headers.items():
            not_modified[name] = value
        return not_modified
    for name, value in headers.items():
        response[name] = value
    return data


def _register(request, response, code: str, register: str):
    reader = publication.reader()
    municipality, publishing = reader.municipality(code)
    rows = reader.rows(municipality, publishing, register)
    return _answer(request, response, rows, reader.last_modified(municipality, register))


@router.get(
    "/public/municipalities",
    response={200: list[PublicMunicipalityOut], 304: None, 429: Error},
)
def public_municipalities(request, response: HttpResponse):
    """The municipalities that publish here, and what each publishes."""
    return _answer(request, response, publication.reader().municipality_rows(), None)


@router.get("/public/{code}", response={200: PublicMunicipalityOut, **ANSWERS})
def public_municipality(request, response: HttpResponse, code: str):
    """One municipality that publishes, and its registers (each at /public/{code}/{register})."""
    reader = publication.reader()
    reader.municipality(code)  # 404 unless it publishes
    row = next(row for row in reader.municipality_rows() if row["code"] == code)
    return _answer(request, response, row, None)


@router.get("/public/{code}/policies", response={200: list[PublicPolicyOut], **ANSWERS})
def public_policies(request, response: HttpResponse, code: str):
    """The policy documents in force, with their text (404 unless published)."""
    return _register(request, response, code, "policies")


@router.get("/public/{code}/twin-towns", response={200: list[PublicTwinTownOut], **ANSWERS})
def public_twin_towns(request, response: HttpResponse, code: str):
    return _register(request, response, code, "twin-towns")


@router.get("/public/{code}/memberships", response={200: list[PublicMembershipOut], **ANSWERS})
def public_memberships(request, response: HttpResponse, code: str):
    """Memberships in international organisations and networks, with their annual fees."""
    return _register(request, response, code, "memberships")


@router.get("/public/{code}/agreements", response={200: list[PublicAgreementOut], **ANSWERS})
def public_agreements(request, response: HttpResponse, code: str):
    """Agreements, their parties (organisations) and the decisions behind them."""
    return _register(request, response, code, "agreements")


@router.get("/public/{code}/activities", response={200: list[PublicActivityOut], **ANSWERS})
def public_activities(request, response: HttpResponse, code: str):
    """The activities marked public."""
    return _register(request, response, code, "activities")


@router.get("/public/{code}/activities/{activity_id}", response={200: PublicActivityOut, **ANSWERS})
def public_activity(request, response: HttpResponse, code: str, activity_id: int):
    """One public activity; 404 for an internal one (as for a missing one)."""
    reader = publication.reader()
    municipality, publishing = reader.municipality(code)
    row = reader.activity(municipality, publishing, activity_id)
    return _answer(request, response, row, reader.last_modified(municipality, "activities"))


@router.get("/public/{code}/countries", response={200: list[PublicCountryOut], **ANSWERS})
def public_countries(request, response: HttpResponse, code: str):
    """The partner countries, with public activities and partners in each."""
    return _register(request, response, code, "countries")


@router.get("/public/{code}/reports", response={200: list[PublicReportOut], **ANSWERS})
def public_reports(request, response: HttpResponse, code: str):
    """The yearly reports of the years whose accounts are all approved."""
    return _register(request, response, code, "reports")


@router.get("/public/{code}/compliance", response={200: list[PublicIndicatorOut], **ANSWERS})
def public_compliance(request, response: HttpResponse, code: str):
    """The policy's indicators for each approved year."""
    return _register(request, response, code, "compliance")
