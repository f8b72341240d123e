"""The compliance dashboard in the browser with the demo data: every clause P1–P15 with a
value, the status in words, the records behind a number, the year picker; axe-core checks
every page on the way."""

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser


def test_the_dashboard_shows_every_clause_with_values(new_page, site, login, visit, follow):
    year = timezone.localdate().year - 1  # the demo's round of yearly accounts
    reader = login(new_page(), "reader")
    visit(reader, "/follow-up/compliance/")
    assert reader.url.endswith(f"/follow-up/compliance/{year}/")
    rows = reader.locator("#compliance tbody tr")
    assert rows.count() == 16
    clauses = {rows.nth(i).locator("th").inner_text().split()[0] for i in range(rows.count())}
    assert clauses == {f"P{n}" for n in range(1, 16)}
    for i in range(rows.count()):
        value = rows.nth(i).locator("td").nth(1).inner_text().strip()
        assert value and value != "–", rows.nth(i).inner_text()
        assert rows.nth(i).get_attribute("data-status") != "no_data"

    # A number's records: P14's page lists the bodies it counts.
    follow(reader, reader.locator("#indicator-committees_without_resources a"))
    assert "/committees_without_resources/" in reader.url
    reader.go_back()

    # The activities behind the EU share: the activity list, filtered.
    follow(reader, reader.locator("#indicator-activities_eu_share a"))
    assert f"year={year}" in reader.url and "eu_priority=1" in reader.url

    # The year picker.
    visit(reader, f"/follow-up/compliance/{year}/")
    reader.select_option("#compliance-year", str(year - 1))
    follow(reader, reader.locator("form.filters button[type=submit]"))
    assert reader.url.endswith(f"/follow-up/compliance/{year - 1}/")
