"""The pages as a browser shows them, each checked with axe-core (see conftest.py).

Swedish UI strings are being translated in parallel, so these tests assert on
structure (headings, landmarks, the error summary, the review notice) and on data
(the demo's body and goal names), not on the wording of the interface.
"""

import re

import pytest

pytestmark = pytest.mark.browser

DEMO_USERS = ["admin", "coordinator", "editor", "registrar", "reader", "vadstena-coordinator"]


def html_lang(page):
    return page.locator("html").get_attribute("lang")


def test_anonymous_start_page_is_in_swedish(page, new_page, visit):
    visit(page, "/")
    assert html_lang(page) == "sv"
    assert page.locator("main a[href='/login/']").count() == 1
    assert page.locator("header .who").count() == 0

    # Swedish is also the default for a browser asking for a language we do not have.
    german = visit(new_page(locale="de-DE"), "/")
    assert html_lang(german) == "sv"


@pytest.mark.parametrize("username", DEMO_USERS)
def test_each_demo_user_signs_in_and_sees_the_start_page(page, site, login, username):
    login(page, username)
    user = site.users[username]
    municipality = site.vadstena if username.startswith("vadstena") else site.motala
    assert user.first_name in page.locator("header .who").inner_text()
    assert page.locator("header .tenant").inner_text() == municipality.name
    assert municipality.name in page.locator("h1").inner_text()
    assert page.locator("main .cards a[href='/bodies/']").count() == 1
    assert page.locator("main .cards a[href='/goals/']").count() == 1
    # Motala's policy of 2016 is overdue for review; Vadstena has no policy loaded.
    review_link = page.locator(f"main .notice a[href='/policy/{site.motala_policy.pk}/']")
    assert review_link.count() == (0 if municipality == site.vadstena else 1)


def test_the_task_menu_and_the_five_policy_chapters_from_the_policy_page(
    page, login, visit, follow
):
    login(page, "coordinator")
    menu = page.locator("header nav a")
    assert menu.count() == 6
    assert page.locator("header nav a[aria-current]").count() == 0
    follow(page, page.locator("header nav a[href='/activities/']"))
    assert page.locator("header nav a[aria-current='page']").get_attribute("href") == "/activities/"

    visit(page, "/policy/")
    chapters = page.locator("main nav.chapters a")
    assert chapters.count() == 5
    hrefs = [chapters.nth(i).get_attribute("href") for i in range(5)]
    for href in hrefs:
        assert re.fullmatch(r"/policy/sections/[a-z-]+/", href)
        follow(page, page.locator(f"main nav.chapters a[href='{href}']"))
        current = page.locator("main nav.chapters a[aria-current='page']")
        assert current.count() == 1
        assert current.get_attribute("href") == href
        assert page.locator("h1").inner_text() == current.inner_text()
        assert page.locator("main nav.breadcrumbs a[href='/policy/']").count() == 1


@pytest.mark.parametrize("username", ["coordinator", "editor", "reader"])
def test_each_role_follows_its_to_do_from_the_start_page_and_back(page, login, follow, username):
    login(page, username)
    todo = page.locator("main section.todo")
    assert todo.count() == 1
    links = todo.locator("a")
    assert links.count() > 0
    follow(page, links.first)
    assert page.locator("h1").count() == 1
    follow(page, page.locator("header .brand a"))
    assert page.locator("main section.todo").count() == 1


def test_bodies_list_detail_and_edit_with_an_error_summary(page, site, login, visit, follow):
    login(page, "coordinator")
    visit(page, "/bodies/")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 7
    assert "Bildningsnämnden" in page.locator("main table").inner_text()

    follow(page, page.get_by_role("link", name="Bildningsnämnden", exact=True))
    assert page.url.endswith(f"/bodies/{site.motala_committee.pk}/")
    assert page.locator("h1").inner_text() == "Bildningsnämnden"
    assert "Bildningsförvaltningen" in page.locator("main dl.meta").inner_text()

    follow(page, page.locator(f"main a[href='/bodies/{site.motala_committee.pk}/edit/']"))
    assert page.locator("#id_name").input_value() == "Bildningsnämnden"

    # An empty name: the same page again, with the error summary above the form.
    page.fill("#id_name", "")
    follow(page, page.locator("main form button[type=submit]"))
    summary = page.locator("main .error-summary")
    assert summary.count() == 1
    assert summary.get_attribute("role") == "alert"
    assert summary.locator("a[href='#id_name']").count() == 1
    summary_top = summary.bounding_box()["y"]
    form_top = page.locator("main form[method=post]").bounding_box()["y"]
    assert summary_top < form_top
    assert page.locator("main .field.has-error #id_name").count() == 1

    # Corrected, it saves and shows the body again.
    page.fill("#id_name", "Bildningsnämnden")
    page.fill("#id_administration", "Utbildningsförvaltningen")
    follow(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith(f"/bodies/{site.motala_committee.pk}/")
    assert page.locator("main .messages").count() == 1
    assert "Utbildningsförvaltningen" in page.locator("main dl.meta").inner_text()


def test_goals_list_and_detail(page, login, visit, follow):
    login(page, "reader")
    visit(page, "/goals/")
    tree = page.locator("main ul.tree")
    assert "Utbildning och kompetens" in tree.inner_text()
    follow(page, tree.get_by_role("link", name="1.1 Fler elever når kunskapsmålen"))
    assert page.locator("h1").inner_text() == "1.1 Fler elever når kunskapsmålen"
    assert "1 Utbildning och kompetens" in page.locator("main dl.meta").inner_text()
    assert "2023–2030" in page.locator("main dl.meta").inner_text()


def test_policy_list_and_detail_say_the_policy_is_due_for_review(page, site, login, visit, follow):
    policy = site.motala_policy
    assert policy.last_decided_on.year == 2016
    login(page, "reader")
    visit(page, "/policy/")
    row = page.locator("main table tbody tr")
    assert row.count() == 1
    assert row.locator(".status-bad").count() == 1

    follow(page, row.get_by_role("link", name=policy.title))
    assert page.url.endswith(f"/policy/{policy.pk}/")
    assert page.locator("h1").inner_text() == policy.title
    notice = page.locator("main .notice")
    assert notice.count() == 1
    assert policy.review_due_on.isoformat() in notice.inner_text()
    assert page.locator("main .clause").count() > 0


def test_a_deleted_goal_is_restored_from_the_trash(page, site, login, visit, follow):
    goal = site.motala_goal
    detail = f"/goals/{goal.pk}/"
    login(page, "coordinator")
    visit(page, detail)
    follow(page, page.locator(f"main a[href='{detail}delete/']"))
    follow(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith("/goals/")
    assert page.locator("main .messages").count() == 1
    assert goal.title not in page.locator("main ul.tree").inner_text()
    visit(page, detail, status=404)

    follow(page, page.locator("header form[action='/logout/'] button"))
    login(page, "admin")
    visit(page, "/history/trash/")
    row = page.locator("main table tbody tr", has_text=goal.title)
    assert row.count() == 1
    follow(page, row.locator("button[type=submit]"))
    assert page.url.endswith("/history/trash/")
    assert page.locator("main .messages").count() == 1
    assert page.locator("main table tbody tr", has_text=goal.title).count() == 0

    visit(page, detail)
    assert page.locator("h1").inner_text() == str(goal)
    visit(page, "/goals/")
    assert goal.title in page.locator("main ul.tree").inner_text()


def test_language_switch_to_english_and_back(page, login, visit, follow):
    login(page, "coordinator")
    visit(page, "/goals/")
    assert html_lang(page) == "sv"
    follow(page, page.locator("header form.language button[value=en]"))
    assert html_lang(page) == "en"
    assert page.url.endswith("/goals/")
    visit(page, "/bodies/")
    assert html_lang(page) == "en"
    follow(page, page.locator("header form.language button[value=sv]"))
    assert html_lang(page) == "sv"
    assert page.url.endswith("/bodies/")


def test_logout(page, site, login, visit, follow):
    login(page, "coordinator")
    follow(page, page.locator("header form[action='/logout/'] button"))
    assert page.url == f"{site.url}/"
    assert page.locator("header .who").count() == 0
    assert page.locator("main a[href='/login/']").count() == 1
    # The registers are behind the login again.
    visit(page, "/bodies/")
    assert page.url.endswith("/login/?next=/bodies/")


def test_another_municipalitys_record_is_not_found(page, site, login, visit):
    login(page, "vadstena-coordinator")
    visit(page, f"/bodies/{site.vadstena_body.pk}/")
    visit(page, f"/bodies/{site.motala_committee.pk}/", status=404)
    assert "Bildningsnämnden" not in page.content()
    visit(page, f"/goals/{site.motala_goal.pk}/", status=404)


def test_the_accessibility_check_catches_a_violation(page, visit, check_page):
    visit(page, "/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    with pytest.raises(AssertionError, match=r"image-alt \(critical\): .*\n +img"):
        check_page(page)


def test_the_delegated_decisions_and_the_operators_setup_page(page, login, visit):
    login(page, "reader")
    visit(page, "/registry/decisions/delegated/")
    assert page.locator("h1").count() == 1
    page.context.clear_cookies()
    login(page, "operator")
    visit(page, "/policy/setup/")
    assert page.locator("main form select#id_municipality").count() == 1
