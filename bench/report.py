"""Benchmark: the compiled yearly report (issue 5) with 10,000 activities in the year.

    uv run python bench/report.py              # SQLite, in a file of its own
    uv run python bench/report.py --postgres   # PostgreSQL, database samverkan_bench_report
    uv run python bench/report.py --rows 2000 --runs 3

Targets: the HTML page under 1 s, the DOCX under 2 s, the PDF under 5 s. Each format is
measured whole: the figures (figures.overview for the municipality and each approved
account's frozen figures), the charts and the map, and the layout. The HTML is the page
through Django's test client (middleware, session, template; in-process, no network);
DOCX and PDF are the download views. Prints the median and the fastest of --runs.

The benchmark database is separate from the working one: a file under /tmp for SQLite,
or a database named samverkan_bench_report (made anew with --fresh) for PostgreSQL.
"""

import argparse
import datetime
import random
import statistics
import time
from decimal import Decimal

from common import configure, machine  # noqa: E402

YEAR = datetime.date.today().year - 1
PLACES = ["FI", "NO", "DK", "DE", "EE", "LV", "PL", "GB", "RS", "UA", "KE", "US", "IT", "FR"]


def seed(rows: int) -> None:
    """The full demo, then `rows` activities in YEAR with a country each, as bulk inserts."""
    from samverkan.activities.models import Activity, ActivityCountry
    from samverkan.demo import create_full_demo
    from samverkan.organisation.models import Body, Municipality
    from samverkan.registry import countries

    create_full_demo()
    motala = Municipality.objects.get(code="0583")
    have = Activity.objects.filter(municipality=motala, external_id__startswith="bench-report-")
    have = have.count()
    if have >= rows:
        return
    print(f"seeding {rows - have} activities in {YEAR} ...", flush=True)
    started = time.perf_counter()
    random.seed(5)
    committees = list(Body.objects.filter(municipality=motala).exclude(kind=Body.Kind.COUNCIL))
    for offset in range(have, rows, 5000):
        activities, codes = [], []
        for number in range(offset, min(offset + 5000, rows)):
            code = random.choice(PLACES)
            start = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=random.randrange(365))
            codes.append(code)
            activities.append(
                Activity(
                    municipality=motala,
                    title=f"Utbyte {code} {number}",
                    committee=random.choice(committees),
                    kind=random.choice(Activity.Kind.values),
                    status=random.choice(Activity.Status.values),
                    start_date=start,
                    participants_employees=random.randrange(10),
                    participants_young=random.randrange(30),
                    own_costs=Decimal(random.randrange(0, 200_000)),
                    eu_priority=countries.is_in(code, countries.EU, start),
                    external_id=f"bench-report-{number}",
                )
            )
        Activity.objects.bulk_create(activities, batch_size=1000)
        ids = dict(
            Activity.objects.filter(
                municipality=motala, external_id__in=[a.external_id for a in activities]
            ).values_list("external_id", "pk")
        )
        ActivityCountry.objects.bulk_create(
            [
                ActivityCountry(municipality=motala, activity_id=ids[a.external_id], country=c)
                for a, c in zip(activities, codes, strict=True)
            ],
            batch_size=1000,
        )
    print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)


def measure(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from samverkan.followup.figures import overview
    from samverkan.organisation.models import Municipality

    motala = Municipality.objects.get(code="0583")
    print(f"activities in {YEAR}: {overview(motala, YEAR).activities}")
    client = Client(HTTP_HOST="localhost")
    user = get_user_model().objects.get(username="reader")
    client.force_login(user)
    targets = {"html": 1.0, "docx": 2.0, "pdf": 5.0}
    paths = {
        "html": f"/follow-up/report/{YEAR}/",
        "docx": f"/follow-up/report/{YEAR}/docx/",
        "pdf": f"/follow-up/report/{YEAR}/pdf/",
    }
    print(f"{'format':8} {'median s':>9} {'min s':>7} {'target s':>9} {'size kB':>8}")
    for fmt, path in paths.items():
        client.get(path)  # warm: imports, fonts, the map's outlines
        times = []
        for _ in range(runs):
            # The computation, not the figures' cache (samverkan/lib/changes.py).
            cache.clear()
            client.force_login(user)  # in case the session lives in the cache
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        median = statistics.median(times)
        verdict = "ok" if median < targets[fmt] else "SLOW"
        print(
            f"{fmt:8} {median:9.2f} {min(times):7.2f} {targets[fmt]:9.1f} "
            f"{len(response.content) / 1024:8.0f}  {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    args = parser.parse_args()
    configure("report", postgres=args.postgres, fresh=args.fresh)
    from django.db import connection

    seed(args.rows)
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}, {args.rows} benchmark activities in {YEAR}")
    measure(args.runs)


if __name__ == "__main__":
    main()
