"""One year's yearly accounts in the browser, from the demo: the issue's acceptance test.

The coordinator opens the round and names a reporter; the committee editor writes and
submits; the coordinator returns the account with a comment; the editor resubmits; the
coordinator approves; then the compiled report. axe-core checks every page on the way.
"""

import pytest
from django.utils import timezone

from samverkan.followup.models import YearlyAccount

pytestmark = pytest.mark.browser

SAVE = "main form.record-form button[type=submit]"


def _account_path(account, action=""):
    return f"/follow-up/accounts/account/{account.pk}/{action}"


def test_a_year_from_drafts_to_the_compiled_report(new_page, site, login, visit, follow):
    year = timezone.localdate().year
    coordinator = login(new_page(), "coordinator")
    visit(coordinator, "/follow-up/accounts/")
    coordinator.fill("#id_year", str(year))
    follow(coordinator, coordinator.locator(SAVE))
    assert coordinator.url.endswith(f"/follow-up/accounts/{year}/")
    account = YearlyAccount.objects.get(round__year=year, body=site.motala_committee)
    assert account.status == "draft"

    # The coordinator names the committee editor as the reporter.
    follow(coordinator, coordinator.locator(f"a[href='{_account_path(account)}']"))
    coordinator.select_option("#id_reporter", str(site.users["editor"].pk))
    follow(coordinator, coordinator.locator("form[action$='/reporter/'] button"))
    account.refresh_from_db()
    assert account.reporter == site.users["editor"]

    # The editor writes every section, marks it ready and submits.
    editor = login(new_page(), "editor")
    visit(editor, _account_path(account))
    follow(editor, editor.locator(f"a[href='{_account_path(account, 'edit/')}']"))
    for name in YearlyAccount.SECTIONS:
        editor.fill(f"#id_{name}", f"Bildningsnämndens {name} för {year}.")
        editor.check(f"#id_{name}_ready")
    follow(editor, editor.locator(SAVE))
    follow(editor, editor.locator("form[action$='/submit/'] button"))
    account.refresh_from_db()
    assert account.status == "submitted" and account.sections_ready == 4

    # The coordinator returns it with a comment.
    visit(coordinator, _account_path(account))
    follow(coordinator, coordinator.locator(f"a[href='{_account_path(account, 'return/')}']"))
    coordinator.fill("#id_return_comment", "Beskriv resultaten för eleverna.")
    follow(coordinator, coordinator.locator(SAVE))
    account.refresh_from_db()
    assert account.status == "returned"

    # The editor sees the comment, improves the results and submits again.
    visit(editor, _account_path(account))
    assert "Beskriv resultaten för eleverna." in editor.locator("#return-comment").inner_text()
    follow(editor, editor.locator(f"a[href='{_account_path(account, 'edit/')}']"))
    editor.fill("#id_results", "Fyrtio elever deltog i utbyten med Daugavpils.")
    follow(editor, editor.locator(SAVE))
    follow(editor, editor.locator("form[action$='/submit/'] button"))
    account.refresh_from_db()
    assert account.status == "submitted"

    # The coordinator approves with the committee's decision; the figures freeze.
    visit(coordinator, _account_path(account))
    follow(coordinator, coordinator.locator(f"a[href='{_account_path(account, 'approve/')}']"))
    coordinator.fill("#id_decision_date", f"{year}-11-20")
    coordinator.fill("#id_decision_paragraph", "88")
    follow(coordinator, coordinator.locator(SAVE))
    account.refresh_from_db()
    assert account.status == "approved" and account.frozen_figures is not None

    # The board shows it approved; the compiled report has the account.
    visit(coordinator, f"/follow-up/accounts/{year}/")
    follow(coordinator, coordinator.locator(f"a[href='/follow-up/report/{year}/']").first)
    main = coordinator.locator("main")
    assert main.locator("h1").count() == 1
    assert "Fyrtio elever deltog i utbyten med Daugavpils." in main.inner_text()
    assert main.locator("img[src^='data:image/svg+xml']").count() >= 5
    # Last year's report from the demo, with three approved accounts.
    visit(coordinator, f"/follow-up/report/{year - 1}/")
    assert coordinator.locator("main h3", has_text="Kommunstyrelsen").count() == 1
