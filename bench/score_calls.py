"""Benchmark: scoring 20,000 calls against 50 goals' watch profiles.

    uv run python bench/score_calls.py                 # SQLite, in a file of its own
    uv run python bench/score_calls.py --postgres      # PostgreSQL (samverkan_bench_<name>)
    uv run python bench/score_calls.py --rows 2000 --runs 1

The target (issue 6): under 10 s. Fifty watch profiles (one per goal) of ten weighted
keywords each, Swedish and English; every run clears the scores first, so every call's
score and "why" is computed and written.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_calls import configure, machine, make_records, municipality  # noqa: E402

WORDS = [
    ("klimat", "climate"),
    ("energi", "energy"),
    ("vatten", "water"),
    ("skola", "school"),
    ("ungdom", "youth"),
    ("kultur", "culture"),
    ("demokrati", "democracy"),
    ("digital", "digital"),
    ("innovation", "innovation"),
    ("hälsa", "health"),
    ("migration", "migration"),
    ("transport", "transport"),
    ("cirkulär", "circular"),
    ("jämställdhet", "equality"),
    ("forskning", "research"),
    ("företag", "enterprise"),
    ("arbete", "employment"),
    ("landsbygd", "rural"),
    ("stad", "urban"),
    ("biologisk mångfald", "biodiversity"),
]


def profiles(motala, goals: int) -> None:
    from samverkan.funding.models import WatchProfile

    WatchProfile.objects.filter(municipality=motala).delete()
    for number in range(goals):
        keywords = []
        for offset in range(5):
            swedish, english = WORDS[(number + offset * 3) % len(WORDS)]
            weight = 1 + (number + offset) % 4
            keywords += [{"word": swedish, "weight": weight}, {"word": english, "weight": weight}]
        WatchProfile.objects.create(
            municipality=motala, name=f"Goal {number + 1}", keywords=keywords
        )


def seed(motala, rows: int) -> None:
    from samverkan.funding import importer
    from samverkan.funding.models import Call

    have = Call.objects.filter(municipality=motala).count()
    if have >= rows:
        return
    records = {}
    for raw in make_records(rows):
        record = importer.parse_search(raw)
        records[record["reference"]] = record
    importer.write_calls(motala, records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--goals", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    args = parser.parse_args()
    configure("score_calls", postgres=args.postgres, fresh=args.fresh)
    from django.db import connection

    from samverkan.funding.matching import score_calls
    from samverkan.funding.models import Call

    motala = municipality()
    seed(motala, args.rows)
    profiles(motala, args.goals)
    calls = Call.objects.filter(municipality=motala)
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}, {calls.count()} calls, {args.goals} watch profiles")
    times = []
    for _ in range(args.runs):
        calls.update(relevance=0, relevance_why=[])
        started = time.perf_counter()
        changed = score_calls(motala)
        times.append(time.perf_counter() - started)
    matched = calls.filter(relevance__gt=0).count()
    print(f"  {changed} calls scored, {matched} with at least one matched word")
    print(f"score all calls: median {statistics.median(times):6.2f} s  (runs: {args.runs})")


if __name__ == "__main__":
    main()
