"""What a municipality publishes, as rows: the one source of its public pages, its open
data (CSV, JSON, the DCAT-AP-SE catalogue) and the anonymous API.

Each register's row holds only the fields listed in FIELDS (documented in
docs/open-data.md); every record comes through samverkan.public.access, which leaves out
persons, internal records and confidential documents. The API reads these rows through
lib.publication (this module is registered there by the app), so that the page, the
file and the API answer cannot disagree.
"""

import datetime
from collections import Counter, defaultdict

from django.conf import settings as django_settings
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.activities.models import Activity, ActivityCountry, FundingLine
from samverkan.followup import compliance
from samverkan.followup.models import AccountRound, YearlyAccount
from samverkan.lib.countries import collation_key
from samverkan.policy.models import Clause, PolicyDocument
from samverkan.registry.models import (
    Agreement,
    Decision,
    MembershipFee,
    NetworkMembership,
    Partner,
    TwinTown,
)

from . import access
from .models import PublicationSettings

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"

# Register → its fields, in order: (name, description). The CSV's columns, the JSON's
# keys, the API's schema and docs/open-data.md follow this.
FIELDS = {
    "policies": [
        ("id", gettext_lazy("The document's id on this site.")),
        ("key", gettext_lazy("The document's key in the policy pack.")),
        ("title", gettext_lazy("Title.")),
        ("kind", gettext_lazy("Kind: policy, strategy, guidelines or decision.")),
        ("decided_by", gettext_lazy("The kind of body that decided it.")),
        ("decided_on", gettext_lazy("Decision date (YYYY-MM-DD).")),
        ("registration_number", gettext_lazy("Registration number (diarienummer).")),
        ("paragraph", gettext_lazy("Paragraph (§) of the minutes.")),
        ("valid_from", gettext_lazy("In force from (YYYY-MM-DD).")),
        ("valid_to", gettext_lazy("In force until (YYYY-MM-DD), empty when open-ended.")),
        ("revised_on", gettext_lazy("Date of the latest revision, if any.")),
        ("review_due_on", gettext_lazy("When the document is due for review.")),
        ("review_overdue", gettext_lazy("Whether the review is overdue today.")),
        ("clauses", gettext_lazy("The clauses: key, section, summary and text.")),
    ],
    "twin-towns": [
        ("id", gettext_lazy("The relation's id on this site.")),
        ("name", gettext_lazy("The twin town's name.")),
        ("local_name", gettext_lazy("Its name in the local language.")),
        ("country", gettext_lazy("Country (ISO 3166-1 alpha-2).")),
        ("country_name", gettext_lazy("Country name.")),
        ("kind", gettext_lazy("twin_town or sister_city.")),
        ("kind_label", gettext_lazy("The kind in words.")),
        ("status", gettext_lazy("proposed, decided, active, under_review, paused or ended.")),
        ("status_label", gettext_lazy("The status in words.")),
        ("since", gettext_lazy("Since (YYYY-MM-DD).")),
        ("ended_on", gettext_lazy("Ended (YYYY-MM-DD).")),
        ("decision", gettext_lazy("The decision to enter the relation.")),
        ("end_decision", gettext_lazy("The decision to end it.")),
        ("agreement", gettext_lazy("Title of the twin-town agreement.")),
        ("description", gettext_lazy("Description.")),
        ("website", gettext_lazy("The twin town's website.")),
        ("source_url", gettext_lazy("Where the facts come from.")),
    ],
    "memberships": [
        ("id", gettext_lazy("The membership's id on this site.")),
        ("organisation", gettext_lazy("The organisation or network.")),
        ("country", gettext_lazy("The organisation's country (ISO 3166-1 alpha-2).")),
        ("held_through", gettext_lazy("The body through which the municipality is a member.")),
        ("scope", gettext_lazy("municipality (the whole municipality) or committee.")),
        ("scope_label", gettext_lazy("The scope in words.")),
        ("committee", gettext_lazy("The committee, when the membership is for one.")),
        ("started_on", gettext_lazy("Member from (YYYY-MM-DD).")),
        ("ended_on", gettext_lazy("Member until (YYYY-MM-DD).")),
        ("decision", gettext_lazy("The decision behind the membership.")),
        ("fees", gettext_lazy("Annual fees: year, amount and currency.")),
        ("description", gettext_lazy("Description.")),
        ("source_url", gettext_lazy("Where the facts come from.")),
    ],
    "agreements": [
        ("id", gettext_lazy("The agreement's id on this site.")),
        ("title", gettext_lazy("Title.")),
        ("kind", gettext_lazy("Type of agreement.")),
        ("kind_label", gettext_lazy("The type in words.")),
        ("parties", gettext_lazy("The parties (organisations).")),
        ("signed_on", gettext_lazy("Signed (YYYY-MM-DD).")),
        ("valid_from", gettext_lazy("Valid from (YYYY-MM-DD).")),
        ("valid_until", gettext_lazy("Valid until (YYYY-MM-DD).")),
        ("signing_body", gettext_lazy("The body that signed it.")),
        ("decision", gettext_lazy("The decision behind the agreement.")),
        ("description", gettext_lazy("Description.")),
        ("source_url", gettext_lazy("Where the facts come from.")),
    ],
    "activities": [
        ("id", gettext_lazy("The activity's id on this site.")),
        ("title", gettext_lazy("Title.")),
        ("kind", gettext_lazy("Kind of activity.")),
        ("kind_label", gettext_lazy("The kind in words.")),
        ("status", gettext_lazy("planned, ongoing, completed or cancelled.")),
        ("status_label", gettext_lazy("The status in words.")),
        ("committee", gettext_lazy("The responsible committee.")),
        ("start_date", gettext_lazy("Start (YYYY-MM-DD).")),
        ("end_date", gettext_lazy("End (YYYY-MM-DD).")),
        ("countries", gettext_lazy("Countries (ISO 3166-1 alpha-2).")),
        ("country_names", gettext_lazy("The countries' names.")),
        ("partners", gettext_lazy("Partners that are organisations.")),
        ("goals", gettext_lazy("Development goals served (code and title).")),
        ("agenda_2030_goals", gettext_lazy("Agenda 2030 goals (1-17).")),
        ("eu_priority", gettext_lazy("EU priority: an EU country or EU funding.")),
        ("own_costs_sek", gettext_lazy("The municipality's own costs (SEK).")),
        ("external_funding_sek", gettext_lazy("External funding (SEK).")),
        ("funding", gettext_lazy("Funding: source, programme, amount, currency, SEK.")),
        ("description", gettext_lazy("Description.")),
        ("purpose", gettext_lazy("Purpose.")),
        ("results", gettext_lazy("Results.")),
    ],
    "countries": [
        ("country", gettext_lazy("Country (ISO 3166-1 alpha-2).")),
        ("country_name", gettext_lazy("Country name.")),
        ("activities", gettext_lazy("Public activities with the country.")),
        ("partners", gettext_lazy("Published partners (organisations) in the country.")),
    ],
    "reports": [
        ("year", gettext_lazy("The year the report covers.")),
        ("accounts", gettext_lazy("Approved yearly accounts in it.")),
        ("html", gettext_lazy("The report as a web page.")),
        ("docx", gettext_lazy("The report as Word (DOCX).")),
        ("pdf", gettext_lazy("The report as PDF.")),
    ],
    "compliance": [
        ("year", gettext_lazy("The year followed up.")),
        ("clause", gettext_lazy("The policy's clause.")),
        ("clause_summary", gettext_lazy("The clause in short.")),
        ("key", gettext_lazy("The indicator's key.")),
        ("label", gettext_lazy("The indicator.")),
        ("unit", gettext_lazy("Unit of the value and target.")),
        ("comparison", gettext_lazy("at_least, at_most or equals.")),
        ("target", gettext_lazy("Target.")),
        ("value", gettext_lazy("The year's value; empty for no data.")),
        ("status", gettext_lazy("met, at_risk, not_met or no_data.")),
        ("status_label", gettext_lazy("The status in words.")),
        ("detail", gettext_lazy("What the value counts.")),
    ],
}

# The registers in the order the pages and the catalogue list them, with their titles.
TITLES = {
    "policies": gettext_lazy("Policy documents in force"),
    "twin-towns": gettext_lazy("Twin towns"),
    "memberships": gettext_lazy("Memberships in international organisations"),
    "agreements": gettext_lazy("International agreements"),
    "activities": gettext_lazy("International activities"),
    "countries": gettext_lazy("Partner countries"),
    "reports": gettext_lazy("Yearly reports on international cooperation"),
    "compliance": gettext_lazy("Policy compliance"),
}
REGISTERS = list(TITLES)

# The models whose changes change a register (their history gives Last-Modified).
SOURCES = {
    "policies": [PolicyDocument, Clause, Decision],
    "twin-towns": [TwinTown, Partner, Decision, Agreement],
    "memberships": [NetworkMembership, MembershipFee, Partner, Decision],
    "agreements": [Agreement, Partner, Decision],
    "activities": [Activity, ActivityCountry, FundingLine, Partner],
    "countries": [Activity, ActivityCountry, Partner, TwinTown, Agreement, NetworkMembership],
    "reports": [AccountRound, YearlyAccount],
    "compliance": [AccountRound, YearlyAccount, Activity, TwinTown, NetworkMembership],
}


def licence() -> str:
    return getattr(django_settings, "SAMVERKAN_OPEN_DATA_LICENCE", "") or CC0


# Municipalities --------------------------------------------------------------------------


def municipality(code: str):
    """(municipality, settings) for a kommunkod that publishes; 404 otherwise."""
    return access.get_municipality(code)


def published_registers(settings: PublicationSettings) -> list[str]:
    return [name for name in REGISTERS if settings.publishes(name)]


def municipality_rows() -> list[dict]:
    return [
        {
            "code": m.code,
            "name": m.name,
            "county": m.county.name,
            "registers": published_registers(s),
            "url": reverse("public:municipality", args=[m.code]),
        }
        for m, s in access.publishing_municipalities()
    ]


def last_modified(municipality, register: str) -> datetime.datetime | None:
    """The latest change to anything the register shows (from the records' history), or
    to what the municipality publishes."""
    latest = []
    for model in [*SOURCES.get(register, []), PublicationSettings]:
        history = model.history.model
        found = history.objects.filter(municipality_id=municipality.pk).aggregate(
            last=Max("history_date")
        )["last"]
        if found:
            latest.append(found)
    return max(latest, default=None)


# Rows --------------------------------------------------------------------------------


def _decision(decision) -> str:
    if decision is None:
        return ""
    body = decision.body.abbreviation or decision.body.name
    return _("%(body)s %(date)s § %(paragraph)s, reg. no. %(number)s: %(title)s") % {
        "body": body,
        "date": decision.meeting_date.isoformat(),
        "paragraph": decision.paragraph,
        "number": decision.registration_number,
        "title": decision.title,
    }


def policy_row(policy, today=None) -> dict:
    today = today or datetime.date.today()
    return {
        "id": policy.pk,
        "key": policy.key,
        "title": policy.title,
        "kind": policy.kind,
        "decided_by": str(policy.get_decision_body_kind_display()),
        "decided_on": policy.decided_on,
        "registration_number": policy.registration_number,
        "paragraph": policy.paragraph,
        "valid_from": policy.valid_from,
        "valid_to": policy.valid_to,
        "revised_on": policy.revised_on,
        "review_due_on": policy.review_due_on,
        "review_overdue": policy.is_review_overdue(today),
        "clauses": [
            {"key": c.key, "section": c.section, "summary": c.summary, "text": c.text}
            for c in policy.clauses.all()
        ],
    }


def twin_town_row(twin) -> dict:
    partner = twin.partner
    return {
        "id": twin.pk,
        "name": partner.name,
        "local_name": partner.local_name,
        "country": partner.country.code,
        "country_name": str(partner.country.name),
        "kind": twin.kind,
        "kind_label": str(twin.get_kind_display()),
        "status": twin.status,
        "status_label": str(twin.get_status_display()),
        "since": twin.since,
        "ended_on": twin.ended_on,
        "decision": _decision(twin.decision),
        "end_decision": _decision(twin.end_decision),
        "agreement": twin.agreement.title if twin.agreement_id else "",
        "description": twin.description,
        "website": partner.website,
        "source_url": twin.source_url,
    }


def membership_row(membership) -> dict:
    return {
        "id": membership.pk,
        "organisation": membership.organisation.name,
        "country": membership.organisation.country.code,
        "held_through": membership.held_through.name
        if membership.held_through_id and membership.held_through.is_public
        else "",
        "scope": membership.scope,
        "scope_label": str(membership.get_scope_display()),
        "committee": membership.committee.name if membership.committee_id else "",
        "started_on": membership.started_on,
        "ended_on": membership.ended_on,
        "decision": _decision(membership.decision),
        "fees": [
            {"year": fee.year, "amount": fee.amount, "currency": fee.currency}
            for fee in membership.fees.all()
        ],
        "description": membership.description,
        "source_url": membership.source_url,
    }


def agreement_row(agreement) -> dict:
    return {
        "id": agreement.pk,
        "title": agreement.title,
        "kind": agreement.kind,
        "kind_label": str(agreement.get_kind_display()),
        "parties": [party.name for party in agreement.parties.all()],
        "signed_on": agreement.signed_on,
        "valid_from": agreement.valid_from,
        "valid_until": agreement.valid_until,
        "signing_body": agreement.signing_body.name if agreement.signing_body_id else "",
        "decision": _decision(agreement.decision),
        "description": agreement.description,
        "source_url": agreement.source_url,
    }


def activity_row(activity) -> dict:
    return {
        "id": activity.pk,
        "title": activity.title,
        "kind": activity.kind,
        "kind_label": str(activity.get_kind_display()),
        "status": activity.status,
        "status_label": str(activity.get_status_display()),
        "committee": activity.committee.name,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "countries": [row.country.code for row in activity.countries.all()],
        "country_names": [str(row.country.name) for row in activity.countries.all()],
        "partners": [partner.name for partner in activity.partners.all()],
        "goals": [str(goal) for goal in activity.goals.all()],
        "agenda_2030_goals": sorted(activity.agenda_2030_goals or []),
        "eu_priority": activity.eu_priority,
        "own_costs_sek": activity.own_costs,
        "external_funding_sek": activity.external_funding_sek,
        "funding": [
            {
                "source": line.source,
                "source_label": str(line.get_source_display()),
                "programme": line.programme,
                "amount": line.amount,
                "currency": line.currency,
                "amount_sek": line.amount_sek,
            }
            for line in activity.funding_lines.all()
        ],
        "description": activity.description,
        "purpose": activity.purpose,
        "results": activity.results,
    }


def country_rows(municipality, settings: PublicationSettings) -> list[dict]:
    """The countries the published registers reach, with public activities and partners."""
    activities = Counter()
    partners = defaultdict(set)
    names = {}
    if settings.publishes("activities"):
        for activity in access.activities(municipality):
            for row in activity.countries.all():
                activities[row.country.code] += 1
                names[row.country.code] = str(row.country.name)
            for partner in activity.partners.all():
                partners[partner.country.code].add(partner.pk)
                names.setdefault(partner.country.code, str(partner.country.name))
    others = []
    if settings.publishes("twin-towns"):
        others += [t.partner for t in access.twin_towns(municipality)]
    if settings.publishes("memberships"):
        others += [m.organisation for m in access.memberships(municipality)]
    if settings.publishes("agreements"):
        others += [p for a in access.agreements(municipality) for p in a.parties.all()]
    for partner in others:
        partners[partner.country.code].add(partner.pk)
        names.setdefault(partner.country.code, str(partner.country.name))
    codes = sorted(set(activities) | set(partners), key=lambda code: collation_key(names[code]))
    return [
        {
            "country": code,
            "country_name": names[code],
            "activities": activities.get(code, 0),
            "partners": len(partners.get(code, ())),
        }
        for code in codes
        if code
    ]


def report_rows(municipality) -> list[dict]:
    counts = access.account_counts(municipality)
    rows = []
    for year in access.approved_years(municipality):
        args = [municipality.code, year]
        rows.append(
            {
                "year": year,
                "accounts": counts.get(year, 0),
                "html": reverse("public:report", args=args),
                "docx": reverse("public:report-docx", args=args),
                "pdf": reverse("public:report-pdf", args=args),
            }
        )
    return rows


def compliance_rows(municipality, year: int) -> list[dict]:
    return [
        {
            "year": year,
            "clause": row.clause,
            "clause_summary": row.clause_summary,
            "key": row.key,
            "label": row.label,
            "unit": row.unit,
            "comparison": row.comparison,
            "target": row.target,
            "value": row.value,
            "status": row.status,
            "status_label": row.status_label,
            "detail": row.detail,
        }
        for row in compliance.dashboard(municipality, year)
    ]


def rows(municipality, settings: PublicationSettings, register: str) -> list[dict]:
    """The register's public rows; 404 when the municipality does not publish it."""
    if register not in TITLES:
        access.require(settings, "")  # 404
    access.require(settings, register)
    if register == "policies":
        return [policy_row(p) for p in access.policies(municipality)]
    if register == "twin-towns":
        return [twin_town_row(t) for t in access.twin_towns(municipality)]
    if register == "memberships":
        return [membership_row(m) for m in access.memberships(municipality)]
    if register == "agreements":
        return [agreement_row(a) for a in access.agreements(municipality)]
    if register == "activities":
        return [activity_row(a) for a in access.activities(municipality)]
    if register == "countries":
        return country_rows(municipality, settings)
    if register == "reports":
        return report_rows(municipality)
    # compliance: every approved year's indicators
    return [
        row
        for year in access.approved_years(municipality)
        for row in compliance_rows(municipality, year)
    ]


def activity(municipality, settings: PublicationSettings, pk) -> dict:
    access.require(settings, "activities")
    return activity_row(access.get_activity(municipality, pk))
