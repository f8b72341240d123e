"""A committee official imports the committee's own messy spreadsheet in the browser.

The issue's acceptance test: an editor of Bildningsnämnden uploads the list (merged
title rows, blank lines, Swedish number formats, a misspelt committee), maps the column
the import could not name, sees the row errors, uploads the corrected file (the mapping
is remembered) and imports; then exports the list. Every page is checked with axe-core.
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from samverkan.activities.models import Activity

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parent.parent / "activities" / "data"
SUBMIT = "main form.record-form button[type=submit]"


def test_committee_official_uploads_maps_fixes_and_imports(page, site, login, visit, follow):
    before = list(Activity.objects.filter(municipality=site.motala).values_list("pk", flat=True))
    imported = Activity.objects.filter(municipality=site.motala).exclude(pk__in=before)
    login(page, "editor")
    visit(page, "/activities/")
    follow(page, page.locator("main a[href='/activities/import/']"))

    page.set_input_files("#id_file", str(DATA / "messy_committee.xlsx"))
    follow(page, page.locator(SUBMIT))
    # The mapping page: recognised headings come chosen; "Antal deltagare" needs a choice.
    assert page.locator("#id_column_0").input_value() == "title"
    assert page.locator("#id_column_1").input_value() == "committee"
    assert page.locator("#id_column_7").input_value() == "ignore"
    page.select_option("#id_column_7", "participants_employees")
    follow(page, page.locator(SUBMIT))

    problems = page.locator("main table.import-problems tbody tr")
    assert problems.count() == 3
    first = problems.nth(0).inner_text()
    assert "Bildningsnämden" in first and "Bildningsnämnden" in first  # the suggestion
    assert "13.5.2025" in problems.nth(1).inner_text()
    assert "ca 5 000" in problems.nth(2).inner_text()
    assert page.locator(SUBMIT).count() == 0  # nothing to import until it is right
    assert not imported.exists()

    follow(page, page.locator("main a[href='/activities/import/']").first)
    page.set_input_files("#id_file", str(DATA / "messy_committee_fixed.xlsx"))
    follow(page, page.locator(SUBMIT))
    assert page.locator("#id_column_7").input_value() == "participants_employees"
    follow(page, page.locator(SUBMIT))
    assert page.locator("main table.import-problems").count() == 0
    assert page.locator("main table.import-changes tbody tr").count() == 5
    follow(page, page.locator(SUBMIT))

    # The import is a background job: its page follows the worker to the outcome.
    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    page.locator("main #job-status[data-status=done]").wait_for(timeout=15_000)
    assert "5" in page.locator("main #job-status [role=status]").inner_text()
    follow(page, page.locator("main #job-status a.button"))
    assert page.url.endswith("/activities/")
    assert imported.count() == 5
    assert {a.committee_id for a in imported} == {site.motala_committee.pk}
    assert imported.get(title="Studiebesök i Hyvinges skolor").participants_employees == 4

    listed = page.locator("main [data-total=count]").inner_text()
    follow(page, page.locator("main a[href^='/activities/export/']"))
    assert page.locator("main [data-total=count]").inner_text() == listed
    with page.expect_download() as download:
        page.locator("main a[href$='format=xlsx']").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_reader_sees_no_import_and_gets_a_clear_403(page, site, login, visit):
    login(page, "reader")
    visit(page, "/activities/")
    assert page.locator("main a[href='/activities/import/']").count() == 0
    visit(page, "/activities/import/", status=403)
