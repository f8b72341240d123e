"""Benchmark: the "calls for us" page with 20,000 calls in one municipality.

    uv run python bench/calls_for_us.py                # SQLite, in a file of its own
    uv run python bench/calls_for_us.py --postgres     # PostgreSQL (samverkan_bench_<name>)
    uv run python bench/calls_for_us.py --rows 2000 --runs 3

The target (issue 6): under 200 ms server time, with a fixed number of queries. Server
time is the whole request through Django's test client, measured in-process.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_calls import configure, machine, municipality  # noqa: E402
from score_calls import profiles, seed  # noqa: E402

SCENARIOS = [
    ("default (relevance)", {}),
    ("sorted by deadline", {"sort": "deadline"}),
    ("status open", {"status": "open"}),
    ("deadline in 30 days", {"window": "30"}),
    ("programme Horizon Europe", {"programme": "{horizon}"}),
    ("followed only", {"mark": "followed"}),
    ("search one word", {"q": "climate"}),
    ("search, rare word", {"q": "zzzyx"}),
    ("page 40", {"page": "40"}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    args = parser.parse_args()
    configure("calls_for_us", postgres=args.postgres, fresh=args.fresh)
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from samverkan.funding.actions import mark_call
    from samverkan.funding.matching import score_calls
    from samverkan.funding.models import Call, CallMark, Programme

    motala = municipality()
    seed(motala, args.rows)
    if not Call.objects.filter(municipality=motala, relevance__gt=0).exists():
        profiles(motala, 50)
        score_calls(motala)
    user = get_user_model().objects.get(username="coordinator")
    if not CallMark.objects.filter(municipality=motala).exists():
        for call in Call.objects.filter(municipality=motala)[:: max(1, args.rows // 50)]:
            mark_call(call, "follow", acting_user=user)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    horizon = Programme.objects.get(municipality=motala, code="horizon-europe").pk
    setup_test_environment()  # the client keeps each response's context (for the row count)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("call-list")
    print(f"machine: {machine()}")
    print(
        f"database: {connection.vendor}, {Call.objects.filter(municipality=motala).count()} calls"
    )
    print(f"{'scenario':28} {'median ms':>10} {'min ms':>8} {'queries':>8} {'rows':>8}")
    for name, params in SCENARIOS:
        params = {k: v.format(horizon=horizon) for k, v in params.items()}
        client.get(url, params)
        times = []
        for _ in range(args.runs):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        count = response.context["page"].paginator.count if response.context else -1
        print(
            f"{name:28} {statistics.median(times):10.1f} {min(times):8.1f} "
            f"{len(queries):8d} {count:8d}"
        )


if __name__ == "__main__":
    main()
