"""samverkan import_calls against real portal records (tests/funding/data), and bad input."""

import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from samverkan.funding import importer
from samverkan.funding.models import Call, Programme

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = Path(__file__).resolve().parents[2] / "samverkan" / "funding" / "data"
SAMPLE = SAMPLE / "sedia-search-sample.json"
PAGES = DATA / "sedia-pages"
UTC = datetime.UTC


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_calls", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def search_record(reference="REF-1", identifier="ERASMUS-EDU-2027-PI-ALL-INNO", **metadata):
    base = {
        "identifier": [identifier],
        "title": ["A test call about school exchange"],
        "type": ["1"],
        "status": ["31094502"],
        "frameworkProgramme": ["43353764"],
        "startDate": ["2026-10-01T00:00:00.000+0000"],
        "deadlineDate": ["2027-03-05T17:00:00.000+0000"],
    }
    base.update(metadata)
    return {"reference": reference, "url": "https://example.org/call", "metadata": base}


def write(tmp_path, records, name="page.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"totalResults": len(records), "results": records}))
    return path


@pytest.fixture
def place(demo):
    """A municipality without calls (Vadstena has the catalogue but no imported calls)."""
    return demo.vadstena


def test_all_real_pages_import_once_per_reference_and_again_unchanged(place):
    out, _ = run(PAGES, "--municipality", place.code)
    assert "724 records read (9 duplicates merged, 0 skipped)" in out
    assert "created 715, updated 0, unchanged 0" in out
    calls = Call.objects.for_municipality(place)
    assert calls.count() == 715
    out, _ = run(PAGES, "--municipality", place.code)
    assert "created 0, updated 0, unchanged 715" in out
    # Programme codes map to the catalogue: Erasmus+ records land on the Erasmus+ programme.
    erasmus = Programme.objects.get(municipality=place, code="erasmus-plus")
    assert calls.filter(framework_code="ERASMUS").count() == 8
    assert set(calls.filter(framework_code="ERASMUS").values_list("programme", flat=True)) == {
        erasmus.pk
    }
    # Several deadlines are kept, sorted; a few calls have none.
    multi = calls.get(deadlines__0="2021-09-22T17:00:00+00:00")
    assert len(multi.deadlines) == 7
    assert multi.last_deadline == datetime.datetime(2024, 9, 24, 17, tzinfo=UTC)
    assert calls.filter(deadlines=[]).count() == 5


def test_sample_fields_status_from_dates_and_next_deadline(place):
    run(SAMPLE, "--municipality", place.code)
    call = Call.objects.get(municipality=place, reference="15381COMPETITIVE_CALLen")
    assert call.identifier == "CREA-CULT-2025-COOP-UA-2"
    assert call.title == "Fostering Ukrainians’ access to culture and cultural heritage"
    assert call.type == "8" and call.status_code == "31094502"
    assert call.framework_code == "CREA"
    assert call.programme.code == "creative-europe"
    assert call.deadlines == ["2026-10-06T13:00:00+00:00"]
    # The portal still says open; after the deadline the dates say closed.
    before = datetime.datetime(2026, 9, 1, tzinfo=UTC)
    after = datetime.datetime(2026, 10, 7, tzinfo=UTC)
    assert call.derived_status(before) == Call.Status.OPEN
    assert call.derived_status(after) == Call.Status.CLOSED
    assert call.upcoming_deadline(before) == datetime.datetime(2026, 10, 6, 13, tzinfo=UTC)
    assert call.upcoming_deadline(after) is None


def test_multiple_deadlines_next_one_moves_on(place, tmp_path):
    record = search_record(
        deadlineDate=["2027-09-01T17:00:00.000+0000", "2027-02-01T17:00:00.000+0000"],
        deadlineModel=["multiple cut-off"],
    )
    read = importer.read_calls(str(write(tmp_path, [record])))
    now = datetime.datetime(2027, 1, 1, tzinfo=UTC)
    importer.write_calls(place, read.records, now=now)
    call = Call.objects.get(municipality=place, reference="REF-1")
    assert call.next_deadline == datetime.datetime(2027, 2, 1, 17, tzinfo=UTC)
    importer.refresh_next_deadlines(place, now=datetime.datetime(2027, 3, 1, tzinfo=UTC))
    call.refresh_from_db()
    assert call.next_deadline == datetime.datetime(2027, 9, 1, 17, tzinfo=UTC)
    assert call.deadline_model == "multiple cut-off"


def test_budget_takes_only_this_topics_entry_and_keywords_json_inside_list(place, tmp_path):
    overview = json.dumps(
        {
            "budgetTopicActionMap": {
                "1": [
                    {"action": "HORIZON-CL5-2027-01 - HORIZON-RIA", "budgetYearMap": {"2027": 5e6}},
                    {"action": "HORIZON-CL5-2027-02 - HORIZON-IA", "budgetYearMap": {"2027": 9e6}},
                ]
            }
        }
    )
    record = search_record(
        identifier="HORIZON-CL5-2027-01",
        budgetOverview=[overview],
        keywords=['["climate", "energy"]', "water", "climate"],
        unknownField=["ignored"],
    )
    read = importer.read_calls(str(write(tmp_path, [record])))
    importer.write_calls(place, read.records)
    call = Call.objects.get(municipality=place, reference="REF-1")
    assert call.budget == Decimal("5000000")
    assert call.keywords == ["climate", "energy", "water"]
    assert call.programme.code == "horizon-europe"


def test_bulk_grants_tenders_file(place, tmp_path):
    path = tmp_path / "grantsTenders.json"
    path.write_text(
        json.dumps(
            {
                "fundingData": {
                    "GrantTenderObj": [
                        {
                            "type": 1,
                            "identifier": "LIFE-2027-SAP-ENV",
                            "title": "Circular economy and quality of life",
                            "status": {"id": 31094501, "abbreviation": "Forthcoming"},
                            "frameworkProgramme": {"id": 43252405, "abbreviation": "LIFE"},
                            "deadlineDatesLong": [1797465600000],
                            "plannedOpeningDateLong": 1790000000000,
                            "somethingNew": True,
                        }
                    ]
                }
            }
        )
    )
    out, _ = run(path, "--municipality", place.code)
    assert "created 1" in out
    call = Call.objects.get(municipality=place, reference="LIFE-2027-SAP-ENV")
    assert call.programme.code == "life"
    assert call.status_code == "31094501"
    assert call.deadlines == ["2026-12-17T00:00:00+00:00"]
    assert call.start_date == datetime.datetime(2026, 9, 21, 14, 13, 20, tzinfo=UTC)


def test_truncated_json_is_rejected_and_nothing_written(place, tmp_path):
    path = tmp_path / "page.json"
    path.write_text(SAMPLE.read_text()[:5000])
    with pytest.raises(CommandError, match=r"not valid JSON .*truncated.*Nothing was imported"):
        run(path, "--municipality", place.code)
    assert not Call.objects.for_municipality(place).exists()


def test_one_bad_file_in_a_directory_rejects_all(place, tmp_path):
    write(tmp_path, [search_record()], "page-1.json")
    (tmp_path / "page-2.json").write_text('{"results": [')
    with pytest.raises(CommandError, match="page-2.json"):
        run(tmp_path, "--municipality", place.code)
    assert not Call.objects.for_municipality(place).exists()


def test_wrong_shape_is_rejected(place, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(CommandError, match="neither a search-API answer"):
        run(path, "--municipality", place.code)


def test_bad_records_reject_all_or_are_skipped_and_listed(place, tmp_path):
    records = [
        search_record("GOOD"),
        search_record("BAD-DATE", deadlineDate=["next Tuesday"]),
        search_record("BAD-TYPE", title={"en": "not a list"}),
        {"reference": "NO-META"},
        "not an object",
    ]
    path = write(tmp_path, records)
    with pytest.raises(CommandError) as error:
        run(path, "--municipality", place.code)
    message = str(error.value)
    assert "4 of 5 records cannot be read; nothing was imported" in message
    assert "unreadable date 'next Tuesday'" in message
    assert "metadata.title should be a list" in message
    assert "no 'metadata' object" in message
    assert not Call.objects.for_municipality(place).exists()
    out, err = run(path, "--municipality", place.code, "--skip-bad")
    assert "Skipped 4 bad records" in err and "record 2" in err
    assert "created 1" in out
    assert list(Call.objects.for_municipality(place).values_list("reference", flat=True)) == [
        "GOOD"
    ]


def test_odd_date_formats_and_past_deadline(place, tmp_path):
    records = [
        search_record("A", deadlineDate=["2027-03-05"], startDate=["05/01/2027"]),
        search_record("B", deadlineDate=["1797465600000"]),
        search_record("OLD", deadlineDate=["2020-01-01T00:00:00Z"]),
    ]
    out, _ = run(write(tmp_path, records), "--municipality", place.code)
    assert "created 3" in out
    assert "1 calls have all their deadlines in the past: they are shown as closed." in out
    calls = {c.reference: c for c in Call.objects.for_municipality(place)}
    assert calls["A"].deadlines == ["2027-03-05T00:00:00+00:00"]
    assert calls["A"].start_date == datetime.datetime(2027, 1, 5, tzinfo=UTC)
    assert calls["B"].deadlines == ["2026-12-17T00:00:00+00:00"]
    assert calls["OLD"].derived_status() == Call.Status.CLOSED


def test_duplicate_identifiers_are_different_calls_duplicate_references_one(place, tmp_path):
    records = [
        search_record("R1", identifier="CERV-2027-CITIZENS-TOWN"),
        search_record("R2", identifier="CERV-2027-CITIZENS-TOWN"),
        search_record("R1", identifier="CERV-2027-CITIZENS-TOWN", title=["Changed title"]),
    ]
    out, _ = run(write(tmp_path, records), "--municipality", place.code)
    assert "1 duplicates merged" in out and "created 2" in out
    assert Call.objects.get(municipality=place, reference="R1").title == "Changed title"


def test_update_changes_only_what_changed_and_dry_run_writes_nothing(place, tmp_path):
    run(write(tmp_path, [search_record()]), "--municipality", place.code)
    changed = search_record(title=["A new title"])
    out, _ = run(write(tmp_path, [changed]), "--municipality", place.code, "--dry-run")
    assert "would be created 0, updated 1" in out
    assert Call.objects.get(municipality=place).title == "A test call about school exchange"
    out, _ = run(write(tmp_path, [changed]), "--municipality", place.code)
    assert "updated 1" in out
    assert Call.objects.get(municipality=place).title == "A new title"


def test_url_needs_the_setting(place, settings):
    settings.SAMVERKAN_CALLS_FETCH_URLS = False
    with pytest.raises(CommandError, match="SAMVERKAN_CALLS_FETCH_URLS"):
        run("https://example.org/grantsTenders.json", "--municipality", place.code)


def test_unknown_municipality_and_missing_file(place):
    with pytest.raises(CommandError, match="No municipality with code 9999"):
        run(SAMPLE, "--municipality", "9999")
    with pytest.raises(CommandError, match="no such file"):
        run("/nonexistent/file.json", "--municipality", place.code)
