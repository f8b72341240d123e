"""An import runs as a background job: the page queues it, the job's page shows a labelled
progress bar that follows the worker (htmx polling, no inline script) and ends with the
outcome. The worker is the real one (`samverkan worker --batch`) on the real database;
every page state is checked with axe-core."""

from pathlib import Path

import pytest
from django.core.management import call_command

from samverkan.activities.models import Activity
from samverkan.operations.models import Job

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parent.parent / "activities" / "data"
SUBMIT = "main form.record-form button[type=submit]"


def test_an_import_shows_its_progress_until_done(page, site, login, visit, follow, check_page):
    before = list(Activity.objects.filter(municipality=site.motala).values_list("pk", flat=True))
    imported = Activity.objects.filter(municipality=site.motala).exclude(pk__in=before)
    login(page, "editor")
    visit(page, "/activities/import/")
    page.set_input_files("#id_file", str(DATA / "messy_committee_fixed.xlsx"))
    follow(page, page.locator(SUBMIT))
    page.select_option("#id_column_7", "participants_employees")
    follow(page, page.locator(SUBMIT))
    assert page.locator("main table.import-changes tbody tr").count() == 5
    follow(page, page.locator(SUBMIT))

    # The job's page: queued, with a progress bar that has a name, polling for news.
    job = Job.objects.get(requested_by=site.users["editor"])
    assert page.url.endswith(f"/jobs/{job.pk}/")
    status = page.locator("main #job-status")
    assert status.get_attribute("data-status") == "queued"
    progress = page.get_by_role("progressbar")
    assert progress.count() == 1
    assert page.locator("label[for=job-progress]").inner_text().strip()
    assert not imported.exists()

    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    # The page learns it by itself (the next poll) and shows the outcome.
    page.locator("main #job-status[data-status=done]").wait_for(timeout=15_000)
    assert page.get_by_role("progressbar").get_attribute("value") == "100"
    message = page.locator("main #job-status [role=status]").inner_text()
    assert "5" in message and "messy_committee_fixed.xlsx" in message
    check_page(page)
    assert imported.count() == 5
    assert {a.committee_id for a in imported} == {site.motala_committee.pk}

    follow(page, page.locator("main #job-status a.button"))
    assert page.url.endswith("/activities/")
