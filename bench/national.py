"""Benchmark: every key page and API list at national scale, as one municipality's coordinator.

    uv run python bench/national.py              # SQLite, /tmp/samverkan_bench_national.sqlite3
    uv run python bench/national.py --postgres   # PostgreSQL (database samverkan_bench_national)
    uv run python bench/national.py --municipalities 20 --years 3 --runs 9   # smaller, quicker

The first run writes the national demo (`samverkan demo_data --scale national`: 290
municipalities, ten years, about 600,000 activities); later runs reuse it (--fresh starts
anew). Then, for each page, signed in as the coordinator of one municipality (the API with
a bearer token, the public pages anonymous), whole requests through Django's test client
in process: median and p95 server time (wall clock, and the request thread's CPU time,
which a busy shared machine disturbs less), the number of SQL queries, and the raw SQL time
of that page's own queries, captured from its last request and run again straight on the
connection (reads only), so the ratio page time / SQL time shows what Django, the
template and Python add. The compliance dashboard, the report, the activity and calls
lists and the activities API are measured twice: with what they keep under the data
version cached (as a reader finds them) and with the cache emptied before every request
(as the first reader after a change finds them).

Results go to bench/results/national-<sqlite|postgres>.json and a table is printed.
Targets (issue 16): p95 <= 100 ms, and <= 3 x raw SQL; no page's query count grows with
rows (compare the counts with tests/demo/test_national_scale.py's, at a few hundred rows).
"""

import argparse
import json
import statistics
import time
from pathlib import Path

from common import configure, machine  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MS = 100
TARGET_RATIO = 3


def seed(municipalities: int, years: int) -> None:
    from django.core.management import call_command

    from samverkan.organisation.models import Body

    if Body.objects.exists():
        return
    print(f"writing the national demo ({municipalities} municipalities, {years} years) ...")
    started = time.perf_counter()
    call_command("demo_data", scale="national", municipalities=municipalities, years=years)
    print(f"written in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        # Fresh planner statistics, as autovacuum (or SQLite's optimize) would keep them.
        cursor.execute("ANALYZE")


def pages(municipality, year: int) -> list[tuple[str, str, str]]:
    """(name, who, url): who is "session", "token" or "anonymous"."""
    from django.urls import reverse

    from samverkan.activities.models import Activity

    activity = Activity.objects.filter(municipality=municipality, start_date__year=year).first()
    code = municipality.code
    dashboard = reverse("compliance-dashboard", args=[year])
    report = reverse("account-report", args=[year])
    return [
        ("start page", "session", reverse("home")),
        ("activity list", "session", reverse("activity-list")),
        ("activity list, uncached", "session-cold", reverse("activity-list")),
        ("activity list, year", "session", reverse("activity-list") + f"?year={year}"),
        ("activity detail", "session", reverse("activity-detail", args=[activity.pk])),
        ("twin towns", "session", reverse("twintown-list")),
        ("memberships", "session", reverse("membership-list")),
        ("decisions", "session", reverse("decision-list")),
        ("calls list", "session", reverse("call-list")),
        ("calls list, uncached", "session-cold", reverse("call-list")),
        ("applications", "session", reverse("application-list")),
        ("compliance dashboard", "session", dashboard),
        ("compliance dashboard, uncached", "session-cold", dashboard),
        ("report HTML", "session", report),
        ("report HTML, uncached", "session-cold", report),
        ("GET /api/v1/activities", "token", "/api/v1/activities"),
        ("GET /api/v1/activities, uncached", "token-cold", "/api/v1/activities"),
        ("GET /api/v1/decisions", "token", "/api/v1/decisions"),
        ("GET /api/v1/calls", "token", "/api/v1/calls"),
        ("public: municipality", "anonymous", f"/m/{code}/"),
        ("public: activities", "anonymous", f"/m/{code}/activities/"),
        ("public: twin towns", "anonymous", f"/m/{code}/twin-towns/"),
    ]


def percentile(values: list[float], share: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


def raw_sql_ms(captured: list[dict], repeats: int) -> float:
    """The median time of running the page's reads again, straight on the connection."""
    from django.db import connection

    reads = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in reads:
                # The logged text has its parameters in; a literal % must reach the driver
                # as the text it is, with no parameters to fill.
                cursor.execute(sql.replace("%", "%%") if connection.vendor == "postgresql" else sql)
                cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(runs: int, year: int, code: str | None) -> tuple[dict, list[dict]]:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from samverkan.api.actions import create_token
    from samverkan.demo.national import coordinator_username
    from samverkan.organisation.models import Municipality, RoleAssignment

    chosen = (
        Municipality.objects.get(code=code)
        if code
        else RoleAssignment.objects.order_by("municipality__code").first().municipality
    )
    user = get_user_model().objects.get(username=coordinator_username(chosen.code))
    _row, token = create_token(user, name="bench")
    clients = {
        "session": Client(HTTP_HOST="localhost"),
        "token": Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {token}"),
        "anonymous": Client(HTTP_HOST="localhost"),
    }
    clients["session"].force_login(user)
    clients["session-cold"] = clients["session"]
    clients["token-cold"] = clients["token"]
    results = []
    heading = ["median", "p95", "CPU", "CPU p95", "SQL ms", "ratio", "queries", "status"]
    print(f"{'page':34} " + " ".join(f"{word:>7}" for word in heading))
    for name, who, url in pages(chosen, year):
        client = clients[who]
        client.get(url)  # warm: first-use imports, caches, the connection
        times, cpu_times, status = [], [], None
        for _ in range(runs):
            if who.endswith("-cold"):
                cache.clear()  # as the first reader after a change finds it
                if who == "session-cold":
                    client.force_login(user)  # the session may live in the cache
            with CaptureQueriesContext(connection) as captured:
                started, cpu = time.perf_counter(), time.thread_time()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu_times.append((time.thread_time() - cpu) * 1000)
            status = response.status_code
        median, p95 = statistics.median(times), percentile(times, 95)
        sql = raw_sql_ms(captured.captured_queries, 9)
        row = {
            "page": name,
            "url": url,
            "auth": who,
            "status": status,
            "median_ms": round(median, 1),
            "p95_ms": round(p95, 1),
            "cpu_median_ms": round(statistics.median(cpu_times), 1),
            "cpu_p95_ms": round(percentile(cpu_times, 95), 1),
            "queries": len(captured.captured_queries),
            "raw_sql_ms": round(sql, 2),
            "ratio": round(median / sql, 1) if sql else None,
            "meets_p95": p95 <= TARGET_MS,
            "meets_ratio": bool(sql) and median / sql <= TARGET_RATIO,
        }
        results.append(row)
        print(
            f"{name:34} {median:7.1f} {p95:7.1f} {row['cpu_median_ms']:7.1f} "
            f"{row['cpu_p95_ms']:7.1f} {sql:7.1f} {row['ratio'] or 0:7.1f} "
            f"{row['queries']:7d} {status:7d}",
            flush=True,
        )
    return {"code": chosen.code, "name": chosen.name}, results


def counts() -> dict:
    from samverkan.activities.models import Activity
    from samverkan.applications.models import Application
    from samverkan.funding.models import Call
    from samverkan.organisation.models import Body
    from samverkan.registry.models import Contact, Decision, NetworkMembership, TwinTown

    return {
        "municipalities": Body.objects.values("municipality").distinct().count(),
        "activities": Activity.objects.count(),
        "twin_towns": TwinTown.objects.count(),
        "memberships": NetworkMembership.objects.count(),
        "decisions": Decision.objects.count(),
        "calls": Call.objects.count(),
        "contacts": Contact.objects.count(),
        "applications": Application.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--code", help="the municipality to sign in to (default: the first)")
    parser.add_argument("--label", default="", help="a note kept with the results")
    parser.add_argument("--seed-only", action="store_true", help="write the data, measure nothing")
    args = parser.parse_args()
    configure("national", postgres=args.postgres, fresh=args.fresh)
    import datetime

    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False
    seed(args.municipalities, args.years)
    if args.seed_only:
        return
    year = datetime.date.today().year - 1  # the last whole year: what a report is made of
    described = machine()
    print(f"machine: {described}")
    print(f"database: {connection.vendor}")
    data = counts()
    print("rows: " + ", ".join(f"{key} {value}" for key, value in data.items()))
    municipality, results = measure(args.runs, year, args.code)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"national-{'postgres' if connection.vendor == 'postgresql' else 'sqlite'}.json"
    out.write_text(
        json.dumps(
            {
                "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "machine": described,
                "database": connection.vendor,
                "label": args.label,
                "rows": data,
                "municipality": municipality,
                "year": year,
                "runs": args.runs,
                "targets": {"p95_ms": TARGET_MS, "ratio": TARGET_RATIO},
                "pages": results,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"written to {out}")


if __name__ == "__main__":
    main()
