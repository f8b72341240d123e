"""Benchmark: the compliance dashboard (P1–P15) with 10,000 activities in the year.

    uv run python bench/compliance.py              # SQLite, in a file of its own
    uv run python bench/compliance.py --postgres   # PostgreSQL, database samverkan_bench_compliance
    uv run python bench/compliance.py --rows 2000 --runs 5

The target (issue 5): compliance under 0.5 s for a municipality with 10,000 activities in
the year. Measured three ways: compliance.dashboard() (every indicator of the pack, as the
API and the command compute it), the dashboard page through Django's test client
(middleware, session, queries and template, in-process, no network), and, for the
report, figures.overview(). Each prints the median of --runs and the number of queries.

The benchmark database is separate from the working one: a file under /tmp for SQLite,
or a database named samverkan_bench_compliance (made anew with --fresh) for PostgreSQL.
"""

import argparse
import datetime
import random
import statistics
import time
from decimal import Decimal

from common import configure, machine  # noqa: E402

YEAR = datetime.date.today().year - 1
PLACES = ["FI", "NO", "DK", "DE", "EE", "LV", "PL", "GB", "RS", "UA", "KE", "US"]


def seed(rows: int) -> None:
    """`rows` activities in YEAR (and a tenth as many in each of the four years before),
    with countries, goals and partners, as bulk inserts."""
    from samverkan.activities.models import Activity, ActivityCountry
    from samverkan.demo import create_full_demo
    from samverkan.organisation.models import Body, Goal, Municipality
    from samverkan.registry import countries
    from samverkan.registry.models import Partner

    create_full_demo()
    motala = Municipality.objects.get(code="0583")
    have = Activity.objects.filter(
        municipality=motala, external_id__startswith="bench-compliance-"
    ).count()
    wanted = rows + 4 * (rows // 10)
    if have >= wanted:
        return
    print(f"seeding {wanted - have} activities ...", flush=True)
    started = time.perf_counter()
    random.seed(5)
    committees = list(Body.objects.filter(municipality=motala).exclude(kind=Body.Kind.COUNCIL))
    goals = list(Goal.objects.filter(municipality=motala, level=Goal.Level.GOAL))
    partners = list(Partner.objects.filter(municipality=motala))
    batch = 5000
    for offset in range(have, wanted, batch):
        activities, places = [], []
        for number in range(offset, min(offset + batch, wanted)):
            year = YEAR if number < rows else YEAR - 1 - (number - rows) % 4
            start = datetime.date(year, 1, 1) + datetime.timedelta(days=random.randrange(365))
            code = random.choice(PLACES)
            places.append(code)
            activities.append(
                Activity(
                    municipality=motala,
                    title=f"Benchaktivitet {number}",
                    committee=random.choice(committees),
                    kind=random.choice(Activity.Kind.values),
                    start_date=min(start, datetime.date(year, 12, 31)),
                    participants_employees=random.randrange(10),
                    participants_young=random.randrange(30),
                    own_costs=Decimal(random.randrange(0, 200_000)),
                    eu_priority=countries.is_in(code, countries.EU, start),
                    external_id=f"bench-compliance-{number}",
                )
            )
        Activity.objects.bulk_create(activities, batch_size=1000)
        ids = dict(
            Activity.objects.filter(
                municipality=motala, external_id__in=[a.external_id for a in activities]
            ).values_list("external_id", "pk")
        )
        country_rows, goal_rows, partner_rows = [], [], []
        goal_through, partner_through = Activity.goals.through, Activity.partners.through
        for activity, code in zip(activities, places, strict=True):
            pk = ids[activity.external_id]
            country_rows.append(ActivityCountry(municipality=motala, activity_id=pk, country=code))
            if goals and random.random() < 0.8:
                goal_rows.append(goal_through(activity_id=pk, goal_id=random.choice(goals).pk))
            if partners and random.random() < 0.5:
                partner = random.choice(partners)
                partner_rows.append(partner_through(activity_id=pk, partner_id=partner.pk))
        ActivityCountry.objects.bulk_create(country_rows, batch_size=1000)
        goal_through.objects.bulk_create(goal_rows, batch_size=1000)
        partner_through.objects.bulk_create(partner_rows, batch_size=1000)
    print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(function, runs: int) -> tuple[float, float, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()  # warm caches
    times, count = [], 0
    for _ in range(runs):
        # The computation, not the figures' cache (samverkan/lib/changes.py).
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
        count = len(queries)
    return statistics.median(times), min(times), count


def measure(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from samverkan.activities.models import Activity
    from samverkan.followup import compliance, figures
    from samverkan.organisation.models import Municipality

    motala = Municipality.objects.get(code="0583")
    in_year = figures.year_activities(motala, YEAR).count()
    print(f"activities in {YEAR}: {in_year}; in all: {Activity.objects.count()}")
    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="reader"))
    url = reverse("compliance-dashboard", args=[YEAR])

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    print(f"{'measure':34} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for name, function in [
        ("compliance.dashboard()", lambda: compliance.dashboard(motala, YEAR)),
        ("dashboard page (test client)", page),
        ("figures.overview()", lambda: figures.overview(motala, YEAR)),
    ]:
        median, fastest, count = timed(function, runs)
        print(f"{name:34} {median:10.1f} {fastest:8.1f} {count:8d}")
    rows = compliance.dashboard(motala, YEAR)
    print(", ".join(f"{row.clause} {row.value}" for row in rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="activities in the year")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    args = parser.parse_args()
    configure("compliance", postgres=args.postgres, fresh=args.fresh)
    from django.db import connection

    seed(args.rows)
    analyse()
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}, {args.rows} bench activities in {YEAR} (+ demo)")
    measure(args.runs)


if __name__ == "__main__":
    main()
