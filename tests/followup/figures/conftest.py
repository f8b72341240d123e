"""A small known dataset in a municipality of its own, for the overview figures.

Provkommun 9998 in 2024: three activities (two by Nämnd A, one by Nämnd B), one in 2023,
one in 2019 (outside the five-year window), trainings, a resource, a membership with
participation and a twin town with a dialogue note. The expected figures are written
out by hand in the tests.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

YEAR = 2024


@pytest.fixture
def known(demo):
    from samverkan.activities.models import (
        Activity,
        ActivityCountry,
        FundingLine,
        Resource,
        Training,
    )
    from samverkan.organisation.models import Body, Goal, Municipality
    from samverkan.policy.pack import DEFAULT_PACK, apply_pack, read_pack
    from samverkan.registry.models import (
        NetworkMembership,
        ParticipationEntry,
        Partner,
        TwinTown,
        TwinTownNote,
    )

    town = Municipality.objects.create(code="9998", name="Provkommun", county=demo.motala.county)
    apply_pack(read_pack(DEFAULT_PACK), town)
    mine = {"municipality": town}
    Body.objects.create(**mine, kind=Body.Kind.COUNCIL, name="Fullmäktige")
    board = Body.objects.create(**mine, kind=Body.Kind.EXECUTIVE_BOARD, name="Styrelsen")
    a = Body.objects.create(**mine, kind=Body.Kind.COMMITTEE, name="Nämnd A")
    b = Body.objects.create(**mine, kind=Body.Kind.COMMITTEE, name="Nämnd B")
    goal = Goal.objects.create(
        **mine, level=Goal.Level.GOAL, code="1.1", title="Lärande", valid_from_year=2020
    )
    university = Partner.objects.create(
        **mine, name="Universität Provstadt", kind=Partner.Kind.UNIVERSITY, country="DE"
    )
    association = Partner.objects.create(
        **mine,
        name="Provföreningen",
        kind=Partner.Kind.ASSOCIATION,
        country="SE",
        is_local_actor=True,
    )
    nordic_town = Partner.objects.create(
        **mine, name="Provby kommune", kind=Partner.Kind.MUNICIPALITY, country="NO"
    )
    network = Partner.objects.create(
        **mine, name="Provnätverket", kind=Partner.Kind.NETWORK, country="BE"
    )
    twin = TwinTown.objects.create(
        **mine, partner=nordic_town, status=TwinTown.Status.ACTIVE, since=datetime.date(1990, 1, 1)
    )
    TwinTownNote.objects.create(
        **mine, twin_town=twin, noted_on=datetime.date(YEAR, 2, 1), text="x"
    )
    membership = NetworkMembership.objects.create(
        **mine, organisation=network, started_on=datetime.date(2015, 1, 1)
    )
    ParticipationEntry.objects.create(
        **mine,
        membership=membership,
        occurred_on=datetime.date(YEAR, 4, 1),
        committee=b,
        description="Möte",
    )

    def activity(title, committee, start, codes=(), **fields):
        made = Activity.objects.create(
            **mine, title=title, committee=committee, start_date=start, **fields
        )
        for code in codes:
            ActivityCountry.objects.create(**mine, activity=made, country=code)
        made.refresh_derived()
        return made

    a1 = activity(
        "Skolprojekt",
        a,
        datetime.date(YEAR, 3, 1),
        ("DE", "FI"),
        kind=Activity.Kind.PROJECT,
        participants_elected=2,
        participants_employees=3,
        own_costs=Decimal("1000"),
    )
    a1.partners.add(university)
    a1.goals.add(goal)
    FundingLine.objects.create(
        **mine, activity=a1, source=FundingLine.Source.EU_PROGRAMME, amount=Decimal("5000")
    )
    a2 = activity(
        "Studiebesök i Provby",
        a,
        datetime.date(YEAR, 6, 1),
        ("NO",),
        kind=Activity.Kind.STUDY_VISIT,
        participants_residents=4,
        own_costs=Decimal("500"),
    )
    a2.partners.add(nordic_town)
    a2.twin_towns.add(twin)
    a3 = activity(
        "Konferens i Boston",
        b,
        datetime.date(YEAR, 9, 1),
        ("US",),
        kind=Activity.Kind.CONFERENCE,
        participants_young=10,
        own_costs=Decimal("250.50"),
    )
    a3.partners.add(association)
    a3.memberships.add(membership)
    FundingLine.objects.create(
        **mine, activity=a3, source=FundingLine.Source.NATIONAL_PROGRAMME, amount=Decimal("1000")
    )
    FundingLine.objects.create(
        **mine, activity=a3, source=FundingLine.Source.OWN, amount=Decimal("99")
    )
    activity("Förra året", b, datetime.date(YEAR - 1, 5, 1), ("DE",), own_costs=Decimal("7"))
    activity("Länge sedan", b, datetime.date(YEAR - 5, 5, 1), ("DE",))
    Training.objects.create(
        **mine,
        title="EU-kunskap",
        committee=a,
        held_on=datetime.date(YEAR, 2, 2),
        hours=Decimal("2.5"),
        participants_elected=3,
        participants_employees=5,
    )
    Training.objects.create(
        **mine,
        title="Förra årets kurs",
        held_on=datetime.date(YEAR - 1, 2, 2),
        hours=Decimal("1"),
        participants_elected=100,
    )
    Resource.objects.create(
        **mine, body=a, year=YEAR, budget_sek=Decimal("10000"), staff_fte=Decimal("0.5")
    )
    return SimpleNamespace(
        town=town,
        year=YEAR,
        board=board,
        a=a,
        b=b,
        goal=goal,
        twin=twin,
        membership=membership,
        activities=[a1, a2, a3],
    )
