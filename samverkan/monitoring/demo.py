"""Demo data for the monitoring app: subject areas, EU watch items and influence actions.

The EU matters are real (their facts and sources are given); the municipality's handling
of them (owners, dates ahead, actions) is invented for the demonstration and says so.
Bildningsnämnden and Socialnämnden are left out: the tests delete and restore them.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Body, Municipality
from samverkan.registry.actions import create_contact
from samverkan.registry.models import Partner

from . import actions
from .models import InfluenceAction, SubjectArea, WatchItem

DEMO = "(demo)"  # the marker every demo uses where a model has no demo field
COM_2025_565 = "https://www.eumonitor.nl/9353000/1/j4nvhdfdk3hydzq_j9tvgajcovz8izf_j9vvik7m1c3gyxp/vmp69x90xmml"
HOUSING_CONSULTATION = (
    "https://www.brusselstimes.com/eu-affairs/2008528/"
    "eu-tackles-housing-crisis-with-affordable-housing-act-consultation/"
)
HOUSING_DIALOGUE = "https://housing.ec.europa.eu/affordable-housing-dialogue_en"


def create_monitoring_demo() -> None:
    """Create the monitoring demo for Motala and Vadstena, unless it exists already.

    `samverkan demo_data --if-empty` calls this on an older demo database too, so it
    must do nothing when the app's demo records are there.
    """
    motala = Municipality.objects.filter(code="0583").first()
    if motala is None or SubjectArea.objects.filter(municipality=motala).exists():
        return
    with transaction.atomic():
        _motala(motala)
        vadstena = Municipality.objects.filter(code="0584").first()
        if vadstena is not None:
            _vadstena(vadstena)


def _area(municipality, name, committee, description=""):
    return actions.create_subject_area(
        municipality,
        {"name": name, "committee": committee, "description": description},
        acting_user=SYSTEM,
    )


def _item(municipality, **fields):
    return actions.create_watch_item(municipality, fields, acting_user=SYSTEM)


def _motala(m) -> None:
    today = timezone.localdate()
    board = Body.objects.get(municipality=m, kind=Body.Kind.EXECUTIVE_BOARD)
    planning = Body.objects.get(municipality=m, name="Samhällsbyggnadsnämnden")
    environment = Body.objects.get(municipality=m, name="Miljö- och hälsoskyddsnämnden")
    culture = Body.objects.get(municipality=m, name="Kultur- och fritidsnämnden")

    funds = _area(
        m,
        "Regional utveckling och EU:s fonder",
        board,
        "Sammanhållningspolitiken och EU:s långtidsbudget.",
    )
    housing = _area(m, "Bostäder och samhällsbyggnad", planning)
    _area(m, "Miljö och klimat", environment)
    _area(m, "Kultur och ungdom", culture)

    nrpp = _item(
        m,
        title="Förslag till fond för sammanhållning, jordbruk, fiske, välstånd och säkerhet "
        "2028–2034 (nationella och regionala partnerskapsplaner)",
        eu_reference="COM(2025) 565",
        kind=WatchItem.Kind.LEGISLATIVE_PROPOSAL,
        subject_area=funds,
        committee=board,
        status=WatchItem.Status.ACTING,
        next_date=today + datetime.timedelta(days=9),
        next_step="Yttrande till SKR",
        url=COM_2025_565,
        notes=(
            "Kommissionens förslag 2025-07-16 (2025/0240 (COD)) samlar sammanhållnings-, "
            "jordbruks- och fiskefonderna i nationella och regionala partnerskapsplaner. "
            f"{DEMO} Kommunens hantering och datum är påhittade."
        ),
    )
    _item(
        m,
        title="Förslag till lag om prisvärda bostäder – inbjudan att lämna synpunkter",
        eu_reference="Have your say: Affordable Housing Act",
        kind=WatchItem.Kind.CONSULTATION,
        subject_area=housing,
        committee=planning,
        status=WatchItem.Status.CLOSED,
        feedback_opens_on=datetime.date(2026, 3, 6),
        feedback_closes_on=datetime.date(2026, 4, 3),
        url=HOUSING_CONSULTATION,
        notes=(
            "Kommissionens inbjudan att lämna synpunkter (call for evidence) på portalen "
            "Have your say, öppen till 2026-04-03."
        ),
    )
    _item(
        m,
        title="Europeisk plan för prisvärda bostäder",
        kind=WatchItem.Kind.STRATEGY,
        subject_area=housing,
        status=WatchItem.Status.WATCHING,
        url=HOUSING_DIALOGUE,
        notes=(
            "Kommissionen lade fram planen 2025-12-16. "
            f"{DEMO} Ingen ansvarig är utsedd ännu: exemplet på en bevakning utan ägare (P8)."
        ),
    )
    _item(
        m,
        title="Exempelsamråd om unga och kultur i Europa",
        kind=WatchItem.Kind.CONSULTATION,
        committee=culture,
        status=WatchItem.Status.WATCHING,
        feedback_opens_on=today - datetime.timedelta(days=20),
        feedback_closes_on=today + datetime.timedelta(days=12),
        notes=f"{DEMO} Påhittat samråd, för att visa ett remissfönster som snart stänger.",
        is_demo=True,
    )

    # Influence actions (invented) through the regional EU office and SKR.
    eu_office = Partner.objects.filter(municipality=m, name="Östergötlands EU-kontor").first()
    skr = Partner.objects.filter(municipality=m, name__startswith="Sveriges Kommuner").first()
    contact = None
    if eu_office is not None:
        contact = create_contact(
            m,
            {
                "partner": eu_office,
                "name": "Erik Exempel",
                "role_title": "EU-handläggare",
                "email": "erik.exempel@example.org",
                "last_contact_on": today - datetime.timedelta(days=120),
                "notes": f"{DEMO} Påhittad person.",
            },
            acting_user=SYSTEM,
        )
    # The action moves the contact's last contact date up to the action's, as in use.
    actions.create_influence_action(
        nrpp,
        {
            "kind": InfluenceAction.Kind.REGIONAL_EU_OFFICE,
            "taken_on": today - datetime.timedelta(days=45),
            "channel": eu_office,
            "contact": contact,
            "description": f"{DEMO} Avstämning om förslagets följder för Interreg och småkommuner.",
            "outcome": "EU-kontoret tar upp frågan i sitt nätverk av regionkontor.",
        },
        acting_user=SYSTEM,
    )
    actions.create_influence_action(
        nrpp,
        {
            "kind": InfluenceAction.Kind.SKR_POSITION,
            "taken_on": today - datetime.timedelta(days=10),
            "channel": skr,
            "description": f"{DEMO} Synpunkter till SKR:s ståndpunkt om långtidsbudgeten.",
            "outcome": "Inväntar SKR:s styrelsebeslut.",
        },
        acting_user=SYSTEM,
    )


def _vadstena(v) -> None:
    board = Body.objects.filter(municipality=v, kind=Body.Kind.EXECUTIVE_BOARD).first()
    area = _area(v, "Besöksnäring och kulturarv", board)
    _item(
        v,
        title="Exempelbevakning om hållbar turism",
        kind=WatchItem.Kind.STRATEGY,
        subject_area=area,
        committee=board,
        notes=f"{DEMO} Påhittad bevakning, så att det syns att Vadstenas poster är dess egna.",
        is_demo=True,
    )
