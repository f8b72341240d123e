"""Demo data for the registers: Motala's real international relations, and a little invented.

Real facts come from ../shared/data/motala/motala_international_facts.json and carry
their `source_url`. Everything invented (contacts, fees, participation, reviews,
unknown decision numbers and paragraphs, some agreements) has `is_demo=True`, or,
where the model has no such field, says "(demo)" in its text.

One record breaks a rule on purpose: an "imported" twin-town agreement decided by the
executive board, written without validation so that `authority.violations()` flags it.

Idempotent: each row is looked up by its natural key first, so a second run changes
nothing (no new rows, no new history).
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from samverkan.lib.actions import SYSTEM, check_rules, save_new
from samverkan.organisation.models import Body, Municipality
from samverkan.policy.models import PolicyDocument

from . import actions
from .models import (
    Agreement,
    Contact,
    ControlLogEntry,
    Decision,
    DecisionType,
    Document,
    MembershipFee,
    NetworkMembership,
    ParticipationEntry,
    Partner,
    TwinTown,
    TwinTownNote,
    ValueReview,
)

D = datetime.date

# Sources (see motala_international_facts.json).
MOTALA_INTERNATIONAL = "https://www.motala.se/kommun-och-politik/internationell/"
IN_PRACTICE = (
    "https://www.motala.se/kommun-och-politik/internationell/internationell-samverkan-i-praktiken/"
)
SERN_PAGE = (
    "https://www.motala.se/kommun-och-politik/internationell/sweden-emilia-romagna-network-sern/"
)
SERN_ORGANISATION = "http://www.sern.eu/organization.htm"
EU_HANDSLAG = "https://www.motala.se/kommun-och-politik/internationell/eu-handslag/"
DAUGAVPILS_COOPERATION = "https://daugavpils.lv/en/city/daugavpils/international-cooperation"

DEMO = "(demo)"
INVENTED_NUMBER = (
    "(demo) Diarienummer, paragraf och sammanträdesdatum är påhittade för demonstrationen; "
    "själva relationen är verklig."
)

EU_HANDSLAG_COMMITMENTS = [
    "Tydligare föra upp EU-frågorna på den politiska dagordningen",
    "Kunskapshöjande aktiviteter för förtroendevalda och tjänstemän om inflytande på EU-nivå",
    "Öka finansiering från EU i prioriterade utvecklingsområden",
    "Långsiktigt arbete kring skolutveckling inom EU-området (fler skolambassadörer för EU-frågor)",
    "Gemensamma aktiviteter med Region Östergötland och andra kommuner för att påverka EU",
    "Ge EU-frågor en tydligare plattform på hemsida och sociala medier",
    "Uppmärksamma Europadagen 9 maj",
]

SERN_PRIORITIES = [
    "Utbildning och lärande",
    "Energi och miljö",
    "Lokal och regional utveckling",
    "Hälsa och välfärd",
    "Social inkludering och migration",
]


# Helpers: look up by natural key, create through the registry's actions if missing ------
#
# The demo acts as SYSTEM through the same actions as the pages and the API, so its
# records obey the same rules. The exceptions say why where they are.


def _unchecked(record, m2m=None):
    """An "imported" record that breaks a rule on purpose (the actions would refuse it):
    written through lib.actions.save_new, with its history row, but without the rules."""
    return save_new(record, acting_user=SYSTEM, perm=None, m2m=m2m)


def _partner(municipality, name, country, **fields) -> Partner:
    found = Partner.objects.filter(municipality=municipality, name=name, country=country).first()
    if found:
        return found
    return actions.create_partner(
        municipality, {"name": name, "country": country, **fields}, acting_user=SYSTEM
    )


def _decision(municipality, body, meeting_date, paragraph, *, validate=True, **fields):
    found = Decision.objects.filter(body=body, year=meeting_date.year, paragraph=paragraph).first()
    if found:
        return found
    values = {"body": body, "meeting_date": meeting_date, "paragraph": paragraph, **fields}
    if not validate:
        return _unchecked(Decision(municipality=municipality, **values))
    return actions.record_decision(municipality, values, acting_user=SYSTEM)


def _agreement(municipality, title, parties, *, validate=True, **fields) -> Agreement:
    found = Agreement.objects.filter(municipality=municipality, title=title).first()
    if found:
        return found
    if not validate:
        agreement = Agreement(municipality=municipality, title=title, **fields)
        return _unchecked(agreement, m2m={"parties": parties})
    return actions.create_agreement(
        municipality, {"title": title, "parties": parties, **fields}, acting_user=SYSTEM
    )


def _twin_town(municipality, partner, contacts=(), **fields) -> TwinTown:
    found = TwinTown.objects.filter(municipality=municipality, partner=partner).first()
    if found:
        return found
    values = {"partner": partner, **fields}
    if contacts:
        values["contacts"] = contacts
    return actions.create_twin_town(municipality, values, acting_user=SYSTEM)


def _membership(municipality, organisation, committees=(), **fields) -> NetworkMembership:
    found = NetworkMembership.objects.filter(
        municipality=municipality, organisation=organisation
    ).first()
    if found:
        return found
    values = {"organisation": organisation, **fields}
    if committees:
        values["participating_committees"] = committees
    return actions.create_membership(municipality, values, acting_user=SYSTEM)


def _contact(municipality, partner, email, **fields) -> Contact:
    found = Contact.objects.filter(municipality=municipality, partner=partner, email=email).first()
    if found:
        return found
    return actions.create_contact(
        municipality, {"partner": partner, "email": email, **fields}, acting_user=SYSTEM
    )


def _control(municipality, item, reviewed_on, reviewed_by, findings) -> ControlLogEntry:
    found = ControlLogEntry.objects.filter(
        municipality=municipality,
        content_type_id=_content_type_id(item),
        object_id=item.pk,
        reviewed_on=reviewed_on,
    ).first()
    if found:
        return found
    # Not actions.record_review: that would also move a twin town's last review date, and
    # the demo's review dates (and so which reviews are due) are set where the twin towns are.
    entry = ControlLogEntry(
        municipality=municipality,
        content_type_id=_content_type_id(item),
        object_id=item.pk,
        reviewed_on=reviewed_on,
        reviewed_by=reviewed_by,
        findings=findings,
    )
    check_rules(entry)
    return save_new(entry, acting_user=SYSTEM, perm=None)


def _value_review(membership, year, values) -> None:
    if not ValueReview.objects.filter(membership=membership, year=year).exists():
        actions.add_value_review(membership, {"year": year, **values}, acting_user=SYSTEM)


def _content_type_id(item) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(item).pk


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF showing one line of text (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _document(municipality, decision, title, name, text) -> Document:
    found = Document.objects.filter(decision=decision, title=title).first()
    if found:
        return found
    content = minimal_pdf(text)
    # A fixed name: a second run (or the next test session) reuses the stored file.
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(content))
    # Not actions.add_document: that stores each upload anew, and the demo reuses the file
    # it stored before (under a fixed name) whenever it runs again.
    document = Document(
        municipality=municipality,
        decision=decision,
        kind=Document.Kind.MINUTES,
        title=title,
        file=name,
        original_name=name.rsplit("/", 1)[-1],
        content_type="application/pdf",
        size=len(content),
        is_public=True,
    )
    check_rules(document)
    return save_new(document, acting_user=SYSTEM, perm=None)


# The demo ------------------------------------------------------------------------------


@transaction.atomic
def create_registry_demo() -> None:
    """Fill every register for Motala (and a little for Vadstena); idempotent."""
    motala = Municipality.objects.get(code="0583")
    vadstena = Municipality.objects.get(code="0584")
    _motala(motala)
    _vadstena(vadstena)


def _motala(m) -> None:
    today = timezone.localdate()
    council = Body.objects.get(municipality=m, kind=Body.Kind.COUNCIL)
    board = Body.objects.get(municipality=m, kind=Body.Kind.EXECUTIVE_BOARD)
    # Bildningsnämnden (the demo editor's committee) and Socialnämnden are left out of the
    # protected references: the tests delete and restore them.
    education = Body.objects.get(municipality=m, name="Bildningsnämnden")
    culture = Body.objects.get(municipality=m, name="Kultur- och fritidsnämnden")
    policy = PolicyDocument.objects.get(municipality=m, key="internationell-samverkan")

    # Partners (real) ---------------------------------------------------------------
    hyvinge = _partner(
        m,
        "Hyvinge",
        "FI",
        local_name="Hyvinkää",
        kind=Partner.Kind.MUNICIPALITY,
        city="Hyvinkää",
        description="Vänort. Motala har idag utbyte med Hyvinge och Daugavpils.",
        source_url=IN_PRACTICE,
    )
    daugavpils = _partner(
        m,
        "Daugavpils",
        "LV",
        local_name="Daugavpils",
        kind=Partner.Kind.MUNICIPALITY,
        city="Daugavpils",
        description="Vänort sedan samarbetsavtalet den 1 juli 1998.",
        source_url=IN_PRACTICE,
    )
    eigersund = _partner(
        m,
        "Eigersund",
        "NO",
        local_name="Eigersund",
        kind=Partner.Kind.MUNICIPALITY,
        city="Egersund",
        description="Vänort; samarbetet är idag vilande.",
        source_url=IN_PRACTICE,
    )
    sern = _partner(
        m,
        "SERN – Sweden Emilia Romagna Network",
        "IT",
        kind=Partner.Kind.NETWORK,
        city="Bologna",
        website="https://www.sern.eu/",
        description=(
            "Bilateralt nätverk mellan svenska och italienska (Emilia-Romagna) kommuner, "
            "regioner och andra aktörer, grundat 2004. Ideell transnationell förening med "
            f"säte i Bologna ({SERN_ORGANISATION}). Prioriterade områden: "
            + "; ".join(SERN_PRIORITIES)
            + "."
        ),
        source_url=SERN_PAGE,
    )
    _partner(
        m,
        "Länsstyrelsen Östergötland",
        "SE",
        kind=Partner.Kind.NATIONAL_AGENCY,
        city="Linköping",
        description=(
            "Leder Interreg Central Baltic-projektet INSURE (Innovative Sustainable "
            "Remediation) där Motala är delaktig."
        ),
        source_url=IN_PRACTICE,
    )
    liu = _partner(
        m,
        "Linköpings universitet",
        "SE",
        kind=Partner.Kind.UNIVERSITY,
        city="Linköping",
        description="Lärarstudenter till Nykyrka skola, skola med internationell profil.",
        source_url=IN_PRACTICE,
    )
    busseto_school = _partner(
        m,
        "Skola i Busseto",
        "IT",
        # There is no "school" kind; a school abroad is an organisation.
        kind=Partner.Kind.SCHOOL,
        city="Busseto",
        description=(
            "Skolan i Busseto som Nykyrka skola har utbyte med (skolans namn står inte i källan)."
        ),
        source_url=IN_PRACTICE,
    )
    _partner(
        m,
        "Region Östergötland",
        "SE",
        kind=Partner.Kind.REGION,
        city="Linköping",
        description="Nära samarbete i internationella frågor; gemensamt EU-handslag 2017.",
        source_url=MOTALA_INTERNATIONAL,
    )
    _partner(
        m,
        "Östergötlands EU-kontor",
        "BE",
        kind=Partner.Kind.NETWORK,
        city="Bryssel",
        description="Östergötlands kontor i Bryssel, som Motala använder.",
        source_url=MOTALA_INTERNATIONAL,
    )
    # Invented partners, to show a membership held through another body and one committee's.
    skr = _partner(
        m,
        "Sveriges Kommuner och Regioner (SKR)",
        "SE",
        kind=Partner.Kind.ASSOCIATION,
        city="Stockholm",
        description=f"{DEMO} Med i demon som den organisation genom vilken kommunen är "
        "medlem i CEMR.",
        is_demo=True,
    )
    cemr = _partner(
        m,
        "Council of European Municipalities and Regions (CEMR)",
        "BE",
        kind=Partner.Kind.NETWORK,
        city="Bryssel",
        description=f"{DEMO} Medlemskapet genom SKR är ett exempel i demon.",
        is_demo=True,
    )
    culture_network = _partner(
        m,
        "Exempelnätverket för kulturskolor",
        "DK",
        kind=Partner.Kind.NETWORK,
        city="Köpenhamn",
        description=f"{DEMO} Påhittat nätverk: ett medlemskap som bara gäller en nämnd.",
        is_demo=True,
    )

    # Contacts (invented persons) ---------------------------------------------------
    last_month = today - datetime.timedelta(days=40)
    aino = _contact(
        m,
        hyvinge,
        "aino.exempel@example.org",
        name="Aino Exempel",
        role_title="Internationell samordnare",
        phone="+358 00 000 0000",
        last_contact_on=last_month,
        notes=f"{DEMO} Påhittad person.",
    )
    janis = _contact(
        m,
        daugavpils,
        "janis.piemers@example.org",
        name="Jānis Piemērs",
        role_title="Avdelningen för internationellt samarbete",
        last_contact_on=today - datetime.timedelta(days=200),
        notes=f"{DEMO} Påhittad person.",
    )
    _contact(
        m,
        sern,
        "giulia.esempio@example.org",
        name="Giulia Esempio",
        role_title="Sekretariatet",
        last_contact_on=today - datetime.timedelta(days=90),
        legal_basis=Contact.LegalBasis.CONSENT,
        notes=f"{DEMO} Påhittad person.",
    )
    _contact(
        m,
        liu,
        "sara.exempel@example.org",
        name="Sara Exempel",
        role_title="Samordnare för verksamhetsförlagd utbildning",
        last_contact_on=today - datetime.timedelta(days=400),
        notes=f"{DEMO} Påhittad person; senaste kontakt för över ett år sedan (P9).",
    )

    # Decisions -------------------------------------------------------------------------
    _decision(
        m,
        council,
        D(2016, 2, 8),
        4,
        decision_type=DecisionType.POLICY,
        registration_number="15/KS 0089",
        title="Policy för internationell samverkan",
        text=(
            "Kommunfullmäktige antar Policy för internationell samverkan. Motala kommun ska "
            "aktivt verka för ökad internationell samverkan, med prioritet på samarbete inom "
            "EU. Syftet är att uppnå vision och mål för Motalas utveckling, i enlighet med "
            "vad som uttrycks i det lokala utvecklingsprogrammet, LUP."
        ),
        policy_document=policy,
        source_url=MOTALA_INTERNATIONAL,
    )
    _decision(
        m,
        board,
        D(2017, 4, 25),
        78,
        decision_type=DecisionType.OTHER,
        registration_number="17/KS 0112",
        title="EU-handslag",
        text=(
            "Kommunstyrelsen beslutar att Motala kommun ingår ett EU-handslag (regeringens "
            "initiativ efter SOU 2016:10 ”EU på hemmaplan”). Åtaganden:\n"
            + "\n".join(f"– {item}" for item in EU_HANDSLAG_COMMITMENTS)
            + "\n\nHandslaget undertecknades 2017-05-23 tillsammans med Region Östergötland, "
            "Linköping och Norrköping.\n\n"
            "(demo) Diarienummer och paragraf är påhittade; datum och innehåll är verkliga."
        ),
        source_url=EU_HANDSLAG,
        is_demo=True,
    )
    hyvinge_decision = _decision(
        m,
        council,
        D(1995, 11, 27),
        142,
        decision_type=DecisionType.TWIN_TOWN_RELATION,
        registration_number="95/KS 0311",
        title="Vänortsrelation med Hyvinge",
        text=INVENTED_NUMBER,
        source_url=IN_PRACTICE,
        is_demo=True,
    )
    daugavpils_decision = _decision(
        m,
        council,
        D(1998, 5, 25),
        61,
        decision_type=DecisionType.TWIN_TOWN_RELATION,
        registration_number="98/KS 0153",
        title="Vänortsrelation med Daugavpils",
        text=INVENTED_NUMBER,
        source_url=IN_PRACTICE,
        is_demo=True,
    )
    daugavpils_agreement_decision = _decision(
        m,
        council,
        D(1998, 5, 25),
        62,
        decision_type=DecisionType.TWIN_TOWN_AGREEMENT,
        registration_number="98/KS 0154",
        title="Samarbetsavtal med Daugavpils",
        text=INVENTED_NUMBER,
        source_url=DAUGAVPILS_COOPERATION,
        is_demo=True,
    )
    eigersund_decision = _decision(
        m,
        council,
        D(1995, 11, 27),
        143,
        decision_type=DecisionType.TWIN_TOWN_RELATION,
        registration_number="95/KS 0312",
        title="Vänortsrelation med Eigersund",
        text=INVENTED_NUMBER,
        source_url=IN_PRACTICE,
        is_demo=True,
    )
    sern_decision = _decision(
        m,
        board,
        D(2008, 12, 9),
        250,
        decision_type=DecisionType.MEMBERSHIP_MUNICIPALITY,
        registration_number="08/KS 0210",
        title="Medlemskap i SERN – Sweden Emilia Romagna Network",
        text="Motala kommun blir medlem i SERN från 2009. " + INVENTED_NUMBER,
        source_url=SERN_PAGE,
        is_demo=True,
    )
    cooperation_decision = _decision(
        m,
        board,
        D(2024, 9, 10),
        140,
        decision_type=DecisionType.COOPERATION_AGREEMENT,
        registration_number="24/KS 0187",
        title="Samarbetsavtal med Linköpings universitet om lärarstudenter",
        text=f"{DEMO} Påhittat beslut.",
        is_demo=True,
    )
    partnership_decision = _decision(
        m,
        board,
        D(2025, 2, 11),
        22,
        decision_type=DecisionType.MUNICIPAL_PARTNERSHIP,
        registration_number="25/KS 0034",
        title="Kommunalt partnerskap med Daugavpils om ungdomsfrågor",
        text=f"{DEMO} Påhittat beslut.",
        is_demo=True,
    )
    committee_membership_decision = _decision(
        m,
        culture,
        D(2022, 10, 18),
        87,
        decision_type=DecisionType.MEMBERSHIP_COMMITTEE,
        registration_number="22/KFN 0045",
        title="Kultur- och fritidsnämndens medlemskap i Exempelnätverket för kulturskolor",
        text=f"{DEMO} Påhittat beslut.",
        is_demo=True,
    )
    # The deliberate breach: an "imported" twin-town agreement decided by the board.
    # Created without full_clean (as an import would), so the rules flag it (P12).
    breach_decision = _decision(
        m,
        board,
        D(2019, 6, 11),
        99,
        validate=False,
        decision_type=DecisionType.TWIN_TOWN_AGREEMENT,
        registration_number="19/KS 0140",
        title="Vänortsavtal med Hyvinge (importerat)",
        text=(
            "(demo) Importerad post som bryter mot reglerna: vänortsavtal beslutas av "
            "kommunfullmäktige (P12), inte av kommunstyrelsen. Finns med i demon för att "
            "visa hur sådana poster flaggas."
        ),
        is_demo=True,
    )

    _document(
        m,
        cooperation_decision,
        "Protokollsutdrag KS 2024-09-10 § 140 (demo)",
        "documents/demo/motala-ks-2024-09-10-140-demo.pdf",
        "Demo document: invented minutes extract, Motala KS 2024-09-10 par. 140",
    )

    # Agreements --------------------------------------------------------------------------
    daugavpils_agreement = _agreement(
        m,
        "Samarbetsavtal mellan Motala och Daugavpils",
        [daugavpils],
        kind=Agreement.Kind.TWIN_TOWN,
        signed_on=D(1998, 7, 1),
        valid_from=D(1998, 7, 1),
        decision=daugavpils_agreement_decision,
        description=(
            "Samarbete inom ramen för de lokala myndigheternas utbytesprogram "
            "(”Cooperation within the framework of local authorities exchange programs”)."
        ),
        source_url=DAUGAVPILS_COOPERATION,
    )
    _agreement(
        m,
        "Samarbetsavtal med Linköpings universitet om lärarstudenter",
        [liu],
        kind=Agreement.Kind.COOPERATION,
        signed_on=D(2024, 9, 30),
        valid_from=D(2024, 10, 1),
        valid_until=D(2027, 9, 30),
        renewal_due_on=D(2027, 6, 30),
        signing_body=board,
        decision=cooperation_decision,
        description=f"{DEMO} Påhittat avtal om lärarstudenters praktik i internationell miljö.",
        is_demo=True,
    )
    _agreement(
        m,
        "Kommunalt partnerskap med Daugavpils om ungdomsfrågor",
        [daugavpils],
        kind=Agreement.Kind.MUNICIPAL_PARTNERSHIP,
        signed_on=D(2025, 3, 1),
        valid_from=D(2025, 3, 1),
        valid_until=D(2027, 12, 31),
        signing_body=board,
        decision=partnership_decision,
        description=f"{DEMO} Påhittat partnerskap.",
        is_demo=True,
    )
    # Due for renewal within 90 days of the day the demo is made.
    _agreement(
        m,
        "Avsiktsförklaring om skolutbyte Nykyrka skola – Busseto",
        [busseto_school],
        kind=Agreement.Kind.LETTER_OF_INTENT,
        signed_on=today - datetime.timedelta(days=700),
        valid_from=today - datetime.timedelta(days=700),
        valid_until=today + datetime.timedelta(days=75),
        renewal_due_on=today + datetime.timedelta(days=45),
        description=(
            f"{DEMO} Påhittad avsiktsförklaring; ska förnyas inom 90 dagar. "
            "Utbytet i sig är verkligt."
        ),
        is_demo=True,
    )
    _agreement(
        m,
        "Vänortsavtal med Hyvinge (importerat)",
        [hyvinge],
        validate=False,
        kind=Agreement.Kind.TWIN_TOWN,
        signed_on=D(2019, 6, 20),
        valid_from=D(2019, 6, 20),
        decision=breach_decision,
        description=(
            "(demo) Importerad post som bryter mot reglerna: beslutad av kommunstyrelsen fast "
            "vänortsavtal beslutas av kommunfullmäktige (P12). Visar hur regelbrott flaggas."
        ),
        is_demo=True,
    )

    # Twin towns ------------------------------------------------------------------------
    hyvinge_twin = _twin_town(
        m,
        hyvinge,
        contacts=[aino],
        status=TwinTown.Status.ACTIVE,
        decision=hyvinge_decision,
        description=(
            "Motala kommun har tre vänorter; Eigersund i Norge, Hyvinge i Finland, och "
            "Daugavpils i Lettland men idag endast utbyte med Hyvinge och Daugavpils."
        ),
        source_url=IN_PRACTICE,
    )
    daugavpils_twin = _twin_town(
        m,
        daugavpils,
        contacts=[janis],
        status=TwinTown.Status.ACTIVE,
        since=D(1998, 7, 1),
        agreement=daugavpils_agreement,
        decision=daugavpils_decision,
        description="Samarbetsavtal sedan 1 juli 1998.",
        source_url=IN_PRACTICE,
    )
    _twin_town(
        m,
        eigersund,
        status=TwinTown.Status.PAUSED,
        status_reason="Samarbetet har successivt trappats ner och är idag vilande.",
        decision=eigersund_decision,
        description="Vänortssamarbetet med Eigersund har successivt trappats ner.",
        source_url=IN_PRACTICE,
    )
    for twin, noted_on, text in [
        (
            hyvinge_twin,
            today - datetime.timedelta(days=40),
            f"{DEMO} Digitalt möte om ett gemensamt ungdomsutbyte nästa sommar.",
        ),
        (
            daugavpils_twin,
            today - datetime.timedelta(days=200),
            f"{DEMO} Daugavpils föreslår ett erfarenhetsutbyte om äldreomsorg.",
        ),
    ]:
        if not TwinTownNote.objects.filter(twin_town=twin, noted_on=noted_on).exists():
            actions.add_twin_town_note(
                twin, {"noted_on": noted_on, "text": text}, acting_user=SYSTEM
            )

    # Memberships -------------------------------------------------------------------------
    sern_membership = _membership(
        m,
        sern,
        committees=[education, culture],
        scope=NetworkMembership.Scope.MUNICIPALITY,
        started_on=D(2009, 1, 1),
        decision=sern_decision,
        representatives="Kommunfullmäktiges ordförande (enligt källan)",
        description=(
            "Medlem sedan 2009 (dag och månad okända; 1 januari används), plats i styrelsen "
            "sedan 2011. (demo) Årsavgifterna, deltagande nämnder och värderingen är "
            "påhittade."
        ),
        source_url=SERN_PAGE,
    )
    _membership(
        m,
        cemr,
        held_through=skr,
        scope=NetworkMembership.Scope.MUNICIPALITY,
        started_on=D(2010, 1, 1),
        description=f"{DEMO} Medlemskap genom SKR:s medlemskap i CEMR.",
        is_demo=True,
    )
    culture_membership = _membership(
        m,
        culture_network,
        committees=[culture],
        scope=NetworkMembership.Scope.COMMITTEE,
        committee=culture,
        started_on=D(2023, 1, 1),
        decision=committee_membership_decision,
        representatives=f"{DEMO} Kulturskolans rektor",
        description=f"{DEMO} Ett medlemskap som bara gäller Kultur- och fritidsnämnden.",
        is_demo=True,
    )
    for membership, year, amount, currency in [
        (sern_membership, 2024, "12000.00", MembershipFee.Currency.SEK),
        (sern_membership, 2025, "12500.00", MembershipFee.Currency.SEK),
        (culture_membership, 2025, "400.00", MembershipFee.Currency.EUR),
    ]:
        if not MembershipFee.objects.filter(membership=membership, year=year).exists():
            actions.add_membership_fee(
                membership,
                {"year": year, "amount": Decimal(amount), "currency": currency},
                acting_user=SYSTEM,
            )
    for membership, kind, occurred_on, committee, description, participants in [
        (
            sern_membership,
            ParticipationEntry.Kind.ROLE,
            D(2011, 1, 1),
            None,
            f"Plats i SERN:s styrelse sedan 2011. Källa: {SERN_PAGE}",
            "Kommunfullmäktiges ordförande",
        ),
        (
            sern_membership,
            ParticipationEntry.Kind.MEETING,
            D(2025, 5, 22),
            None,
            f"{DEMO} SERN:s generalförsamling.",
            f"{DEMO} Kommunfullmäktiges ordförande, en rektor",
        ),
        (
            culture_membership,
            ParticipationEntry.Kind.MEETING,
            D(2025, 3, 12),
            culture,
            f"{DEMO} Nätverksträff om kulturskolornas internationella utbyten.",
            f"{DEMO} Två kulturskolelärare",
        ),
    ]:
        logged = ParticipationEntry.objects.filter(
            membership=membership, kind=kind, occurred_on=occurred_on
        )
        if not logged.exists():
            actions.log_participation(
                membership,
                {
                    "kind": kind,
                    "occurred_on": occurred_on,
                    "committee": committee,
                    "description": description,
                    "participants": participants,
                },
                acting_user=SYSTEM,
            )
    _value_review(
        sern_membership,
        2025,
        {
            "benefits": f"{DEMO} Två projektansökningar med italienska partner och ett "
            "lärarutbyte.",
            "recommendation": ValueReview.Recommendation.KEEP,
            "reviewed_by": f"{DEMO} Kommunstyrelsens arbetsutskott",
        },
    )
    _value_review(
        culture_membership,
        2025,
        {
            "benefits": f"{DEMO} Få aktiviteter under året.",
            "recommendation": ValueReview.Recommendation.CHANGE,
            "reviewed_by": f"{DEMO} Kultur- och fritidsnämndens presidium",
        },
    )

    # Control log -------------------------------------------------------------------------
    _control(
        m,
        sern_membership,
        D(2025, 11, 18),
        f"{DEMO} Kommunstyrelsen",
        f"{DEMO} Medlemskapet följer policyn; beslut och avgifter är registrerade.",
    )
    _control(
        m,
        hyvinge_twin,
        D(2025, 9, 2),
        f"{DEMO} Kommunstyrelsen",
        f"{DEMO} Relationen är aktiv; kontaktperson uppdaterad.",
    )


def _vadstena(v) -> None:
    """A little for Vadstena, so that tenancy shows: none of it appears for Motala."""
    board = Body.objects.get(municipality=v, kind=Body.Kind.EXECUTIVE_BOARD)
    _partner(
        v,
        "Exempelnätverket för pilgrimsleder",
        "NO",
        kind=Partner.Kind.NETWORK,
        city="Trondheim",
        description=f"{DEMO} Påhittad partner till Vadstena kommun.",
        is_demo=True,
    )
    _decision(
        v,
        board,
        D(2024, 4, 16),
        55,
        decision_type=DecisionType.MEMBERSHIP_MUNICIPALITY,
        registration_number="24/KS 0077",
        title="Medlemskap i Exempelnätverket för pilgrimsleder",
        text=f"{DEMO} Påhittat beslut.",
        is_demo=True,
    )
