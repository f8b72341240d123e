"""Benchmark: the activity list page with 100,000 activities in one municipality.

    uv run python bench/activity_list.py              # SQLite, in a file of its own
    uv run python bench/activity_list.py --postgres   # PostgreSQL (samverkan_bench_activities)
    uv run python bench/activity_list.py --rows 20000 --runs 9

The target (issue 4): the filtered list under 100 ms server time, with a fixed number of
queries. Server time here is the whole request through Django's test client (middleware,
session, queries and template), measured in-process, without a network.

The benchmark database is separate from the working one: a file under /tmp for SQLite,
or a database named samverkan_bench_activities (made anew with --fresh) for PostgreSQL.
"""

import argparse
import datetime
import random
import re
import statistics
import time
from decimal import Decimal

from common import configure, machine  # noqa: E402

SCENARIOS = [
    ("no filter", {}),
    ("year", {"year": "2024"}),
    ("year + region EU + kind", {"year": "2024", "region": "eu", "kind": "project"}),
    ("committee, sorted by own costs", {"committee": "{committee}", "sort": "-own_costs"}),
    ("no goal + EU priority", {"goal": "none", "eu_priority": "1"}),
    ("country + public, page 40", {"country": "FI", "public": "1", "page": "40"}),
    ("full-text search", {"q": "vänort"}),
    # A word no row has: the worst case for a planner that walks the date index.
    ("full-text search, rare word", {"q": "zzzyx"}),
    ("full-text search, two words + year", {"q": "vänort hyvinge", "year": "2024"}),
]

TITLES = [
    "Vänortsbesök i {city}",
    "Studiebesök om äldreomsorg i {city}",
    "Erasmus+ skolutbyte med {city}",
    "Konferens om klimatanpassning i {city}",
    "Nätverksmöte Eurocities i {city}",
    "Ungdomsutbyte med vänorten {city}",
    "Projekt hållbar mobilitet med {city}",
]
PLACES = [
    ("FI", "Hyvinge"),
    ("NO", "Lillehammer"),
    ("DK", "Fredericia"),
    ("DE", "Hameln"),
    ("EE", "Viljandi"),
    ("LV", "Daugavpils"),
    ("PL", "Gdynia"),
    ("GB", "Leeds"),
    ("RS", "Novi Sad"),
    ("UA", "Lviv"),
    ("KE", "Kisumu"),
    ("US", "Minneapolis"),
]


def seed(rows: int) -> None:
    from samverkan.activities.models import Activity, ActivityCountry, FundingLine
    from samverkan.demo import create_organisation_demo as create_demo_data
    from samverkan.organisation.models import Body, Goal, Municipality
    from samverkan.registry import countries

    create_demo_data()
    motala = Municipality.objects.get(code="0583")
    have = Activity.objects.filter(municipality=motala).count()
    if have >= rows:
        return
    print(f"seeding {rows - have} activities ...", flush=True)
    started = time.perf_counter()
    random.seed(4)
    committees = list(Body.objects.filter(municipality=motala).exclude(kind=Body.Kind.COUNCIL))
    goals = list(Goal.objects.filter(municipality=motala, level=Goal.Level.GOAL))
    kinds = Activity.Kind.values
    statuses = Activity.Status.values
    first = datetime.date(2015, 1, 1)
    batch = 5000
    for offset in range(have, rows, batch):
        activities, places = [], []
        for number in range(offset, min(offset + batch, rows)):
            code, city = random.choice(PLACES)
            start = first + datetime.timedelta(days=random.randrange(12 * 365))
            eu_funded = random.random() < 0.2
            amount = Decimal(random.randrange(1_000, 100_000)) if eu_funded else None
            places.append((code, amount, start))
            activities.append(
                Activity(
                    municipality=motala,
                    title=random.choice(TITLES).format(city=city) + f" {number}",
                    committee=random.choice(committees),
                    kind=random.choice(kinds),
                    status=random.choice(statuses),
                    start_date=start,
                    participants_elected=random.randrange(4),
                    participants_employees=random.randrange(10),
                    participants_residents=random.randrange(5),
                    participants_young=random.randrange(30),
                    own_costs=Decimal(random.randrange(0, 200_000)),
                    is_public=random.random() < 0.8,
                    eu_priority=eu_funded or countries.is_in(code, countries.EU, start),
                    # What refresh_derived() stores; bulk creation sends no signals.
                    external_funding_sek=amount * Decimal("11.2") if eu_funded else 0,
                    external_id=f"bench-{number}",
                )
            )
        Activity.objects.bulk_create(activities, batch_size=1000)
        saved = Activity.objects.filter(
            municipality=motala, external_id__in=[a.external_id for a in activities]
        ).values_list("external_id", "pk")
        ids = dict(saved)
        country_rows, funding_rows, goal_rows = [], [], []
        through = Activity.goals.through
        for activity, (code, amount, _start) in zip(activities, places, strict=True):
            pk = ids[activity.external_id]
            country_rows.append(ActivityCountry(municipality=motala, activity_id=pk, country=code))
            if amount is not None:
                funding_rows.append(
                    FundingLine(
                        municipality=motala,
                        activity_id=pk,
                        source=FundingLine.Source.EU_PROGRAMME,
                        programme="Erasmus+",
                        amount=amount,
                        currency="EUR",
                        exchange_rate=Decimal("11.2"),
                        rate_date=_start,
                        amount_sek=amount * Decimal("11.2"),
                    )
                )
            if goals and random.random() < 0.6:
                goal_rows.append(through(activity_id=pk, goal_id=random.choice(goals).pk))
        ActivityCountry.objects.bulk_create(country_rows, batch_size=1000)
        FundingLine.objects.bulk_create(funding_rows, batch_size=1000)
        through.objects.bulk_create(goal_rows, batch_size=1000)
    print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)


def analyse() -> None:
    """Fresh planner statistics, as autovacuum (or SQLite's optimize) would keep them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from samverkan.organisation.models import Body, Municipality

    motala = Municipality.objects.get(code="0583")
    committee = Body.objects.filter(municipality=motala, kind=Body.Kind.COMMITTEE).first()
    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="reader"))
    url = reverse("activity-list")
    print(f"{'scenario':34} {'median ms':>10} {'min ms':>8} {'queries':>8} {'rows':>8}")
    for name, params in SCENARIOS:
        params = {k: v.format(committee=committee.pk) for k, v in params.items()}
        client.get(url, params)  # warm caches
        times = []
        for _ in range(runs):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        # The page's own total (the test client keeps no context outside tests).
        shown = re.search(r'data-total="count">([^<]*)<', response.content.decode())
        count = int(re.sub(r"\D", "", shown.group(1)))
        print(
            f"{name:34} {statistics.median(times):10.1f} {min(times):8.1f} "
            f"{len(queries):8d} {count:8d}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    args = parser.parse_args()
    configure("activities", postgres=args.postgres, fresh=args.fresh)
    from django.db import connection

    seed(args.rows)
    analyse()
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}, {args.rows} activities in one municipality")
    measure(args.runs)


if __name__ == "__main__":
    main()
