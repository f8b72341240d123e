"""Benchmark: importing a 10,000-row .xlsx of activities, dry run and real run.

    uv run python bench/import_activities.py [--rows 10000] [--runs 3]

Uses a fresh SQLite database in a temporary folder (or DATABASE_URL if set: then it
must be an empty database made for the benchmark, as it is migrated and written to).
Each figure is the median of several runs, from the file's bytes to the report, i.e.
reading the workbook, checking every row through ActivityForm and, for the real run,
writing every row with its history and countries in one transaction. Target: under
20 s for each on this machine.
"""

import argparse
import datetime
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if not os.environ.get("DATABASE_URL"):
    os.environ["SAMVERKAN_DATA_DIR"] = tempfile.mkdtemp(prefix="samverkan-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
os.environ.setdefault("SAMVERKAN_DEMO_PASSWORD", "bench-Passw0rd-not-secret")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from samverkan.activities.models import Activity  # noqa: E402
from samverkan.activities.spreadsheets import importer, reading  # noqa: E402
from samverkan.demo import create_organisation_demo as create_demo_data  # noqa: E402
from samverkan.organisation.models import Municipality  # noqa: E402

COMMITTEES = ["Bildningsnämnden", "socialnämnden", "BIN", "Kultur- och fritidsnämnden", "SBN"]
COUNTRIES = ["Tyskland", "Finland; Estland", "Polen", "Norge", "Lettland", "Frankrike, Italien"]
KINDS = ["Studiebesök", "Konferens", "Projekt", "Nätverksmöte", "Personalutbyte"]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def make_workbook(rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Aktiviteter")
    sheet.append(["Nämndens internationella aktiviteter"])
    sheet.append([])
    sheet.append(
        [
            "Titel", "Nämnd", "Typ", "Startdatum", "Slutdatum", "Land", "Kostnad (kr)",
            "Deltagare anställda", "Status", "Beskrivning",
        ]
    )  # fmt: skip
    start = datetime.date(2020, 1, 1)
    for i in range(rows):
        day = start + datetime.timedelta(days=i % 1800)
        sheet.append(
            [
                f"Aktivitet {i:05d}",
                COMMITTEES[i % len(COMMITTEES)],
                KINDS[i % len(KINDS)],
                day if i % 2 else day.strftime("%-d/%-m %Y"),
                (day + datetime.timedelta(days=3)).isoformat(),
                COUNTRIES[i % len(COUNTRIES)],
                f"{(i * 37) % 90000:,} kr".replace(",", " "),
                i % 20,
                "Genomförd" if i % 3 else "Planerad",
                "Ett utbyte om skolutveckling och digitalisering.",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(function) -> tuple[float, object]:
    began = time.perf_counter()
    result = function()
    return time.perf_counter() - began, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    create_demo_data()
    motala = Municipality.objects.get(code="0583")
    data = make_workbook(args.rows)
    print(f"{args.rows} rows, {len(data) / 1e6:.1f} MB .xlsx")

    def run(dry_run):
        table = reading.read_table(data, "bench.xlsx")
        report = importer.run_import(table, municipality=motala, dry_run=dry_run)
        assert report.ok, report.problems[:5]
        return report

    dry, real, again = [], [], []
    for _ in range(args.runs):
        seconds, report = timed(lambda: run(True))
        assert report.created == args.rows
        dry.append(seconds)
        seconds, report = timed(lambda: run(False))
        assert report.written and report.created == args.rows
        real.append(seconds)
        seconds, report = timed(lambda: run(False))
        assert report.unchanged == args.rows
        again.append(seconds)
        # Start the next run from an empty list (not timed).
        Activity.objects.filter(municipality=motala).delete()
        Activity.history.filter(municipality=motala).delete()

    database = django.db.connection.vendor
    print(f"machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}; database: {database}")
    for name, figures in (
        ("dry run", dry),
        ("real run (all new)", real),
        ("same file again (nothing changes)", again),
    ):
        shown = ", ".join(f"{s:.2f}" for s in figures)
        print(f"{name}: median {statistics.median(figures):.2f} s ({shown})")


if __name__ == "__main__":
    main()
