"""National-scale demo data: every municipality of Sweden with years of records.

`samverkan demo_data --scale national` writes, for each municipality of the country list
(organisation/data/municipalities.csv), its bodies, goals, policy, a coordinator and a
reader, and ten years of partners, contacts, decisions, twin towns, memberships,
activities, trainings, resources, calls and applications: about 600,000 activities in
all. At that size the rows are written in bulk, not through the actions one by one, so
no history rows are written; what the actions would keep is kept here instead:

- every record belongs to its municipality and refers only to records of the same one;
- each municipality's policy is loaded from its pack through the policy action, once;
- decisions are taken by the body the pack's rules authorise, with registration numbers
  in the pack's pattern and unique paragraphs; twin towns carry their consideration;
- derived columns are filled as the actions fill them (an activity's EU priority and
  external funding in SEK, an application's amounts in SEK, a call's search text);
- the activity search index is kept by the database's own triggers.

The data is invented (Demodata.) and seeded: the same arguments give the same rows.
Nothing here names a municipality: which ones, and their names, come from the list.
"""

import datetime
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

DEMO_NOTE = "Demodata."
BATCH = 2000

# What one municipality has, and what it adds each year. 290 municipalities and ten
# years give the national figures: 600,000 activities, 3,000 twin towns, 6,000
# memberships, 50,000 decisions, 20,000 calls and 100,000 contacts.
ACTIVITIES_PER_YEAR = 207
DECISIONS_PER_YEAR = 17  # plus one per twin town and membership
TWIN_TOWNS = (10, 11)
MEMBERSHIPS = (20, 21)
CONTACTS = 345
CALLS = 69
APPLICATIONS_PER_YEAR = 4
TRAININGS_PER_YEAR = 4

BODIES = [
    ("council", "Kommunfullmäktige", "KF", ""),
    ("executive_board", "Kommunstyrelsen", "KS", "Kommunledningsförvaltningen"),
    ("committee", "Barn- och utbildningsnämnden", "BUN", "Barn- och utbildningsförvaltningen"),
    ("committee", "Socialnämnden", "SN", "Socialförvaltningen"),
    ("committee", "Kultur- och fritidsnämnden", "KFN", "Kultur- och fritidsförvaltningen"),
    ("committee", "Samhällsbyggnadsnämnden", "SBN", "Samhällsbyggnadsförvaltningen"),
    ("committee", "Miljö- och hälsoskyddsnämnden", "MHN", "Miljöförvaltningen"),
]
GOALS = {
    "Utbildning och kompetens": ["Fler elever når kunskapsmålen", "Fler unga har varit utomlands"],
    "Hållbar miljö": ["Minskad klimatpåverkan", "Renare vatten"],
    "Näringsliv och arbete": ["Fler företag", "Fler i egen försörjning"],
}
CITIES = [
    ("FI", "Hyvinge"),
    ("FI", "Jyväskylä"),
    ("FI", "Vasa"),
    ("FI", "Borgå"),
    ("NO", "Lillehammer"),
    ("NO", "Tromsø"),
    ("NO", "Hamar"),
    ("DK", "Fredericia"),
    ("DK", "Aalborg"),
    ("DK", "Vejle"),
    ("IS", "Akureyri"),
    ("DE", "Hameln"),
    ("DE", "Kiel"),
    ("DE", "Lübeck"),
    ("EE", "Viljandi"),
    ("EE", "Tartu"),
    ("LV", "Daugavpils"),
    ("LV", "Cēsis"),
    ("LT", "Kaunas"),
    ("PL", "Gdynia"),
    ("PL", "Elbląg"),
    ("FR", "Lorient"),
    ("NL", "Zwolle"),
    ("IT", "Lucca"),
    ("ES", "Girona"),
    ("GB", "Leeds"),
    ("RS", "Novi Sad"),
    ("UA", "Lviv"),
    ("KE", "Kisumu"),
    ("US", "Minneapolis"),
    ("ZA", "Polokwane"),
    ("VN", "Hue"),
    ("TZ", "Arusha"),
    ("BA", "Tuzla"),
    ("GE", "Kutaisi"),
]
NETWORKS = [
    ("Eurocities", "BE"),
    ("CEMR", "BE"),
    ("ICLEI Europe", "DE"),
    ("Union of the Baltic Cities", "PL"),
    ("Climate Alliance", "DE"),
    ("Energy Cities", "FR"),
    ("POLIS", "BE"),
    ("ELISAN", "BE"),
    ("Cities for Children", "DE"),
    ("EUROCITIES Culture Forum", "BE"),
    ("Nordic Safe Cities", "DK"),
    ("Healthy Cities Network", "DK"),
    ("Mayors for Peace", "JP"),
    ("Covenant of Mayors", "BE"),
    ("ECAD", "SE"),
    ("Baltic Sea Forum", "DE"),
    ("Interkulturella städer", "FR"),
    ("EAEA", "BE"),
    ("FEDARENE", "BE"),
    ("CPMR", "FR"),
    ("Norden Association", "DK"),
    ("Child Friendly Cities", "CH"),
    ("Eurotowns", "NL"),
]
OTHER_PARTNERS = [
    ("university", "Linköpings universitet", "SE", False),
    ("university", "Åbo Akademi", "FI", False),
    ("university", "Universität Hamburg", "DE", False),
    ("company", "Sjöbygdens Teknik AB", "SE", True),
    ("company", "Kanalens Turism AB", "SE", True),
    ("association", "Ungdomens hus", "SE", True),
    ("study_association", "Studieförbundet Vuxenskolan", "SE", True),
    ("school", "Lycée Dupuy de Lôme", "FR", False),
    ("region", "Region Östergötland", "SE", False),
    ("national_agency", "Universitets- och högskolerådet", "SE", False),
    ("eu_institution", "Europeiska regionkommittén", "BE", False),
]
TITLES = [
    "Vänortsbesök i {city}",
    "Studiebesök om äldreomsorg i {city}",
    "Erasmus+ skolutbyte med {city}",
    "Konferens om klimatanpassning i {city}",
    "Nätverksmöte i {city}",
    "Ungdomsutbyte med vänorten {city}",
    "Projekt hållbar mobilitet med {city}",
    "Kulturutbyte med {city}",
    "Delegation från {city}",
]
FIRST = [
    "Anna",
    "Lars",
    "Maria",
    "Erik",
    "Karin",
    "Johan",
    "Sara",
    "Anders",
    "Eva",
    "Mikko",
    "Ingrid",
    "Piotr",
    "Liisa",
    "Hans",
    "Aino",
    "Jonas",
    "Elin",
    "Tomas",
    "Maja",
    "Ole",
]
LAST = [
    "Exempel",
    "Andersson",
    "Virtanen",
    "Hansen",
    "Nowak",
    "Schmidt",
    "Tamm",
    "Berzins",
    "Johansson",
    "Nielsen",
    "Korhonen",
    "Larsen",
    "Müller",
    "Kask",
    "Ozols",
    "Lind",
]
PROGRAMMES = [
    "Erasmus+",
    "Interreg Central Baltic",
    "Horizon Europe",
    "LIFE",
    "CERV",
    "Creative Europe",
]
EUR_RATE = Decimal("11.20")


@dataclass
class Totals:
    municipalities: int = 0
    activities: int = 0
    twin_towns: int = 0
    memberships: int = 0
    decisions: int = 0
    calls: int = 0
    contacts: int = 0


def generate(
    *,
    municipalities: int = 290,
    years: int = 10,
    last_year: int | None = None,
    seed: int = 16,
    log=None,
) -> Totals:
    """Write the national demo for the first `municipalities` of the country list (by code).

    Municipalities that already have bodies are left as they are, so a run that stopped
    can be started again. Returns what was written.
    """
    from samverkan.organisation.actions import load_municipalities
    from samverkan.organisation.models import Body, Municipality

    last_year = last_year or datetime.date.today().year
    first_year = last_year - years + 1
    if Municipality.objects.count() < 290:
        load_municipalities()
    chosen = list(Municipality.objects.order_by("code")[:municipalities])
    has_bodies = set(
        Body.objects.filter(municipality__in=chosen).values_list("municipality_id", flat=True)
    )
    password = _password_hash()
    totals = Totals()
    started = time.perf_counter()
    for number, municipality in enumerate(chosen, start=1):
        if municipality.pk in has_bodies:
            continue
        rng = random.Random(f"{seed}-{municipality.code}")
        with transaction.atomic():
            _municipality(municipality, rng, first_year, last_year, password, totals)
        totals.municipalities += 1
        if log and (number % 10 == 0 or number == len(chosen)):
            log(
                f"{number}/{len(chosen)} municipalities, {totals.activities} activities, "
                f"{time.perf_counter() - started:.0f} s"
            )
    return totals


# Stands for any municipality's code in the logins the command prints.
CODE = "<code>"


def coordinator_username(code: str) -> str:
    return f"coordinator-{code}"


def reader_username(code: str) -> str:
    return f"reader-{code}"


def _password_hash() -> str:
    from django.contrib.auth.hashers import make_password

    from samverkan.organisation.demo import demo_password

    # One hash for all: hashing is slow on purpose, and these are demo logins.
    return make_password(demo_password())


def _municipality(municipality, rng, first_year, last_year, password, totals):
    from samverkan.lib.actions import SYSTEM
    from samverkan.policy.actions import load_policy
    from samverkan.policy.pack import DEFAULT_PACK, read_pack

    bodies = _bodies(municipality)
    goals = _goals(municipality)
    load_policy(
        read_pack(DEFAULT_PACK), municipality, acting_user=SYSTEM, source_file=DEFAULT_PACK.name
    )
    _users(municipality, password)
    partners = _partners(municipality, rng)
    totals.contacts += _contacts(municipality, rng, partners["all"], first_year, last_year)
    decisions = _Decisions(municipality, bodies)
    twin_towns = _twin_towns(municipality, rng, partners["twins"], decisions, first_year, last_year)
    memberships = _memberships(
        municipality, rng, partners["networks"], bodies, decisions, first_year
    )
    for year in range(first_year, last_year + 1):
        for _number in range(DECISIONS_PER_YEAR):
            body = rng.choice(bodies["all"])
            kind = (
                "guidelines" if body.kind == "executive_board" and rng.random() < 0.1 else "other"
            )
            decisions.add(body, kind, _day(rng, year), "Beslut om internationellt samarbete")
    decisions.write()
    _participation(municipality, rng, memberships, first_year, last_year)
    totals.activities += _activities(
        municipality, rng, bodies, goals, partners, twin_towns, first_year, last_year
    )
    _trainings_and_resources(municipality, rng, bodies, first_year, last_year)
    _applications(municipality, rng, bodies, decisions, first_year, last_year)
    totals.calls += _calls(municipality, rng, last_year)
    totals.twin_towns += len(twin_towns)
    totals.memberships += len(memberships)
    totals.decisions += decisions.count


def _day(rng, year) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def _bodies(municipality):
    from samverkan.organisation.models import Body

    made = Body.objects.bulk_create(
        Body(
            municipality=municipality,
            kind=kind,
            name=name,
            abbreviation=abbreviation,
            administration=administration,
            description=DEMO_NOTE if administration else "",
        )
        for kind, name, abbreviation, administration in BODIES
    )
    return {
        "all": made,
        "council": made[0],
        "board": made[1],
        "committees": [body for body in made if body.kind == "committee"],
    }


def _goals(municipality):
    from samverkan.organisation.models import Goal

    def goal(level, code, title, parent=None):
        return Goal(
            municipality=municipality,
            level=level,
            code=code,
            title=title,
            parent=parent,
            valid_from_year=2015,
            valid_to_year=2035,
            description=DEMO_NOTE,
        )

    (vision,) = Goal.objects.bulk_create([goal(Goal.Level.VISION, "V", "En attraktiv kommun")])
    areas = Goal.objects.bulk_create(
        goal(Goal.Level.AREA, str(number), title, vision)
        for number, title in enumerate(GOALS, start=1)
    )
    return Goal.objects.bulk_create(
        goal(Goal.Level.GOAL, f"{area.code}.{number}", title, area)
        for area in areas
        for number, title in enumerate(GOALS[area.title], start=1)
    )


def _users(municipality, password):
    from django.contrib.auth import get_user_model

    from samverkan.organisation.models import Role, RoleAssignment

    User = get_user_model()
    people = [
        (coordinator_username(municipality.code), Role.COORDINATOR, "Kim"),
        (reader_username(municipality.code), Role.READER, "Leo"),
    ]
    users = User.objects.bulk_create(
        User(username=username, first_name=first, last_name="Exempel", password=password)
        for username, _role, first in people
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, municipality=municipality, role=role)
        for user, (_username, role, _first) in zip(users, people, strict=True)
    )


def _partners(municipality, rng):
    from samverkan.registry.models import Partner

    twins = rng.sample(CITIES, rng.randint(*TWIN_TOWNS))
    networks = rng.sample(NETWORKS, rng.randint(*MEMBERSHIPS))
    rows = [
        Partner(
            municipality=municipality,
            name=city,
            kind=Partner.Kind.MUNICIPALITY,
            country=country,
            city=city,
            description=DEMO_NOTE,
            is_demo=True,
        )
        for country, city in twins
    ]
    rows += [
        Partner(
            municipality=municipality,
            name=name,
            kind=Partner.Kind.NETWORK,
            country=country,
            description=DEMO_NOTE,
            is_demo=True,
        )
        for name, country in networks
    ]
    rows += [
        Partner(
            municipality=municipality,
            name=name,
            kind=kind,
            country=country,
            is_local_actor=local,
            description=DEMO_NOTE,
            is_demo=True,
        )
        for kind, name, country, local in OTHER_PARTNERS
    ]
    made = Partner.objects.bulk_create(rows)
    return {
        "all": made,
        "twins": list(zip(made[: len(twins)], twins, strict=True)),
        "networks": made[len(twins) : len(twins) + len(networks)],
        "others": made[len(twins) + len(networks) :],
    }


def _contacts(municipality, rng, partners, first_year, last_year) -> int:
    from samverkan.registry.models import Contact

    rows = []
    for number in range(CONTACTS):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows.append(
            Contact(
                municipality=municipality,
                partner=rng.choice(partners),
                name=f"{first} {last}",
                role_title="Kontaktperson",
                email=f"{first.lower()}.{number}@example.org",
                last_contact_on=_day(rng, rng.randint(first_year, last_year)),
                notes=DEMO_NOTE,
            )
        )
    Contact.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


class _Decisions:
    """Decisions of one municipality, numbered as the pack writes them and written at once."""

    def __init__(self, municipality, bodies):
        self.municipality = municipality
        self.bodies = bodies
        self.pending = []
        self.numbers: dict[tuple[int, int], int] = {}
        self.count = 0

    def add(self, body, decision_type, day, title):
        from samverkan.registry.models import Decision

        key = (body.pk, day.year)
        self.numbers[key] = number = self.numbers.get(key, 0) + 1
        decision = Decision(
            municipality=self.municipality,
            body=body,
            decision_type=decision_type,
            meeting_date=day,
            registration_number=f"{day.year % 100:02d}/{body.abbreviation} {number:04d}",
            paragraph=number,
            title=title,
            text=DEMO_NOTE,
            is_demo=True,
        )
        self.pending.append(decision)
        return decision

    def write(self):
        from samverkan.registry.models import Decision

        Decision.objects.bulk_create(self.pending, batch_size=BATCH)
        self.count += len(self.pending)
        self.pending = []


def _twin_towns(municipality, rng, twins, decisions, first_year, last_year):
    from samverkan.registry.models import DecisionType, TwinTown

    rows = []
    for partner, (_country, city) in twins:
        day = _day(rng, rng.randint(first_year - 30, last_year - 1))
        decision = decisions.add(
            decisions.bodies["council"],
            DecisionType.TWIN_TOWN_RELATION,
            day,
            f"Vänortsrelation med {city}",
        )
        rows.append(
            TwinTown(
                municipality=municipality,
                partner=partner,
                status=TwinTown.Status.ACTIVE,
                since=day,
                decision=decision,
                last_reviewed_on=_day(rng, last_year - 1),
                description=DEMO_NOTE,
                purpose="Utbyte mellan skolor och förvaltningar.",
                administration_benefit="Förvaltningarna lär av varandra.",
                long_term_commitment="Ett långsiktigt åtagande.",
                nordic_european_link="En europeisk stad.",
                resources_needed="Resor och tid.",
                committee_opinions="Nämnderna tillstyrker.",
                is_demo=True,
            )
        )
    decisions.write()  # the twin towns refer to their decisions
    for twin_town in rows:
        twin_town.decision_id = twin_town.decision.pk
    return TwinTown.objects.bulk_create(rows)


def _memberships(municipality, rng, networks, bodies, decisions, first_year):
    from samverkan.registry.models import DecisionType, NetworkMembership

    rows, participating = [], []
    for organisation in networks:
        day = _day(rng, rng.randint(first_year - 10, first_year + 5))
        if rng.random() < 0.2:
            committee = rng.choice(bodies["committees"])
            scope, decider = NetworkMembership.Scope.COMMITTEE, committee
            decision_type = DecisionType.MEMBERSHIP_COMMITTEE
        else:
            committee, scope, decider = None, NetworkMembership.Scope.MUNICIPALITY, bodies["board"]
            decision_type = DecisionType.MEMBERSHIP_MUNICIPALITY
        decision = decisions.add(decider, decision_type, day, f"Medlemskap i {organisation.name}")
        rows.append(
            NetworkMembership(
                municipality=municipality,
                organisation=organisation,
                scope=scope,
                committee=committee,
                started_on=day,
                decision=decision,
                description=DEMO_NOTE,
                is_demo=True,
            )
        )
        participating.append(rng.sample(bodies["committees"], rng.randint(1, 3)))
    decisions.write()
    for membership in rows:
        membership.decision_id = membership.decision.pk
    made = NetworkMembership.objects.bulk_create(rows)
    through = NetworkMembership.participating_committees.through
    through.objects.bulk_create(
        through(networkmembership_id=membership.pk, body_id=body.pk)
        for membership, committees in zip(made, participating, strict=True)
        for body in committees
    )
    return made


def _participation(municipality, rng, memberships, first_year, last_year):
    from samverkan.registry.models import ParticipationEntry

    ParticipationEntry.objects.bulk_create(
        (
            ParticipationEntry(
                municipality=municipality,
                membership=membership,
                occurred_on=_day(rng, year),
                description="Årsmöte.",
            )
            for membership in memberships
            for year in range(max(first_year, membership.started_on.year), last_year + 1)
            if rng.random() < 0.8
        ),
        batch_size=BATCH,
    )


def _insert(model, rows: list[dict]) -> None:
    """Insert `rows` (field attnames to values; the rest take their defaults) with one
    prepared statement: at 600,000 rows the ORM's per-object work would be most of the time.
    The database's triggers (the activity search index) run as for any insert."""
    from django.db import connection

    if not rows:
        return
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.generated
    ]
    defaults = {field.attname: field.get_default() for field in fields}
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    values = [
        [
            field.get_db_prep_save(row.get(field.attname, defaults[field.attname]), connection)
            for field in fields
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        for offset in range(0, len(values), BATCH):
            cursor.executemany(sql, values[offset : offset + BATCH])


def _activities(municipality, rng, bodies, goals, partners, twin_towns, first_year, last_year):
    from samverkan.activities.models import Activity, ActivityCountry, FundingLine
    from samverkan.registry import countries

    kinds, statuses = Activity.Kind.values, Activity.Status.values
    places = [(partner.country.code, partner.city) for partner, _twin in partners["twins"]]
    places += [(code, city) for code, city in rng.sample(CITIES, 8)]
    committees = [body.pk for body in bodies["all"][1:]]
    activities, extras = [], []
    for year in range(first_year, last_year + 1):
        for number in range(ACTIVITIES_PER_YEAR):
            code, city = rng.choice(places)
            start = _day(rng, year)
            eu_funded = rng.random() < 0.2
            amount = Decimal(rng.randrange(1_000, 100_000)) if eu_funded else None
            external_id = f"national-{year}-{number}"
            extras.append((external_id, code, amount, start))
            activities.append(
                {
                    "municipality_id": municipality.pk,
                    "title": rng.choice(TITLES).format(city=city),
                    "description": DEMO_NOTE,
                    "committee_id": rng.choice(committees),
                    "kind": rng.choice(kinds),
                    "status": rng.choice(statuses) if year == last_year else "completed",
                    "start_date": start,
                    "end_date": start + datetime.timedelta(days=rng.randrange(1, 30)),
                    "participants_elected": rng.randrange(4),
                    "participants_employees": rng.randrange(10),
                    "participants_residents": rng.randrange(5),
                    "participants_young": rng.randrange(30),
                    "own_costs": Decimal(rng.randrange(0, 200_000)),
                    "is_public": rng.random() < 0.8,
                    # What refresh_derived() keeps: a bulk insert sends no signals.
                    "eu_priority": eu_funded or countries.is_in(code, countries.EU, start),
                    "external_funding_sek": amount * EUR_RATE if eu_funded else Decimal(0),
                    "external_id": external_id,
                    "is_demo": True,
                }
            )
    _insert(Activity, activities)
    ids = dict(
        Activity.objects.filter(municipality=municipality, external_id__startswith="national-")
        .values_list("external_id", "pk")
        .iterator(chunk_size=BATCH)
    )
    twin_by_country = {twin.partner.country.code: twin.pk for twin in twin_towns}
    goal_ids = [goal.pk for goal in goals]
    partner_ids = [partner.pk for partner in partners["others"]]
    links = {name: [] for name in ("countries", "funding", "goals", "partners", "twin_towns")}
    for external_id, code, amount, start in extras:
        pk = ids[external_id]
        links["countries"].append(
            {"municipality_id": municipality.pk, "activity_id": pk, "country": code}
        )
        if amount is not None:
            links["funding"].append(
                {
                    "municipality_id": municipality.pk,
                    "activity_id": pk,
                    "source": FundingLine.Source.EU_PROGRAMME,
                    "programme": rng.choice(PROGRAMMES),
                    "amount": amount,
                    "currency": "EUR",
                    "exchange_rate": EUR_RATE,
                    "rate_date": start,
                    "amount_sek": amount * EUR_RATE,
                }
            )
        if rng.random() < 0.7:
            links["goals"].append({"activity_id": pk, "goal_id": rng.choice(goal_ids)})
        if rng.random() < 0.3:
            links["partners"].append({"activity_id": pk, "partner_id": rng.choice(partner_ids)})
        if code in twin_by_country and rng.random() < 0.5:
            links["twin_towns"].append({"activity_id": pk, "twintown_id": twin_by_country[code]})
    _insert(ActivityCountry, links["countries"])
    _insert(FundingLine, links["funding"])
    _insert(Activity.goals.through, links["goals"])
    _insert(Activity.partners.through, links["partners"])
    _insert(Activity.twin_towns.through, links["twin_towns"])
    return len(activities)


def _trainings_and_resources(municipality, rng, bodies, first_year, last_year):
    from samverkan.activities.models import Resource, Training

    Training.objects.bulk_create(
        Training(
            municipality=municipality,
            title="Utbildning i EU-kunskap",
            organiser="Europa Direkt",
            committee=rng.choice(bodies["committees"]),
            held_on=_day(rng, year),
            hours=Decimal(rng.choice([2, 4, 8])),
            participants_elected=rng.randrange(10),
            participants_employees=rng.randrange(25),
            description=DEMO_NOTE,
            is_demo=True,
        )
        for year in range(first_year, last_year + 1)
        for _number in range(TRAININGS_PER_YEAR)
    )
    Resource.objects.bulk_create(
        Resource(
            municipality=municipality,
            body=body,
            year=year,
            budget_sek=Decimal(rng.randrange(50, 500) * 1000),
            staff_fte=Decimal(rng.randrange(1, 20)) / 10,
            note=DEMO_NOTE,
            is_demo=True,
        )
        for year in range(first_year, last_year + 1)
        for body in bodies["all"][1:]
    )


def _applications(municipality, rng, bodies, decisions, first_year, last_year):
    from samverkan.applications.models import Application

    rows = []
    for year in range(first_year, last_year + 1):
        for _number in range(APPLICATIONS_PER_YEAR):
            status = rng.choice(["submitted", "granted", "rejected", "running"])
            applied = Decimal(rng.randrange(100, 2000) * 1000)
            granted = applied if status in ("granted", "running") else None
            submitted = _day(rng, year)
            rows.append(
                Application(
                    municipality=municipality,
                    title=f"Ansökan till {rng.choice(PROGRAMMES)} {year}",
                    description=DEMO_NOTE,
                    programme_name=rng.choice(PROGRAMMES),
                    lead_body=rng.choice(bodies["all"][1:]),
                    status=status,
                    currency="SEK",
                    amount_applied=applied,
                    amount_granted=granted,
                    # What the actions derive: SEK amounts, here the same (in SEK).
                    amount_applied_sek=applied,
                    amount_granted_sek=granted,
                    submitted_on=submitted,
                    decided_on=submitted + datetime.timedelta(days=90) if granted else None,
                    is_demo=True,
                )
            )
    Application.objects.bulk_create(rows, batch_size=BATCH)


def _calls(municipality, rng, last_year) -> int:
    from django.utils import timezone

    from samverkan.funding.models import Call

    now = timezone.now()
    rows = []
    for number in range(CALLS):
        programme = rng.choice(PROGRAMMES)
        opens = now + datetime.timedelta(days=rng.randrange(-200, 60))
        deadline = opens + datetime.timedelta(days=rng.randrange(30, 150))
        call = Call(
            municipality=municipality,
            reference=f"NATIONAL-{last_year}-{number:04d}",
            identifier=f"{programme.upper().replace(' ', '-')}-{last_year}-{number:03d}",
            title=f"{programme}: samarbete om {rng.choice(['klimat', 'skola', 'kultur', 'hälsa'])}",
            summary=DEMO_NOTE,
            type=Call.Type.GRANT,
            status_code=Call.OPEN_CODE,
            start_date=opens,
            deadlines=[deadline.isoformat()],
            next_deadline=deadline if deadline >= now else None,
            last_deadline=deadline,
            keywords=[programme],
            budget=Decimal(rng.randrange(1, 50) * 100_000),
            relevance=round(rng.random(), 3),
            first_seen=opens,
            last_updated=opens,
        )
        call.search_text = call.make_search_text()
        rows.append(call)
    Call.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
