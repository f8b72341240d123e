"""Demo data for activities, trainings and resources: Motala's real international work, and
enough invented rows that every page and the yearly follow-up have something to show.

Real facts come from ../shared/data/motala/motala_international_facts.json and carry
their source in the description (INSURE, Nykyrka skola's exchange with Busseto, the EU
school ambassadors, the EU-handslag and its follow-up, Europe Day). Everything invented
has `is_demo=True` and "(demo)" in its title; where a real fact needs invented details
(dates, costs, participants), the description says which.

The invented rows cover the current year and the four before it, so that the EU share
over five years has data: every committee has activities in most years, with a mix of
kinds, countries (Nordic, EU, rest of Europe, rest of the world), statuses, participants,
costs and funding. A few activities have no goal on purpose (the P1 warning), and
Miljö- och hälsoskyddsnämnden has no resources in the current year (the P14 indicator).

Deterministic (a seeded generator, dates relative to today's year) and idempotent: each
row is looked up by its natural key first, so a second run changes nothing.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Body, Goal, Municipality
from samverkan.registry import actions as registry_actions
from samverkan.registry.demo import minimal_pdf
from samverkan.registry.models import NetworkMembership, Partner, TwinTown

from . import actions
from .models import (
    Activity,
    ActivityAttachment,
    ActivityCountry,
    Currency,
    FundingLine,
    Milestone,
    Resource,
    Training,
)

D = datetime.date
Kind = Activity.Kind
Source = FundingLine.Source
Topic = Training.Topic

# Sources (see motala_international_facts.json).
IN_PRACTICE = (
    "https://www.motala.se/kommun-och-politik/internationell/internationell-samverkan-i-praktiken/"
)
EU_HANDSLAG = "https://www.motala.se/kommun-och-politik/internationell/eu-handslag/"
HANDSLAG_FOLLOW_UP = "https://www.motala.se/nyheter/handslag-for-okad-eu-delaktighet-foljdes-upp/"
HANDSLAG_SIGNED = (
    "https://old-skr.skr.se/arkiv/aldredebattartiklar/arkivadedebattartiklar/"
    "euhandslagforokaddelaktighet.12449.html"
)

DEMO = "(demo)"
YEARS_BACK = 4  # the current year and the four before it: the report's five-year chart

# SEK per EUR used for the demo's EU funding (rounded yearly averages; later years invented).
EUR_RATES = {
    2020: Decimal("10.4867"),
    2021: Decimal("10.1449"),
    2022: Decimal("10.6317"),
    2023: Decimal("11.4788"),
    2024: Decimal("11.4325"),
    2025: Decimal("11.0650"),
}
DEFAULT_EUR_RATE = Decimal("11.0000")

# The committees by abbreviation, as the organisation demo names them.
KS, KF, BIN, SN, SBN, KFN, MHN = "KS", "KF", "BIN", "SN", "SBN", "KFN", "MHN"
# Invented local actors (P7): a company and a study association of Motala.
COMPANY = "Exempelföretaget i Motala AB"
STUDY_ASSOCIATION = "Studieförbundet Exempel Motala"


@dataclass(frozen=True)
class Template:
    """An invented activity that recurs over the years, with the year in its title."""

    body: str
    kind: str
    title: str
    countries: tuple = ()  # one tuple of codes, or a list of tuples to rotate over years
    month: int = 5
    days: int = 3
    partners: tuple = ()
    twin: str = ""
    membership: str = ""
    goals: tuple = ()
    elected: int = 0
    employees: int = 0
    residents: int = 0
    young: int = 0
    cost: int = 0
    funding: tuple = ()  # (source, programme, amount, currency)
    agenda: tuple = ()
    every: int = 1  # every year, or every other year (projects that run longer)
    public: bool = True
    purpose: str = ""
    extra: dict = field(default_factory=dict)


TEMPLATES = [
    # Kommunstyrelsen -------------------------------------------------------------------
    Template(
        KS,
        Kind.STUDY_VISIT,
        "Studieresa till Bryssel med Östergötlands EU-kontor",
        ("BE",),
        month=3,
        partners=("Östergötlands EU-kontor", "Region Östergötland"),
        goals=("3.1",),
        elected=6,
        employees=3,
        cost=85000,
        agenda=(17,),
        purpose="Möta EU-institutionerna och lära mer om kommande utlysningar.",
    ),
    Template(
        KS,
        Kind.DELEGATION,
        "Besök från Hyvinge stad",
        ("FI",),
        month=9,
        days=2,
        partners=("Hyvinge",),
        twin="Hyvinge",
        goals=("4.1",),
        elected=4,
        employees=4,
        cost=25000,
        agenda=(17,),
    ),
    Template(
        KS,
        Kind.CONFERENCE,
        "CEMR:s konferens om lokal demokrati",
        [("ES",), ("DK",), ("PL",), ("AT",), ("BE",)],
        month=10,
        partners=("Council of European Municipalities and Regions (CEMR)",),
        membership="Council of European Municipalities and Regions (CEMR)",
        # No goal: one of the activities the P1 warning is about.
        elected=2,
        employees=1,
        cost=40000,
        agenda=(16,),
    ),
    Template(
        KS,
        Kind.DELEGATION,
        "Delegation från Ukraina om återuppbyggnad",
        ("UA",),
        month=11,
        days=2,
        goals=("3.1",),
        employees=5,
        cost=15000,
        funding=(Source.NATIONAL_PROGRAMME, "Svenska institutet", 40000, Currency.SEK),
        agenda=(16, 17),
        public=False,
    ),
    Template(
        KS,
        Kind.PROJECT,
        "Kommunalt partnerskap med Kisumu inom ICLD",
        ("KE",),
        month=2,
        days=300,
        goals=("4.1",),
        elected=4,
        employees=6,
        cost=60000,
        funding=(
            Source.NATIONAL_PROGRAMME,
            "ICLD – Internationellt centrum för lokal demokrati",
            350000,
            Currency.SEK,
        ),
        agenda=(16, 17),
    ),
    # Kommunfullmäktige --------------------------------------------------------------------
    Template(
        KF,
        Kind.NETWORK_MEETING,
        "SERN:s generalförsamling",
        ("IT",),
        month=5,
        days=2,
        partners=("SERN – Sweden Emilia Romagna Network",),
        membership="SERN – Sweden Emilia Romagna Network",
        goals=("1.2",),
        elected=2,
        cost=18000,
        agenda=(17,),
        purpose="Kommunfullmäktiges ordförande företräder Motala i SERN:s styrelse.",
    ),
    # Bildningsnämnden -------------------------------------------------------------------
    Template(
        BIN,
        Kind.STAFF_EXCHANGE,
        "Jobbskuggning för lärare inom Erasmus+",
        [("NL",), ("ES",), ("DE",), ("IE",), ("FR",)],
        month=4,
        days=5,
        goals=("1.1",),
        employees=8,
        cost=15000,
        funding=(Source.EU_PROGRAMME, "Erasmus+ (KA1)", 12000, Currency.EUR),
        agenda=(4,),
    ),
    Template(
        BIN,
        Kind.STUDENT_EXCHANGE,
        "Elevutbyte med skola i Hyvinge",
        ("FI",),
        month=10,
        days=5,
        partners=("Hyvinge",),
        twin="Hyvinge",
        goals=("1.2",),
        employees=3,
        young=24,
        cost=30000,
        agenda=(4,),
    ),
    Template(
        BIN,
        Kind.STUDENT_EXCHANGE,
        "Nykyrka skola besöker skolan i Busseto",
        ("IT",),
        month=5,
        days=6,
        partners=("Skola i Busseto",),
        membership="SERN – Sweden Emilia Romagna Network",
        goals=("1.2",),
        employees=3,
        young=18,
        cost=20000,
        funding=(Source.EU_PROGRAMME, "Erasmus+ (KA1)", 9000, Currency.EUR),
        agenda=(4,),
        extra={
            "description": (
                "Nykyrka skola har utbyte med en skola i Busseto, Italien (källa: "
                f"{IN_PRACTICE}). {DEMO} Årets resa, deltagare och kostnader är påhittade."
            )
        },
    ),
    Template(
        BIN,
        Kind.PROJECT,
        "eTwinning-projekt om klimatet",
        [("PL", "EE"), ("EE", "FI"), ("PL", "CZ")],
        month=1,
        days=150,
        goals=("2.1",),
        employees=4,
        young=60,
        cost=5000,
        agenda=(4, 13),
    ),
    Template(
        BIN,
        Kind.STUDY_VISIT,
        "Studieresa till Kanada om modersmålsundervisning",
        ("CA",),
        month=11,
        days=6,
        goals=("1.1",),
        elected=1,
        employees=5,
        cost=70000,
        funding=(Source.NATIONAL_PROGRAMME, "Atlas partnerskap (UHR)", 45000, Currency.SEK),
        agenda=(4, 10),
    ),
    # Socialnämnden ------------------------------------------------------------------------
    Template(
        SN,
        Kind.STAFF_EXCHANGE,
        "Erfarenhetsutbyte om äldreomsorg med Daugavpils",
        ("LV",),
        month=6,
        days=4,
        partners=("Daugavpils",),
        twin="Daugavpils",
        goals=("4.1",),
        elected=1,
        employees=6,
        cost=35000,
        agenda=(3,),
    ),
    Template(
        SN,
        Kind.STUDY_VISIT,
        "Studiebesök om integration i Hamburg",
        ("DE",),
        month=3,
        days=3,
        goals=("3.2",),
        elected=2,
        employees=5,
        cost=45000,
        agenda=(8, 10),
    ),
    Template(
        SN,
        Kind.PROJECT,
        "ESF+-projektet Vägen till arbete",
        (),
        month=1,
        days=700,
        goals=("3.2",),
        employees=6,
        residents=80,
        cost=250000,
        funding=(Source.EU_PROGRAMME, "Europeiska socialfonden+ (ESF+)", 180000, Currency.EUR),
        agenda=(8, 10),
        every=2,
    ),
    Template(
        SN,
        Kind.NETWORK_MEETING,
        "Nordiskt nätverk för socialtjänst",
        [("NO",), ("DK",), ("IS",)],
        month=9,
        days=2,
        # No goal: P1 warning.
        employees=3,
        cost=12000,
        agenda=(3,),
    ),
    Template(
        SN,
        Kind.DELEGATION,
        "Delegation från Japan om välfärdsteknik",
        ("JP",),
        month=11,
        days=1,
        goals=("4.1",),
        employees=4,
        cost=8000,
        agenda=(3, 9),
        public=False,
    ),
    # Samhällsbyggnadsnämnden ------------------------------------------------------------
    Template(
        SBN,
        Kind.STUDY_VISIT,
        "Studiebesök om cykelinfrastruktur i Nederländerna",
        ("NL",),
        month=5,
        days=3,
        partners=(COMPANY,),
        goals=("2.1",),
        elected=4,
        employees=4,
        cost=60000,
        agenda=(11, 13),
    ),
    Template(
        SBN,
        Kind.PROJECT,
        "Interreg-projekt om dagvatten runt Östersjön",
        ("FI", "EE", "LT"),
        month=2,
        days=600,
        partners=(COMPANY,),
        goals=("2.2",),
        employees=3,
        cost=120000,
        funding=(Source.EU_PROGRAMME, "Interreg Baltic Sea Region", 95000, Currency.EUR),
        agenda=(6, 14),
        every=2,
    ),
    Template(
        SBN,
        Kind.CONFERENCE,
        "Konferens om hållbar stadsutveckling",
        [("DK",), ("NO",), ("GB",), ("DE",), ("CH",)],
        month=10,
        days=2,
        goals=("2.1",),
        employees=2,
        cost=22000,
        agenda=(11,),
    ),
    # Kultur- och fritidsnämnden ---------------------------------------------------------------
    Template(
        KFN,
        Kind.YOUTH_EXCHANGE,
        "Ungdomsutbyte med Hyvinge",
        ("FI",),
        month=7,
        days=6,
        partners=("Hyvinge",),
        twin="Hyvinge",
        goals=("1.2",),
        employees=3,
        young=20,
        cost=10000,
        funding=(Source.EU_PROGRAMME, "Erasmus+ Ungdom", 15000, Currency.EUR),
        agenda=(4, 10),
    ),
    Template(
        KFN,
        Kind.NETWORK_MEETING,
        "Kulturskolenätverkets träff",
        ("DK",),
        month=3,
        days=2,
        partners=("Exempelnätverket för kulturskolor",),
        membership="Exempelnätverket för kulturskolor",
        # No goal: P1 warning.
        employees=2,
        cost=9000,
        agenda=(4,),
    ),
    Template(
        KFN,
        Kind.YOUTH_EXCHANGE,
        "Musikutbyte med Emilia-Romagna",
        ("IT",),
        month=6,
        days=7,
        partners=("SERN – Sweden Emilia Romagna Network", STUDY_ASSOCIATION),
        membership="SERN – Sweden Emilia Romagna Network",
        goals=("1.2",),
        employees=4,
        young=30,
        cost=40000,
        funding=(
            Source.NATIONAL_PROGRAMME,
            "Myndigheten för ungdoms- och civilsamhällesfrågor (MUCF)",
            60000,
            Currency.SEK,
        ),
        agenda=(4, 10),
    ),
    Template(
        KFN,
        Kind.YOUTH_EXCHANGE,
        "Idrottsturnering med Daugavpils",
        ("LV",),
        month=8,
        days=4,
        partners=("Daugavpils", STUDY_ASSOCIATION),
        twin="Daugavpils",
        goals=("4.1",),
        employees=2,
        residents=6,
        young=40,
        cost=20000,
        funding=(Source.PARTNER, STUDY_ASSOCIATION, 15000, Currency.SEK),
        agenda=(3,),
    ),
    Template(
        KFN,
        Kind.DELEGATION,
        "Biblioteksbesök från Brasilien",
        ("BR",),
        month=4,
        days=1,
        goals=("4.1",),
        employees=2,
        cost=3000,
        agenda=(4,),
    ),
    # Miljö- och hälsoskyddsnämnden ------------------------------------------------------------
    Template(
        MHN,
        Kind.CONFERENCE,
        "Seminarium om Östersjöns miljö",
        ("FI",),
        month=6,
        days=2,
        goals=("2.2",),
        employees=2,
        cost=15000,
        agenda=(14,),
    ),
    Template(
        MHN,
        Kind.PROJECT,
        "LIFE-projekt om våtmarker",
        ("DE", "PL"),
        month=9,
        days=400,
        goals=("2.2",),
        employees=3,
        cost=80000,
        funding=(Source.EU_PROGRAMME, "LIFE", 60000, Currency.EUR),
        agenda=(6, 15),
        every=2,
    ),
    Template(
        MHN,
        Kind.STUDY_VISIT,
        "Studiebesök om livsmedelskontroll i Danmark",
        ("DK",),
        month=11,
        days=2,
        goals=("4.1",),
        employees=4,
        cost=18000,
        agenda=(3, 12),
    ),
    Template(
        MHN,
        Kind.CONFERENCE,
        "Internationell konferens om klimatanpassning",
        [("US",), ("JP",), ("IN",), ("ZA",), ("CA",)],
        month=11,
        days=3,
        goals=("2.1",),
        elected=1,
        employees=1,
        cost=35000,
        agenda=(13,),
    ),
]


def _eur_rate(year: int) -> Decimal:
    return EUR_RATES.get(year, DEFAULT_EUR_RATE)


def _status(start, end, today, cancelled=False):
    if cancelled:
        return Activity.Status.CANCELLED
    if start > today:
        return Activity.Status.PLANNED
    if end is not None and end < today:
        return Activity.Status.COMPLETED
    return Activity.Status.ONGOING


@dataclass
class _Planned:
    activity: Activity
    countries: list
    relations: dict  # m2m field name -> related rows
    funding: list
    milestones: list
    cancelled: bool


class _Demo:
    """What one municipality's demo needs to look up (fetched once), and the rows to write.

    New activities are queued and written in batches by `flush()`, with their history:
    row by row, the demo took several seconds, and the test session makes it each time.
    """

    M2M = ("partners", "twin_towns", "memberships", "goals")

    def __init__(self, municipality):
        self.m = municipality
        self.today = timezone.localdate()
        self.bodies = {b.abbreviation: b for b in Body.objects.filter(municipality=municipality)}
        self.goals = {g.code: g for g in Goal.objects.filter(municipality=municipality)}
        self.partners = {p.name: p for p in Partner.objects.filter(municipality=municipality)}
        self.twins = {
            t.partner.name: t
            for t in TwinTown.objects.filter(municipality=municipality).select_related("partner")
        }
        self.memberships = {
            ms.organisation.name: ms
            for ms in NetworkMembership.objects.filter(municipality=municipality).select_related(
                "organisation"
            )
        }
        self.existing = {
            (title, start): pk
            for pk, title, start in Activity.objects.filter(municipality=municipality).values_list(
                "pk", "title", "start_date"
            )
        }
        self.queue: list[_Planned] = []

    def activity(
        self,
        *,
        title,
        body,
        start,
        end=None,
        countries=(),
        partners=(),
        twins=(),
        memberships=(),
        goals=(),
        funding=(),
        milestones=(),
        cancelled=False,
        **fields,
    ) -> Activity | None:
        """Queue the activity with its rows, unless one with this title and start exists.

        Returns the (not yet saved) activity, or None when it exists already.
        """
        if (title, start) in self.existing:
            return None
        committee = self.bodies[body]
        fields.setdefault("status", _status(start, end, self.today, cancelled))
        activity = Activity(
            municipality=self.m,
            title=title,
            committee=committee,
            administration=committee.administration,
            start_date=start,
            end_date=end,
            **fields,
        )
        self.existing[(title, start)] = None  # queued
        lookups = (self.partners, self.twins, self.memberships, self.goals)
        relations = {
            name: [lookup[key] for key in keys if key in lookup]
            for name, keys, lookup in zip(
                self.M2M, (partners, twins, memberships, goals), lookups, strict=True
            )
        }
        lines = []
        for source, programme, amount, currency in funding:
            line = FundingLine(
                municipality=self.m,
                source=source,
                programme=programme,
                amount=Decimal(amount),
                currency=currency,
            )
            if currency == Currency.EUR:
                # The rate of the day the money was applied for: the start, or today if later.
                line.rate_date = min(start, self.today)
                line.exchange_rate = _eur_rate(line.rate_date.year)
            rate = line.exchange_rate if currency == Currency.EUR else Decimal("1")
            # What FundingLine.save() computes; bulk creation does not call save().
            line.amount_sek = (line.amount * rate).quantize(Decimal("0.01"))
            lines.append(line)
        self.queue.append(
            _Planned(activity, list(countries), relations, lines, list(milestones), cancelled)
        )
        return activity

    def flush(self) -> None:
        """Write the queued activities and their rows, each with its history.

        The demo's thousands of activities go in with bulk_create (one by one through
        actions.create_activity the demo would take minutes); this writer is the
        demo's own and sets what the actions would derive (EU priority, external
        funding, amounts in SEK) from the same model methods. Every other demo record
        is written through the actions, by SYSTEM.
        """
        planned, self.queue = self.queue, []
        if not planned:
            return
        for item in planned:
            # The model's own rule, with the countries and funding about to be written.
            item.activity.eu_priority = item.activity.compute_eu_priority(
                country_codes=item.countries,
                funding_sources=[line.source for line in item.funding],
            )
            # Likewise the stored external funding (bulk creation sends no signals).
            item.activity.external_funding_sek = sum(
                (line.amount_sek for line in item.funding if line.source != FundingLine.Source.OWN),
                Decimal("0"),
            )
        activities = [item.activity for item in planned]
        bulk_create_with_history(activities, Activity)
        if any(activity.pk is None for activity in activities):
            # A database that does not return ids from a bulk insert: look them up.
            ids = {
                (title, start): pk
                for pk, title, start in Activity.objects.filter(municipality=self.m).values_list(
                    "pk", "title", "start_date"
                )
            }
            for activity in activities:
                activity.pk = ids[(activity.title, activity.start_date)]
        for activity in activities:
            self.existing[(activity.title, activity.start_date)] = activity.pk
        self._write_relations(planned)
        rows = {ActivityCountry: [], FundingLine: [], Milestone: []}
        for item in planned:
            activity = item.activity
            rows[ActivityCountry] += [
                ActivityCountry(municipality=self.m, activity=activity, country=code)
                for code in sorted(set(item.countries))
            ]
            for line in item.funding:
                line.activity = activity
            rows[FundingLine] += item.funding
            rows[Milestone] += [
                Milestone(
                    municipality=self.m,
                    activity=activity,
                    title=title,
                    due_on=due_on,
                    done_on=due_on if due_on <= self.today and not item.cancelled else None,
                )
                for title, due_on in item.milestones
            ]
        for model, objs in rows.items():
            if objs:
                bulk_create_with_history(objs, model)

    def _write_relations(self, planned) -> None:
        """The m2m rows, and the same rows in each activity's first history record."""
        first_history = dict(
            Activity.history.filter(
                id__in=[item.activity.pk for item in planned], history_type="+"
            ).values_list("id", "history_id")
        )
        for name in self.M2M:
            field = Activity._meta.get_field(name)
            through = field.remote_field.through
            historical = apps.get_model("activities", f"HistoricalActivity_{name}")
            source = field.m2m_field_name()  # "activity"
            target = field.m2m_reverse_field_name()  # "partner", "goal", ...
            links, owners = [], []
            for item in planned:
                for related in item.relations[name]:
                    ids = {f"{source}_id": item.activity.pk, f"{target}_id": related.pk}
                    links.append(through(**ids))
                    owners.append(item.activity.pk)
            through.objects.bulk_create(links)
            if links and links[0].pk is None:
                # A database that does not return ids from a bulk insert: look them up.
                found = {
                    (getattr(row, f"{source}_id"), getattr(row, f"{target}_id")): row.pk
                    for row in through.objects.filter(**{f"{source}_id__in": owners})
                }
                for link in links:
                    link.pk = found[(getattr(link, f"{source}_id"), getattr(link, f"{target}_id"))]
            historical.objects.bulk_create(
                historical(
                    id=link.pk,
                    history_id=first_history[owner],
                    **{
                        f"{source}_id": owner,
                        f"{target}_id": getattr(link, f"{target}_id"),
                    },
                )
                for link, owner in zip(links, owners, strict=True)
            )


@transaction.atomic
def create_activities_demo() -> None:
    """Fill activities, trainings and resources for Motala (and a little for Vadstena)."""
    motala = Municipality.objects.get(code="0583")
    vadstena = Municipality.objects.get(code="0584")
    _motala(_Demo(motala))
    vadstena_demo = _Demo(vadstena)
    _vadstena(vadstena_demo)
    vadstena_demo.flush()


def _years(today) -> list[int]:
    return list(range(today.year - YEARS_BACK, today.year + 1))


def _motala(demo: _Demo) -> None:
    _local_actors(demo)
    _real_activities(demo)
    _invented_activities(demo)
    _project_with_parts(demo)  # writes the queue: its parts need the project's id
    _attachment(demo)
    _trainings(demo)
    _resources(demo)


def _local_actors(demo: _Demo) -> None:
    """Two invented local actors (P7), for the activities that involve them."""
    for name, kind, description in [
        (COMPANY, Partner.Kind.COMPANY, f"{DEMO} Påhittat företag i Motala med kunder i Europa."),
        (
            STUDY_ASSOCIATION,
            Partner.Kind.STUDY_ASSOCIATION,
            f"{DEMO} Påhittat studieförbund som ordnar musik- och idrottsutbyten.",
        ),
    ]:
        if name in demo.partners:
            continue
        demo.partners[name] = registry_actions.create_partner(
            demo.m,
            {
                "name": name,
                "country": "SE",
                "kind": kind,
                "is_local_actor": True,
                "city": "Motala",
                "description": description,
                "is_demo": True,
            },
            acting_user=SYSTEM,
        )


def _real_activities(demo: _Demo) -> None:
    today = demo.today
    first = today.year - YEARS_BACK
    demo.activity(
        title="INSURE – Innovative Sustainable Remediation",
        body=SBN,
        kind=Kind.PROJECT,
        start=D(first, 3, 1),
        end=D(first + 2, 12, 31),
        partners=["Länsstyrelsen Östergötland"],
        goals=["2.2", "2.1"],
        participants_employees=3,
        own_costs=Decimal("150000"),
        progress=100,
        agenda_2030_goals=[6, 15],
        funding=[(Source.EU_PROGRAMME, "Interreg Central Baltic", 304458, Currency.EUR)],
        milestones=[
            ("Förorenade områden kartlagda (demo)", D(first, 12, 15)),
            ("Metoder för hållbar sanering prövade (demo)", D(first + 1, 11, 30)),
            ("Slutrapport (demo)", D(first + 2, 12, 15)),
        ],
        description=(
            "Interreg Central Baltic-projektet INSURE (Innovative Sustainable Remediation), "
            "med Länsstyrelsen Östergötland som projektledare; Motala kommun är delaktig. "
            "Bidraget är 304 458 euro. "
            f"Källa: {IN_PRACTICE} "
            f"{DEMO} Källan anger inte datum, ansvarig nämnd, deltagare eller kommunens egna "
            "kostnader: de är påhittade, liksom växelkursen."
        ),
        purpose="Hållbara metoder för att sanera förorenad mark.",
        results=f"{DEMO} Två förorenade områden i kommunen har en saneringsplan.",
    )
    demo.activity(
        title="Nykyrka skola – skola med internationell profil",
        body=BIN,
        kind=Kind.OTHER,
        start=D(first, 8, 15),
        partners=["Skola i Busseto", "Linköpings universitet"],
        goals=["1.2"],
        countries=["IT"],
        participants_employees=6,
        participants_young=180,
        agenda_2030_goals=[4],
        description=(
            "Nykyrka skola är utsedd av bildningsnämnden till skola med internationell profil. "
            "Skolan har utbyte med en skola i Busseto i Italien och tar emot lärarstudenter "
            f"via Linköpings universitet. Källa: {IN_PRACTICE} "
            f"{DEMO} Startdatum och antal deltagare är påhittade."
        ),
    )
    demo.activity(
        title="EU-skolambassadörer i gymnasiet och högstadiet",
        body=BIN,
        kind=Kind.OTHER,
        start=D(first, 1, 15),
        goals=["1.2"],
        participants_employees=4,
        participants_young=400,
        agenda_2030_goals=[4, 16],
        description=(
            "EU-skolambassadörer i gymnasieskolan; målet är två i gymnasiet och två i "
            f"högstadiet. Källa: {IN_PRACTICE} Fler skolambassadörer för EU-frågor är ett av "
            f"åtagandena i EU-handslaget. Källa: {EU_HANDSLAG} "
            f"{DEMO} Startdatum och antal deltagare är påhittade."
        ),
    )
    demo.activity(
        title="EU-handslag för ökad EU-delaktighet",
        body=KS,
        kind=Kind.OTHER,
        start=D(2017, 5, 23),
        end=D(2017, 5, 23),
        partners=["Region Östergötland"],
        participants_elected=2,
        agenda_2030_goals=[16, 17],
        description=(
            "Kommunstyrelsen beslutade den 25 april 2017 om EU-handslaget, som undertecknades "
            "den 23 maj 2017 tillsammans med Region Östergötland, Linköping och Norrköping "
            "inför EU-ministern Ann Linde. Åtaganden bland annat: föra upp EU-frågorna på den "
            "politiska dagordningen, kunskapshöjande aktiviteter om inflytande på EU-nivå, öka "
            "finansieringen från EU och uppmärksamma Europadagen 9 maj. "
            f"Källor: {EU_HANDSLAG} och {HANDSLAG_SIGNED} "
            f"{DEMO} Antalet deltagare är påhittat."
        ),
    )
    demo.activity(
        title="Uppföljning av EU-handslaget på Europadagen 2018",
        body=KS,
        kind=Kind.OTHER,
        start=D(2018, 5, 9),
        end=D(2018, 5, 9),
        partners=["Region Östergötland"],
        participants_elected=2,
        participants_employees=2,
        agenda_2030_goals=[17],
        description=(
            "Handslaget för ökad EU-delaktighet följdes upp den 9 maj 2018. "
            f"Källa: {HANDSLAG_FOLLOW_UP} {DEMO} Antalet deltagare är påhittat."
        ),
    )
    for year in _years(today):
        demo.activity(
            title=f"Europadagen 9 maj {year} {DEMO}",
            body=KS,
            kind=Kind.OTHER,
            start=D(year, 5, 9),
            end=D(year, 5, 9),
            goals=["4.1"],
            participants_employees=4,
            participants_residents=150 + 10 * (year % 5),
            participants_young=60,
            own_costs=Decimal(15000 + 500 * (year % 4)),
            agenda_2030_goals=[16, 17],
            is_demo=True,
            description=(
                "Att uppmärksamma Europadagen 9 maj är ett av kommunens åtaganden i "
                f"EU-handslaget. Källa: {EU_HANDSLAG} "
                f"{DEMO} Årets program och siffror är påhittade."
            ),
            results=f"{DEMO} Europatorg på Stora torget med skolornas EU-ambassadörer.",
        )
        demo.activity(
            title=f"Uppföljning av EU-handslaget {year} {DEMO}",
            body=KS,
            kind=Kind.OTHER,
            start=D(year, 11, 20),
            end=D(year, 11, 20),
            partners=["Region Östergötland"],
            goals=["3.1"],
            participants_elected=5,
            participants_employees=3,
            agenda_2030_goals=[17],
            is_demo=True,
            description=(
                "Kommunstyrelsen följer årligen upp åtagandena i EU-handslaget. "
                f"Källa till åtagandena: {EU_HANDSLAG} {DEMO} Uppföljningen är påhittad."
            ),
        )


def _attachment(demo: _Demo) -> None:
    """A public PDF on last year's Europe Day."""
    year = demo.today.year - 1
    pk = demo.existing.get((f"Europadagen 9 maj {year} {DEMO}", D(year, 5, 9)))
    title = f"Program för Europadagen {DEMO}"
    if pk is None or ActivityAttachment.objects.filter(activity_id=pk, title=title).exists():
        return
    upload = ContentFile(minimal_pdf("Europadagen 9 maj (demo)"), name="europadagen-program.pdf")
    actions.add_attachment(
        Activity.objects.get(pk=pk),
        {"title": title, "file": upload, "is_public": True},
        acting_user=SYSTEM,
    )


def _invented_activities(demo: _Demo) -> None:
    today = demo.today
    years = _years(today)
    rng = random.Random(583)  # Motala's municipality code: the same rows every run
    for year_index, year in enumerate(years):
        for index, template in enumerate(TEMPLATES):
            # Draw every number even for skipped rows, so each row's figures stay the same.
            scale = Decimal(rng.randint(70, 130)) / 100
            day = rng.randint(1, 25)
            cancel_draw = rng.random()
            if template.every == 2 and year_index % 2:
                continue
            if template.every == 1 and (year * 7 + index) % 5 == 0:
                continue  # most years, not all
            _invented(demo, template, year, year_index, index, scale, day, cancel_draw)
    # Next year's plans: a few of the recurring activities are already planned.
    year = years[-1] + 1
    for index, template in enumerate(TEMPLATES):
        if template.every == 1 and index % 4 == 1:
            _invented(demo, template, year, len(years), index, Decimal(1), 15, 1.0)


def _invented(demo, template, year, year_index, index, scale, day, cancel_draw) -> None:
    start = D(year, template.month, day)
    end = start + datetime.timedelta(days=template.days - 1)
    countries = template.countries
    if isinstance(countries, list):
        countries = countries[(year_index + index) % len(countries)]
    cancelled = end < demo.today and cancel_draw < 0.05
    if template.title.startswith("LIFE") and year_index == 2:
        cancelled = True  # an application that was turned down
    funding = []
    if template.funding:
        source, programme, amount, currency = template.funding
        funding.append((source, programme, (amount * scale).quantize(Decimal("100")), currency))
    if template.cost and index % 3 == 0:
        # Some activities also write their own money as a funding line.
        funding.append(
            (Source.OWN, "Nämndens budget", Decimal(template.cost).quantize(Decimal("1")), "SEK")
        )
    milestones = []
    if template.kind == Kind.PROJECT:
        milestones = [
            (f"Startmöte {DEMO}", start + datetime.timedelta(days=14)),
            (f"Halvtidsrapport {DEMO}", start + datetime.timedelta(days=template.days // 2)),
            (f"Slutrapport {DEMO}", end),
        ]
    done = end < demo.today and not cancelled
    travel = template.kind in Activity.TRAVEL_KINDS
    extra = dict(template.extra)
    description = extra.pop(
        "description", f"{DEMO} Påhittad aktivitet för att visa hur registret fungerar."
    )
    demo.activity(
        title=f"{template.title} {year} {DEMO}",
        body=template.body,
        kind=template.kind,
        start=start,
        end=end,
        countries=countries,
        partners=template.partners,
        twins=[template.twin] if template.twin else [],
        memberships=[template.membership] if template.membership else [],
        goals=template.goals,
        funding=funding,
        milestones=milestones,
        cancelled=cancelled,
        participants_elected=round(template.elected * scale),
        participants_employees=round(template.employees * scale),
        participants_residents=round(template.residents * scale),
        participants_young=round(template.young * scale),
        own_costs=(template.cost * scale).quantize(Decimal("100")),
        agenda_2030_goals=list(template.agenda),
        is_public=template.public,
        is_demo=True,
        progress=_progress(template, start, end, demo.today, cancelled),
        description=description,
        purpose=template.purpose
        or (f"{DEMO} Lära av andra och knyta kontakter." if travel else ""),
        traveller_selection=(
            f"{DEMO} Nämnden utsåg de resande efter ansvarsområde." if travel else ""
        ),
        travellers=f"{DEMO} Handläggare och förtroendevalda i nämnden." if travel else "",
        results=f"{DEMO} Erfarenheterna redovisades för nämnden." if done else "",
        lessons=f"{DEMO} Boka resor och möten tidigare nästa gång." if done and travel else "",
        **extra,
    )


def _progress(template, start, end, today, cancelled) -> int | None:
    if template.kind != Kind.PROJECT or cancelled:
        return None
    if end < today:
        return 100
    if start > today:
        return 0
    # Ongoing: the share of the time gone, in tens (set once, when the row is made).
    return round(10 * (today - start).days / max((end - start).days, 1)) * 10


def _project_with_parts(demo: _Demo) -> None:
    """A project whose progress rolls up from three weighted parts: (100·1 + 60·2 + 0·1) / 4."""
    year = demo.today.year
    start, end = D(year - 2, 1, 10), D(year + 1, 12, 31)
    parent_title = f"Vätternstranden – hållbar stadsutveckling vid sjön {DEMO}"
    demo.activity(
        title=parent_title,
        body=SBN,
        kind=Kind.PROJECT,
        start=start,
        end=end,
        countries=["FI", "DE"],
        partners=["Hyvinge", COMPANY],
        twins=["Hyvinge"],
        goals=["2.1", "2.2"],
        participants_elected=3,
        participants_employees=6,
        participants_residents=40,
        own_costs=Decimal("200000"),
        agenda_2030_goals=[6, 11, 13],
        funding=[(Source.EU_PROGRAMME, "Interreg Aurora", 120000, Currency.EUR)],
        milestones=[
            (f"Projektplan beslutad {DEMO}", D(year - 2, 3, 1)),
            (f"Slutkonferens {DEMO}", D(year + 1, 11, 30)),
        ],
        is_demo=True,
        description=(
            f"{DEMO} Påhittat projekt med tre delprojekt; framsteget räknas fram ur delarnas "
            "framsteg, viktade."
        ),
    )
    demo.flush()
    parent_id = demo.existing[(parent_title, start)]
    for title, body, part_start, part_end, weight, progress in [
        (
            "Delprojekt 1: kartläggning av stranden",
            SBN,
            D(year - 2, 1, 10),
            D(year - 1, 6, 30),
            1,
            100,
        ),
        (
            "Delprojekt 2: pilotanläggning för dagvatten",
            MHN,
            D(year - 1, 3, 1),
            D(year, 12, 31),
            2,
            60,
        ),
        ("Delprojekt 3: erfarenhetsspridning", KS, D(year + 1, 1, 15), D(year + 1, 12, 31), 1, 0),
    ]:
        demo.activity(
            title=f"{title} {DEMO}",
            body=body,
            kind=Kind.PROJECT,
            start=part_start,
            end=part_end,
            countries=["FI"],
            goals=["2.2"],
            participants_employees=2 + weight,
            own_costs=Decimal(40000 * weight),
            parent_id=parent_id,
            weight=Decimal(weight),
            progress=progress,
            agenda_2030_goals=[6],
            is_demo=True,
            description=f"{DEMO} Del av projektet {parent_title}.",
        )
    demo.flush()


# Trainings (P5) ------------------------------------------------------------------------


TRAINING_TEMPLATES = [
    # (title, organiser, body, month, hours, elected, employees, topics)
    (
        "EU-kunskap för förtroendevalda",
        "Region Östergötland och Östergötlands EU-kontor",
        KS,
        2,
        "3.0",
        18,
        2,
        [Topic.EU_KNOWLEDGE],
    ),
    (
        "Skrivarverkstad: att söka EU-medel",
        "Kommunledningsförvaltningen",
        None,
        4,
        "6.0",
        0,
        14,
        [Topic.FUNDING_APPLICATIONS, Topic.EU_KNOWLEDGE],
    ),
    (
        "Engelska i internationellt arbete",
        "Folkuniversitetet (demo)",
        BIN,
        9,
        "20.0",
        0,
        8,
        [Topic.LANGUAGES],
    ),
    (
        "Interkulturell kommunikation",
        "Socialförvaltningen",
        SN,
        10,
        "4.0",
        2,
        16,
        [Topic.INTERCULTURAL],
    ),
    (
        "Inflytande på EU-nivå",
        "Sveriges Kommuner och Regioner (SKR)",
        SBN,
        11,
        "2.5",
        4,
        5,
        [Topic.EU_KNOWLEDGE, Topic.OTHER],
    ),
]


def _trainings(demo: _Demo) -> None:
    existing = set(Training.objects.filter(municipality=demo.m).values_list("title", "held_on"))
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["coordinator", "editor"])
    }
    for year_index, year in enumerate(_years(demo.today)):
        for index, (title, organiser, body, month, hours, elected, employees, topics) in enumerate(
            TRAINING_TEMPLATES
        ):
            if index == 4 and year_index % 2:
                continue  # every other year
            held_on = D(year, month, 10 + index)
            full_title = f"{title} {year} {DEMO}"
            if (full_title, held_on) in existing:
                continue
            named = {1: "coordinator", 2: "editor"}.get(index)
            actions.create_training(
                demo.m,
                {
                    "title": full_title,
                    "organiser": organiser,
                    "committee": demo.bodies.get(body) if body else None,
                    "held_on": held_on,
                    "hours": Decimal(hours),
                    "participants_elected": elected + year_index % 3,
                    "participants_employees": employees + (year_index * 2) % 5,
                    "topics": [str(topic) for topic in topics],
                    "description": (
                        "Kunskapshöjande aktiviteter för förtroendevalda och tjänstemän om "
                        f"inflytande på EU-nivå är ett av åtagandena i EU-handslaget "
                        f"({EU_HANDSLAG}). {DEMO} Utbildningen är påhittad."
                    ),
                    "named_participants": [users[named]] if named in users else [],
                    "is_demo": True,
                },
                acting_user=SYSTEM,
            )
    # In an election year new councillors get an introduction to the EU.
    for year in _years(demo.today):
        if year % 4 != 2:
            continue
        held_on = D(year, 11, 2)
        full_title = f"EU för nya förtroendevalda {year} {DEMO}"
        if (full_title, held_on) in existing:
            continue
        actions.create_training(
            demo.m,
            {
                "title": full_title,
                "organiser": "Kommunledningsförvaltningen",
                "committee": demo.bodies.get(KF),
                "held_on": held_on,
                "hours": Decimal("2.0"),
                "participants_elected": 45,
                "topics": [Topic.EU_KNOWLEDGE],
                "description": f"{DEMO} Introduktion för nyvalda ledamöter efter valet.",
                "is_demo": True,
            },
            acting_user=SYSTEM,
        )


# Resources (P14) -----------------------------------------------------------------------


RESOURCE_BASE = {
    # abbreviation: (budget SEK, staff FTE)
    KS: (450000, "1.00"),
    BIN: (120000, "0.30"),
    SN: (60000, "0.10"),
    SBN: (80000, "0.20"),
    KFN: (90000, "0.20"),
    MHN: (30000, "0.05"),
}


def _resources(demo: _Demo) -> None:
    years = _years(demo.today)
    existing = set(Resource.objects.filter(municipality=demo.m).values_list("body_id", "year"))
    for year_index, year in enumerate(years):
        for abbreviation, (budget, fte) in RESOURCE_BASE.items():
            if abbreviation == MHN and year == years[-1]:
                continue  # not yet recorded this year: what the P14 indicator flags
            if abbreviation == SN and year_index == 0:
                continue  # a gap in an earlier year too
            body = demo.bodies.get(abbreviation)
            if body is None or (body.pk, year) in existing:
                continue
            note = (
                "Internationell samordnare och centralt stöd, enligt policyn. "
                if abbreviation == KS
                else ""
            )
            actions.create_resource(
                demo.m,
                {
                    "body": body,
                    "year": year,
                    "budget_sek": Decimal(budget + 10000 * year_index),
                    "staff_fte": Decimal(fte),
                    "note": f"{note}{DEMO} Påhittade belopp.",
                    "is_demo": True,
                },
                acting_user=SYSTEM,
            )


# Vadstena ------------------------------------------------------------------------------


def _vadstena(demo: _Demo) -> None:
    """A little for Vadstena, so that tenancy shows: none of it appears for Motala."""
    years = _years(demo.today)
    goal = demo.goals.get("1.1")
    for year in years[-2:]:
        demo.activity(
            title=f"Pilgrimsledsnätverkets möte i Trondheim {year} {DEMO}",
            body=KS,
            kind=Kind.NETWORK_MEETING,
            start=D(year, 6, 12),
            end=D(year, 6, 14),
            countries=["NO"],
            goals=[goal.code] if goal else [],
            participants_employees=2,
            own_costs=Decimal("14000"),
            is_demo=True,
            description=f"{DEMO} Påhittad aktivitet för Vadstena kommun.",
        )
    demo.activity(
        title=f"Skolutbyte med Italien {years[-1]} {DEMO}",
        body="BUN",
        kind=Kind.STUDENT_EXCHANGE,
        start=D(years[-1], 4, 20),
        end=D(years[-1], 4, 26),
        countries=["IT"],
        participants_employees=2,
        participants_young=16,
        own_costs=Decimal("18000"),
        funding=[(Source.EU_PROGRAMME, "Erasmus+ (KA1)", 8000, Currency.EUR)],
        is_demo=True,
        description=f"{DEMO} Påhittad aktivitet för Vadstena kommun.",
    )
    held_on = D(years[-1], 3, 5)
    if not Training.objects.filter(municipality=demo.m, held_on=held_on).exists():
        actions.create_training(
            demo.m,
            {
                "title": f"EU-kunskap för förtroendevalda {years[-1]} {DEMO}",
                "organiser": "Region Östergötland",
                "committee": demo.bodies.get(KS),
                "held_on": held_on,
                "hours": Decimal("3.0"),
                "participants_elected": 12,
                "topics": [Topic.EU_KNOWLEDGE],
                "is_demo": True,
            },
            acting_user=SYSTEM,
        )
    for abbreviation, budget in ((KS, 90000), ("BUN", 25000)):
        body = demo.bodies.get(abbreviation)
        if body is not None and not Resource.objects.filter(body=body, year=years[-1]).exists():
            actions.create_resource(
                demo.m,
                {
                    "body": body,
                    "year": years[-1],
                    "budget_sek": Decimal(budget),
                    "staff_fte": Decimal("0.10"),
                    "note": f"{DEMO} Påhittat belopp.",
                    "is_demo": True,
                },
                acting_user=SYSTEM,
            )
