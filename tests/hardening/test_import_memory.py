"""The spreadsheet import's memory is bounded: a small .xlsx that unpacks to ~390 MB (a zip
bomb of repeated cells) neither fills the memory nor gives a 500; the file is read once;
a user runs one import at a time.

Peak memory is measured in a child process (its maximum resident set size, Django and
everything included), so that nothing else in the test run counts.
"""

import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.activities.spreadsheets import reading
from samverkan.lib import locks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROOT = Path(__file__).resolve().parents[2]
UNPACKED_MB = 390
PEAK_LIMIT_MB = 300


def _workbook_parts(header) -> dict[str, bytes]:
    book = openpyxl.Workbook()
    book.active.append(header)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_bomb(path: Path, *, unpacked_mb: int = UNPACKED_MB, cells_per_row: int = 8) -> int:
    """An .xlsx whose sheet repeats the same row until it unpacks to `unpacked_mb`.

    The workbook's other parts are openpyxl's own; the sheet's XML is streamed into the
    archive, so neither the test nor the file holds the 390 MB. Returns the unpacked size.
    """
    header = ["Titel", "Nämnd", "Startdatum"] + [f"Kolumn {n}" for n in range(cells_per_row - 3)]
    parts = _workbook_parts(header)
    sheet = parts.pop("xl/worksheets/sheet1.xml").decode()
    start, end = sheet.index("<sheetData>") + len("<sheetData>"), sheet.index("</sheetData>")
    head, first_rows, tail = sheet[:start], sheet[start:end], sheet[end:]
    row = (
        "<row>"
        + '<c t="inlineStr"><is><t>Vänortsbesök</t></is></c>'
        + "<c><v>7</v></c>" * (cells_per_row - 1)
        + "</row>"
    )
    chunk = (row * (1024 * 1024 // len(row))).encode()
    total = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, data in parts.items():
            out.writestr(name, data)
            total += len(data)
        with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for piece in (head.encode(), first_rows.encode()):
                member.write(piece)
                total += len(piece)
            while total < unpacked_mb * 1024 * 1024:
                member.write(chunk)
                total += len(chunk)
            member.write(tail.encode())
            total += len(tail)
    return total


CHILD = textwrap.dedent(
    """
    import json, os, sys

    os.environ["DJANGO_SETTINGS_MODULE"] = "samverkan.settings"
    import django

    django.setup()
    from django.conf import settings

    from samverkan.activities.spreadsheets import reading

    if sys.argv[2] != "-":
        settings.SAMVERKAN_IMPORT_MAX_UNPACKED_MB = int(sys.argv[2])
    with open(sys.argv[1], "rb") as source:
        data = source.read()  # as the upload form reads it
    try:
        table = reading.read_table(data, "bomb.xlsx")
        outcome, rows = "read", len(table.rows)
    except reading.SpreadsheetError:
        outcome, rows = "refused", 0
    # VmHWM, the peak of this process's own memory: ru_maxrss is kept across execve on
    # Linux, so it would report the parent's (pytest's) peak instead.
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    peak = int(hwm.split()[1]) / 1024
    print(json.dumps({"outcome": outcome, "rows": rows, "peak_mb": peak}))
    """
)


def _read_in_child(path: Path, data_dir: Path, max_unpacked_mb: str = "-") -> dict:
    env = {**os.environ, "SAMVERKAN_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)  # reading needs no database
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), max_unpacked_mb],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    unpacked = write_bomb(path)
    assert unpacked >= UNPACKED_MB * 1024 * 1024
    assert path.stat().st_size < 2 * 1024 * 1024  # small on disk, huge unpacked
    return path


def test_a_workbook_that_unpacks_to_390_mb_is_refused_in_bounded_memory(bomb, tmp_path):
    measured = _read_in_child(bomb, tmp_path)
    assert measured["outcome"] == "refused"
    assert measured["peak_mb"] < PEAK_LIMIT_MB, measured


def test_the_bomb_is_streamed_in_bounded_memory_when_the_size_limit_allows_it(bomb, tmp_path):
    # With the unpacked-size limit raised past the bomb, reading streams the sheet and stops
    # at the row limit: memory stays bounded by the rows kept, not by the file.
    measured = _read_in_child(bomb, tmp_path, max_unpacked_mb="500")
    assert measured["outcome"] == "refused"  # more rows than an import takes
    assert measured["peak_mb"] < PEAK_LIMIT_MB, measured


def test_the_unpacked_size_limit_is_checked_before_parsing(settings, tmp_path):
    path = tmp_path / "small-bomb.xlsx"
    write_bomb(path, unpacked_mb=3)
    settings.SAMVERKAN_IMPORT_MAX_UNPACKED_MB = 2
    with pytest.raises(reading.SpreadsheetError):
        reading.read_table(path.read_bytes(), "small-bomb.xlsx")


def test_the_bomb_uploaded_on_the_page_is_a_form_error_not_a_500(client, demo, bomb):
    client.force_login(demo.users["editor"])
    before = set(reading_files())
    response = client.post(
        reverse("activity-import"),
        {"file": SimpleUploadedFile("bomb.xlsx", bomb.read_bytes(), content_type=XLSX)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert set(reading_files()) == before  # nothing kept


def test_cells_past_the_column_limit_are_not_kept(tmp_path):
    book = openpyxl.Workbook()
    width = reading.MAX_COLUMNS + 50
    book.active.append(["Titel", "Nämnd", "Startdatum"] + [f"K{n}" for n in range(width - 3)])
    book.active.append(["A", "BIN", "2025-01-01"] + ["x"] * (width - 3))
    buffer = io.BytesIO()
    book.save(buffer)
    table = reading.read_table(buffer.getvalue(), "wide.xlsx")
    assert all(len(cells) <= reading.MAX_COLUMNS for _number, cells in table.rows)
    assert table.notes


# Read once ------------------------------------------------------------------------------


def reading_files():
    from samverkan.activities.views.transfer import upload_dir

    return [path.name for path in upload_dir().iterdir()]


def _upload(client, data, name="a.xlsx"):
    return client.post(
        reverse("activity-import"),
        {"file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


def _small_workbook(demo) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Titel", "Nämnd", "Startdatum", "Typ", "Status"])
    book.active.append(
        ["Läst en gång", demo.own_committee.name, "2025-03-01", "Projekt", "Planerad"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_file_is_read_once_for_every_step(client, demo, monkeypatch):
    client.force_login(demo.users["editor"])
    response = _upload(client, _small_workbook(demo))
    assert response.status_code == 302
    token = response["Location"].split("/import/")[1].split("/")[0]

    def read_again(*args, **kwargs):
        raise AssertionError("the workbook was parsed again")

    monkeypatch.setattr(reading, "read_table", read_again)
    monkeypatch.setattr(reading, "_read_xlsx", read_again)
    assert client.get(reverse("activity-import-map", args=[token])).status_code == 200
    assert client.get(reverse("activity-import-preview", args=[token])).status_code == 200


def test_kept_rows_come_back_with_their_types(tmp_path):
    import datetime

    table = reading.Table(
        rows=[
            (1, ["Titel", "Start", "Tid", "Antal", "Belopp", None, True]),
            (
                3,
                [
                    "Å",
                    datetime.datetime(2025, 3, 1, 12, 30),
                    datetime.time(9, 15),
                    7,
                    12.5,
                    None,
                    False,
                ],
            ),
            (4, [datetime.date(2025, 1, 2), datetime.timedelta(hours=2), ["not", "a tag"][0]]),
        ],
        file_type="xlsx",
        sheet="Blad1",
        notes=["a note"],
    )
    path = tmp_path / "rows"
    reading.save_table(table, path)
    assert reading.load_table(path) == table


# One import at a time ---------------------------------------------------------------------


def test_a_user_runs_one_import_at_a_time(client, demo):
    client.force_login(demo.users["editor"])
    data = _small_workbook(demo)
    response = _upload(client, data)
    assert response.status_code == 302
    token = response["Location"].split("/import/")[1].split("/")[0]
    with locks.exclusive(f"activity-import-user-{demo.users['editor'].pk}"):
        assert _upload(client, data).status_code == 429
        assert client.get(reverse("activity-import-preview", args=[token])).status_code == 429
        # Another user is not held up.
        other = client_for(demo.users["coordinator"])
        assert _upload(other, data).status_code == 302
    assert _upload(client, data).status_code == 302


def client_for(user):
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other
