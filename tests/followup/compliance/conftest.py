"""A municipality of its own with Motala's policy pack, for one indicator at a time.

`town` has a council, the executive board (KS) and two committees, and nothing else:
each test adds the few records its indicator counts and checks value and status.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

YEAR = 2024


@pytest.fixture
def town(demo):
    from samverkan.activities.models import Activity, ActivityCountry
    from samverkan.organisation.models import Body, Municipality
    from samverkan.policy.pack import DEFAULT_PACK, apply_pack, read_pack

    place = Municipality.objects.create(code="9997", name="Regelby", county=demo.motala.county)
    apply_pack(read_pack(DEFAULT_PACK), place)
    mine = {"municipality": place}
    council = Body.objects.create(**mine, kind=Body.Kind.COUNCIL, name="Fullmäktige")
    board = Body.objects.create(**mine, kind=Body.Kind.EXECUTIVE_BOARD, name="Styrelsen")
    a = Body.objects.create(**mine, kind=Body.Kind.COMMITTEE, name="Nämnd A")
    b = Body.objects.create(**mine, kind=Body.Kind.COMMITTEE, name="Nämnd B")

    def activity(title="Aktivitet", committee=None, start=None, codes=(), **fields):
        made = Activity.objects.create(
            **mine,
            title=title,
            committee=committee or a,
            start_date=start or datetime.date(YEAR, 5, 1),
            **fields,
        )
        for code in codes:
            ActivityCountry.objects.create(**mine, activity=made, country=code)
        made.refresh_derived()
        return made

    return SimpleNamespace(
        place=place,
        mine=mine,
        year=YEAR,
        council=council,
        board=board,
        a=a,
        b=b,
        activity=activity,
        money=Decimal,
    )
