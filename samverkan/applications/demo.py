"""Demo data for the applications app: Motala's applications across the life cycle.

One is real: the Interreg Central Baltic project INSURE, in which Motala took part with a
grant of 304 458 euro (source: motala_international_facts.json); its dates, lead body,
rate and the amount applied for are invented, and its description says so. The others
are invented (`is_demo=True`, "(demo)" in the title): an idea, one in preparation for a
followed call of the funding demo (its deadline soon, for the reminders), a submitted
one, a rejected one, and a granted Erasmus+ project that is running, with co-financing,
a grant agreement, a paid payment claim and an interim report due within two weeks.

Dates are relative to today; idempotent: nothing is made when Motala has applications.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from samverkan.funding.models import CallMark, Programme
from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Body, Municipality
from samverkan.registry.models import Partner

from . import actions
from .models import Application, ReportDue, Status

IN_PRACTICE = (
    "https://www.motala.se/kommun-och-politik/internationell/internationell-samverkan-i-praktiken/"
)
DEMO = "(demo)"
EUR_RATE = Decimal("11.0000")  # invented, like the activities demo's default


def create_applications_demo() -> None:
    """Create the applications demo for Motala, unless it exists already.

    `samverkan demo_data --if-empty` calls this on an older demo database too, so it
    must do nothing when the app's demo records are there.
    """
    motala = Municipality.objects.filter(code="0583").first()
    if motala is None or Application.objects.for_municipality(motala).exists():
        return
    bodies = {b.abbreviation: b for b in Body.objects.for_municipality(motala)}
    if not {"KS", "BIN", "SN", "SBN", "KFN"} <= set(bodies):
        return
    with transaction.atomic():
        _create(motala, bodies, timezone.localdate())


def _programme(motala, code):
    return Programme.objects.for_municipality(motala).filter(code=code).first()


def _make(motala, title, body, programme_code, **values):
    programme = _programme(motala, programme_code)
    values.setdefault("programme_name", "" if programme else programme_code)
    if "programme" in values:
        programme = values.pop("programme") or programme
    return actions.create_application(
        {"title": title, "lead_body": body, "programme": programme, "is_demo": DEMO in title}
        | values,
        municipality=motala,
        acting_user=SYSTEM,
    )


def _create(motala, bodies, today) -> None:
    year = today.year
    day = datetime.date
    lead = Partner.objects.for_municipality(motala).filter(name="Länsstyrelsen Östergötland")
    _make(
        motala,
        "INSURE – Innovative Sustainable Remediation",
        bodies["SBN"],
        "interreg-central-baltic",
        status=Status.CLOSED,
        currency="EUR",
        exchange_rate=EUR_RATE,
        rate_date=day(year - 4, 1, 2),
        amount_applied=Decimal("304458"),
        amount_granted=Decimal("304458"),
        submitted_on=day(year - 5, 9, 15),
        decided_on=day(year - 5, 12, 10),
        project_start=day(year - 4, 3, 1),
        project_end=day(year - 2, 12, 31),
        partners=list(lead),
        description=(
            "Interreg Central Baltic-projektet INSURE (Innovative Sustainable Remediation), "
            "med Länsstyrelsen Östergötland som projektledare; Motala kommun är delaktig. "
            f"Bidraget är 304 458 euro. Källa: {IN_PRACTICE} "
            f"{DEMO} Källan anger inte datum, ansvarig nämnd, växelkurs eller sökt belopp: "
            "de är påhittade."
        ),
    )

    _make(
        motala,
        "Vänortsutbyte för unga i Norden (demo)",
        bodies["KFN"],
        "nordplus",
        status=Status.IDEA,
        amount_applied=Decimal("150000"),
        call_deadline=today + datetime.timedelta(days=60),
    )
    followed = (
        CallMark.objects.for_municipality(motala)
        .filter(kind=CallMark.Kind.FOLLOWED)
        .select_related("call__programme")
        .order_by("call__next_deadline", "pk")
        .first()
    )
    from_call = {}
    if followed is not None:
        # Made from a call the municipality follows, as from the call's page.
        from_call = {
            "call": followed.call,
            "title": f"{followed.call.title[:280]} {DEMO}",
            "programme": followed.call.programme,
        }
    _make(
        motala,
        from_call.pop("title", "Medborgardialog om EU:s framtid (demo)"),
        bodies["KS"],
        "cerv",
        **from_call,
        status=Status.IN_PREPARATION,
        amount_applied=Decimal("45000"),
        currency="EUR",
        exchange_rate=EUR_RATE,
        rate_date=today,
        call_deadline=today + datetime.timedelta(days=10),
        description=f"{DEMO} Förbereds för en utlysning som kommunen följer.",
    )
    _make(
        motala,
        "Klimatanpassning kring Vättern (demo)",
        bodies["SBN"],
        "life",
        status=Status.SUBMITTED,
        amount_applied=Decimal("1200000"),
        submitted_on=today - datetime.timedelta(days=60),
    )
    _make(
        motala,
        "Aktiv fritid för äldre (demo)",
        bodies["SN"],
        "esf-plus",
        status=Status.REJECTED,
        amount_applied=Decimal("800000"),
        submitted_on=day(year - 1, 2, 1),
        decided_on=day(year - 1, 6, 15),
        funder_reference="DEMO-2",
    )
    running = _make(
        motala,
        "Mobilitet för yrkeslärare (demo)",
        bodies["BIN"],
        "erasmus-plus",
        status=Status.RUNNING,
        currency="EUR",
        exchange_rate=EUR_RATE,
        rate_date=day(year - 1, 5, 1),
        amount_applied=Decimal("60000"),
        amount_granted=Decimal("52000"),
        submitted_on=day(year - 1, 2, 20),
        decided_on=day(year - 1, 6, 1),
        funder_reference="DEMO-1",
        project_start=day(year - 1, 9, 1),
        project_end=day(year + 1, 8, 31),
        programme_period_end=day(2027, 12, 31),
    )
    actions.add_co_financing(
        running,
        {
            "body": bodies["BIN"],
            "amount_sek": Decimal("120000"),
            "note": f"{DEMO} Personaltid för lärare och samordnare.",
        },
        acting_user=SYSTEM,
    )
    actions.add_grant_agreement(
        running,
        {"signed_on": day(year - 1, 7, 1), "reference": "DEMO-1-GA", "amount": Decimal("52000")},
        acting_user=SYSTEM,
    )
    actions.add_payment_claim(
        running,
        {
            "amount": Decimal("41600"),
            "submitted_on": day(year - 1, 7, 15),
            "paid_on": day(year - 1, 8, 20),
            "paid_amount": Decimal("41600"),
        },
        acting_user=SYSTEM,
    )
    actions.add_report(
        running,
        {"kind": ReportDue.Kind.INTERIM, "due_on": today + datetime.timedelta(days=7)},
        acting_user=SYSTEM,
    )
    actions.add_report(
        running,
        {"kind": ReportDue.Kind.FINAL, "due_on": day(year + 1, 10, 31)},
        acting_user=SYSTEM,
    )
