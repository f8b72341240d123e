"""Each role's day in the browser, from the start page to the task and back, on the demo.

The committee editor fills a part of their committee's yearly account and gives an
activity without a goal its goal (with the searchable pickers, by keyboard); the
coordinator goes from a deadline to the place where it is done, the rule violations and
the compliance dashboard; the reader goes from the year's key figures to an activity.
Every page on the way is checked by axe-core (the `visit` and `follow` fixtures), and a
screenshot of each step is kept in /tmp/screens for a person to look at.
"""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.browser

SCREENS = Path("/tmp/screens")
SAVE = "main form.record-form button[type=submit]"


def _open(new_page):
    """A page with room for a slow machine: the demo's pages are many and the machine shared."""
    page = new_page()
    page.set_default_timeout(60_000)
    return page


def _screenshot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def _start_page(page, follow):
    """Back to the start page the way a person goes: the site's name in the header."""
    return follow(page, page.locator("header .brand a"))


def _selected(page, select_id):
    return page.eval_on_selector(
        f"#{select_id}", "s => Array.from(s.selectedOptions).map(o => o.value)"
    )


def _pick(page, select_id, text):
    """Choose in a picker by keyboard alone: type into its box, Enter takes the first match."""
    box = page.locator(f"#{select_id}-ts-control")
    box.focus()
    box.press_sequentially(text)
    # The list follows the typing after a short pause: wait until the match is first.
    page.locator(f"#{select_id}-ts-dropdown .option.active", has_text=text).wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def test_the_committee_editors_day(new_page, site, login, visit, follow, check_page):
    from samverkan.activities.models import AGENDA_2030_GOALS, Activity
    from samverkan.followup.models import YearlyAccount

    # The demo gives every activity a goal: one of the committee's newest has lost its.
    forgotten = (
        Activity.objects.filter(municipality=site.motala, committee=site.motala_committee)
        .order_by("-start_date")
        .first()
    )
    forgotten.goals.clear()
    editor = login(_open(new_page), "editor")
    _screenshot(editor, "editor-1-start")
    account_item = editor.locator("main .todo ul.accounts li").first
    ready_before = int(account_item.get_attribute("data-ready"))
    parts = int(account_item.get_attribute("data-parts"))
    assert ready_before < parts, "the demo leaves the editor a part to write"

    # Their committee's account → its form → one more part written and marked ready.
    follow(editor, account_item.locator("a"))
    _screenshot(editor, "editor-2-account")
    follow(editor, editor.locator("main a[href$='/edit/']").first)
    account = YearlyAccount.objects.get(pk=editor.url.rstrip("/").split("/")[-2])
    part = next(name for name in YearlyAccount.SECTIONS if not getattr(account, f"{name}_ready"))
    editor.fill(f"#id_{part}", "Nämndens elever deltog i två utbyten.")
    editor.check(f"#id_{part}_ready")
    _screenshot(editor, "editor-3-account-form")
    follow(editor, editor.locator(SAVE))

    # Back on the start page, the progress has moved.
    _start_page(editor, follow)
    account_item = editor.locator("main .todo ul.accounts li").first
    assert int(account_item.get_attribute("data-ready")) == ready_before + 1
    _screenshot(editor, "editor-4-start-after-account")

    # An activity without a goal → its form → a goal and an Agenda 2030 goal, by keyboard.
    without_goal = editor.locator("main .todo ul.without-goal a").first
    activity = Activity.objects.get(pk=without_goal.get_attribute("href").split("/")[-3])
    assert activity == forgotten
    follow(editor, without_goal)
    assert editor.locator("main form.record-form fieldset legend").count() >= 5
    for picker in ("id_countries", "id_partners", "id_goals", "id_agenda_2030_goals"):
        assert editor.locator(f"#{picker}-ts-control[role=combobox]").count() == 1, picker
    goal = site.motala_goal
    _pick(editor, "id_goals", str(goal)[:14])
    assert str(goal.pk) in _selected(editor, "id_goals")
    with translation.override("sv"):
        health = str(dict(AGENDA_2030_GOALS)[3])
    box = editor.locator("#id_agenda_2030_goals-ts-control")
    box.focus()
    box.press_sequentially(health.split(":")[-1].strip()[:6])
    # The open list is checked by axe too: its options, their names and roles.
    editor.locator("#id_agenda_2030_goals-ts-dropdown .option.active", has_text=health).wait_for()
    check_page(editor)
    _screenshot(editor, "editor-5-activity-picker-open")
    editor.keyboard.press("Enter")
    editor.keyboard.press("Escape")
    agenda_before = sorted(forgotten.agenda_2030_goals or [])
    assert sorted(map(int, _selected(editor, "id_agenda_2030_goals"))) == sorted(
        {*agenda_before, 3}
    )
    _screenshot(editor, "editor-6-activity-goals-chosen")
    follow(editor, editor.locator(SAVE))
    assert activity.goals.filter(pk=goal.pk).exists()
    activity.refresh_from_db()
    assert sorted(activity.agenda_2030_goals) == sorted({*agenda_before, 3})

    # The start page no longer lists it among the activities without a goal.
    _start_page(editor, follow)
    hrefs = editor.locator("main .todo ul.without-goal a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert reverse("activity-edit", args=[activity.pk]) not in hrefs
    _screenshot(editor, "editor-7-start-at-end")


def test_the_coordinators_day(new_page, site, login, visit, follow):
    from samverkan.followup.models import AccountRound

    coordinator = login(_open(new_page), "coordinator")
    _screenshot(coordinator, "coordinator-1-start")

    # A deadline in the coming days → the page where it is done.
    deadlines = coordinator.locator("main .todo ul.deadlines a")
    assert deadlines.count() >= 1, "the demo has something due in the next 30 days"
    follow(coordinator, deadlines.first)
    assert coordinator.locator("main").inner_text().strip()
    _screenshot(coordinator, "coordinator-2-deadline")

    # Back to the start page → the rule violations (linked when there are any).
    _start_page(coordinator, follow)
    to_violations = coordinator.locator(f"main .todo a[href='{reverse('rule-violations')}']")
    if to_violations.count():
        follow(coordinator, to_violations)
    else:
        visit(coordinator, reverse("rule-violations"))
    _screenshot(coordinator, "coordinator-3-violations")

    # The follow-up in the menu → the policy's compliance for the round's year.
    follow(coordinator, coordinator.locator("header nav a[href='/follow-up/accounts/']"))
    assert coordinator.locator("header nav a[aria-current=page]").count() == 1
    _screenshot(coordinator, "coordinator-4-follow-up")
    # The follow-up page does not link the compliance yet: the dashboard by its address.
    to_compliance = coordinator.locator(f"main a[href='{reverse('compliance')}']")
    if to_compliance.count():
        follow(coordinator, to_compliance.first)
    year = AccountRound.objects.filter(municipality=site.motala).latest("year").year
    if f"/compliance/{year}/" not in coordinator.url:
        visit(coordinator, reverse("compliance-dashboard", args=[year]))
    assert coordinator.locator("main table").count() >= 1
    _screenshot(coordinator, "coordinator-5-compliance")
    _start_page(coordinator, follow)


def test_the_readers_day(new_page, site, login, follow):
    reader = login(_open(new_page), "reader")
    figures = reader.locator("main .todo dl.figures")
    assert figures.count() == 1
    _screenshot(reader, "reader-1-start")

    # The year's activities from the key figure → one activity.
    follow(reader, figures.locator("a[href*='/activities/?year=']"))
    _screenshot(reader, "reader-2-activities")
    rows = reader.locator("main table tbody tr a[href^='/activities/']")
    assert rows.count() >= 1
    follow(reader, rows.first)
    assert reader.locator("nav[aria-label] a[aria-current=page]").count() == 1
    # A reader reads: no edit link.
    assert reader.locator("main a[href$='/edit/']").count() == 0
    _screenshot(reader, "reader-3-activity")
    _start_page(reader, follow)
