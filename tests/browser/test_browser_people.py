"""Signing in and managing people, as a browser shows them (axe on every page)."""

from samverkan.organisation.models import RoleAssignment


def test_an_administrator_invites_a_person_and_manages_tokens(page, site, login, visit, follow):
    login(page, "admin")  # through the second factor, set up on the way
    follow(page, page.locator("header a.who"))
    assert "/account/" in page.url
    follow(page, page.locator("main a[href='/account/tokens/']"))
    page.fill("#id_name", "Exportskript")
    follow(page, page.locator("main form button[type=submit]"))
    assert page.locator("#new-token").input_value().startswith("svk_")

    visit(page, "/people/")
    follow(page, page.locator("main a[href='/people/invite/']"))
    page.fill("#id_email", "ny.person@motala.example")
    page.fill("#id_first_name", "Ny")
    page.select_option("#id_role", "reader")
    follow(page, page.locator("main form button[type=submit]"))
    assert page.url.endswith("/people/")
    assert RoleAssignment.objects.filter(user__email="ny.person@motala.example").exists()
    assert "ny.person@motala.example" in page.locator("main table").first.inner_text()


def test_a_locked_out_sign_in_says_when_to_try_again(page, visit, follow, site):
    for _attempt in range(5):
        visit(page, "/login/")
        page.fill("#id_username", "reader")
        page.fill("#id_password", "fel-lösenord")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    visit(page, "/login/")
    page.fill("#id_username", "reader")
    page.fill("#id_password", site.password)
    follow(page, page.locator("main form button[type=submit]"), status=429)
    assert "15" in page.locator("main").inner_text()
