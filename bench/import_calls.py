"""Benchmark: importing 20,000 calls from the portal's search-API pages.

    uv run python bench/import_calls.py                 # SQLite, in a file of its own
    uv run python bench/import_calls.py --postgres      # PostgreSQL (samverkan_bench_<name>)
    uv run python bench/import_calls.py --rows 2000 --runs 1

The target (issue 6): 20,000 calls imported in under 30 s. The records are the 724 real
ones of ../shared/data/eu-funding-tenders/sedia-pages copied with new references, written
as pages of 100 like the API's; each run reads the pages and writes every call anew
(created), then once more (unchanged). Scoring against the watch profiles is included.
"""

import argparse
import copy
import json
import statistics
import tempfile
import time
from pathlib import Path

from common import ROOT, configure, machine  # noqa: E402, F401

PAGES = ROOT / "tests" / "funding" / "data" / "sedia-pages"
SAMPLE = ROOT / "samverkan" / "funding" / "data" / "sedia-search-sample.json"


def real_records() -> list[dict]:
    files = sorted(PAGES.glob("*.json")) or [SAMPLE]
    records = []
    for file in files:
        records.extend(json.loads(file.read_text(encoding="utf-8"))["results"])
    return records


def make_records(rows: int) -> list[dict]:
    """`rows` search-API records shaped like the real ones, each with its own reference."""
    base = real_records()
    made = []
    for number in range(rows):
        record = copy.deepcopy(base[number % len(base)])
        record["reference"] = f"{record['reference']}-bench{number}"
        metadata = record["metadata"]
        metadata["identifier"] = [f"{metadata['identifier'][0]}-B{number}"]
        made.append(record)
    return made


def write_pages(records: list[dict], folder: Path, size: int = 100) -> None:
    for page, start in enumerate(range(0, len(records), size), 1):
        chunk = records[start : start + size]
        body = {"totalResults": len(records), "pageNumber": page, "pageSize": size}
        body["results"] = chunk
        (folder / f"page-{page}.json").write_text(json.dumps(body), encoding="utf-8")


def municipality():
    from samverkan.demo import create_organisation_demo as create_demo_data
    from samverkan.funding.actions import load_programmes
    from samverkan.funding.demo import PROFILES
    from samverkan.funding.matching import parse_keywords
    from samverkan.funding.models import WatchProfile
    from samverkan.organisation.models import Municipality

    create_demo_data()
    motala = Municipality.objects.get(code="0583")
    load_programmes(motala)
    if not WatchProfile.objects.filter(municipality=motala).exists():
        for name, words in PROFILES.values():
            WatchProfile.objects.create(
                municipality=motala, name=name, keywords=parse_keywords(words)
            )
    return motala


def import_once(motala, folder: str) -> tuple[float, str]:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    started = time.perf_counter()
    call_command("import_calls", folder, "--municipality", motala.code, stdout=out)
    return time.perf_counter() - started, out.getvalue().strip().splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    args = parser.parse_args()
    configure("import_calls", postgres=args.postgres, fresh=args.fresh)
    from django.db import connection

    from samverkan.funding.models import Call

    motala = municipality()
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}, {args.rows} calls in pages of 100")
    with tempfile.TemporaryDirectory() as folder:
        write_pages(make_records(args.rows), Path(folder))
        fresh, again = [], []
        for _ in range(args.runs):
            Call.objects.filter(municipality=motala).delete()
            seconds, summary = import_once(motala, folder)
            fresh.append(seconds)
            seconds, summary_again = import_once(motala, folder)
            again.append(seconds)
        print(f"  {summary}")
        print(f"  {summary_again}")
    print(f"import, all new:      median {statistics.median(fresh):6.2f} s  (runs: {args.runs})")
    print(f"import, all unchanged: median {statistics.median(again):6.2f} s")


if __name__ == "__main__":
    main()
