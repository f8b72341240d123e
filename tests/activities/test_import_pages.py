"""The import pages: upload → map the columns → preview with each row's problems → import."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.management.commands import db_worker

from samverkan.activities.models import Activity

DATA = Path(__file__).parent / "data"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def ours(demo):
    """The activities a test imports (the demo already has Motala's own)."""
    before = list(Activity.objects.filter(municipality=demo.motala).values_list("pk", flat=True))
    return lambda: Activity.objects.filter(municipality=demo.motala).exclude(pk__in=before)


@pytest.fixture
def editor(client, demo):
    client.force_login(demo.users["editor"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def run_worker(monkeypatch):
    """The real worker runs the queued import in this test's transaction, then stops
    (keeping the test's connection open: tests/operations/test_background_tasks.py)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command(
        "worker", batch=True, startup_delay=False, reload=False, verbosity=0
    )


def _upload(client, name, data, content_type=XLSX):
    return client.post(
        reverse("activity-import"),
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
    )


def _token(response):
    assert response.status_code == 302, (
        getattr(response, "context", None) and response.context["form"].errors
    )
    return response["Location"].split("/import/")[1].split("/")[0]


def _mapping(response):
    form = response.context["form"]
    return {name: form[name].value() for name in form.fields}


def test_editor_uploads_messy_file_maps_sees_errors_fixes_and_imports(
    editor, demo, ours, run_worker
):
    response = _upload(editor, "messy.xlsx", (DATA / "messy_committee.xlsx").read_bytes())
    token = _token(response)
    page = editor.get(reverse("activity-import-map", args=[token]))
    assert page.status_code == 200
    mapping = _mapping(page)
    assert mapping["column_0"] == "title" and mapping["column_3"] == "start_date"
    assert mapping["column_7"] == "ignore"  # "Antal deltagare": which participants?
    mapping["column_7"] = "participants_employees"
    response = editor.post(reverse("activity-import-map", args=[token]), mapping)
    assert response.status_code == 302
    preview = editor.get(response["Location"])
    assert preview.status_code == 200
    problems = [(p.row, p.column, p.value) for p in preview.context["report"].problems]
    assert problems == [
        (7, "B (Nämnd)", "Bildningsnämden"),
        (8, "E (Till)", "13.5.2025"),
        (11, "G (Kostnad (kr))", "ca 5 000"),
    ]
    html = preview.content.decode()
    assert "did you mean &#x27;Bildningsnämnden&#x27;?" in html
    assert "Upload the corrected file" in html
    # A POST to import anyway starts a job that writes nothing and lists the problems.
    response = editor.post(reverse("activity-import-preview", args=[token]))
    assert response.status_code == 302
    run_worker()
    job = editor.get(response["Location"])
    assert job.context["job"].status == "failed"
    assert [p["row"] for p in job.context["job"].result["problems"]] == [7, 8, 11]
    assert not ours().exists()

    # The corrected file: the mapping is remembered.
    response = _upload(editor, "fixed.xlsx", (DATA / "messy_committee_fixed.xlsx").read_bytes())
    token = _token(response)
    page = editor.get(reverse("activity-import-map", args=[token]))
    assert _mapping(page)["column_7"] == "participants_employees"
    response = editor.post(reverse("activity-import-map", args=[token]), _mapping(page))
    preview = editor.get(response["Location"])
    report = preview.context["report"]
    assert report.ok and report.created == 5
    response = editor.post(reverse("activity-import-preview", args=[token]))
    assert response.status_code == 302
    assert not ours().exists()  # queued: the worker imports
    run_worker()
    job = editor.get(response["Location"])
    assert job.context["job"].status == "done"
    assert job.context["job"].next_url == reverse("activity-list")
    assert "5 new, 0 updated, 0 unchanged" in job.content.decode()
    assert ours().count() == 5
    assert Activity.history.filter(history_user=demo.users["editor"]).count() == 5
    # The upload is gone once imported.
    assert editor.get(reverse("activity-import-preview", args=[token])).status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "The submitted file is empty."),
        ("blank.csv", b"\n\n  \n", "The file is empty."),
        ("report.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n\x00\x00", "not a spreadsheet"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel file"),
    ],
)
def test_bad_files_are_refused_on_the_form(editor, name, data, message):
    response = _upload(editor, name, data, "application/octet-stream")
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])


def test_too_many_rows_is_refused_on_the_form(editor, settings):
    settings.SAMVERKAN_IMPORT_MAX_ROWS = 100
    text = "Titel;Nämnd;Startdatum\n" + "A;BIN;2025-01-01\n" * 101
    response = _upload(editor, "big.csv", text.encode(), "text/csv")
    assert "more than 100 rows" in " ".join(response.context["form"].errors["file"])


def test_mapping_must_name_each_field_once_and_the_required_ones(editor):
    token = _token(
        _upload(editor, "a.csv", b"Titel;Namn;Startdatum\nA;BIN;2025-01-01\n", "text/csv")
    )
    url = reverse("activity-import-map", args=[token])
    response = editor.post(
        url, {"column_0": "title", "column_1": "title", "column_2": "start_date"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "already chosen" in errors["column_1"][0]
    assert "Choose a column for: responsible committee" in errors["__all__"][0]


def test_reader_may_not_import_and_uploads_belong_to_their_session(client, demo, editor):
    token = _token(
        _upload(editor, "a.csv", "Titel;Nämnd;Startdatum\nA;BIN;2025-01-01\n".encode(), "text/csv")
    )
    other = type(client)()
    other.force_login(demo.users["coordinator"])
    assert other.get(reverse("activity-import-map", args=[token])).status_code == 404
    reader = type(client)()
    reader.force_login(demo.users["reader"])
    assert reader.get(reverse("activity-import")).status_code == 403
    assert editor.get(reverse("activity-import-map", args=["..etc"])).status_code == 404


def test_preview_queries_do_not_grow_with_rows(editor):
    def queries(rows):
        text = "Titel;Nämnd;Startdatum;Land;Kostnad\n" + "".join(
            f"Resa {i};BIN;2035-01-{1 + i % 28:02d};Tyskland;1 000\n" for i in range(rows)
        )
        token = _token(_upload(editor, "a.csv", text.encode(), "text/csv"))
        editor.post(
            reverse("activity-import-map", args=[token]),
            {
                f"column_{i}": k
                for i, k in enumerate(
                    ["title", "committee", "start_date", "countries", "own_costs"]
                )
            },
        )
        with CaptureQueriesContext(connection) as context:
            response = editor.get(reverse("activity-import-preview", args=[token]))
        assert response.context["report"].created == rows
        return len(context.captured_queries)

    assert queries(3) == queries(60)
