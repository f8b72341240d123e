"""A coordinator finds funding in the browser: the programme list, calls for us, a call's
page, and following the call. Every page on the way is checked with axe-core.
"""

import pytest

from samverkan.funding.models import Call, CallMark

pytestmark = pytest.mark.browser


def test_coordinator_finds_and_follows_a_call(page, site, login, visit, follow):
    login(page, "coordinator")
    visit(page, "/policy/sections/cooperation/")
    follow(page, page.locator('main a[href="/funding/programmes/"]'))
    visit(page, "/funding/programmes/?level=nordic")
    assert "Nordplus" in page.locator("main").inner_text()
    follow(page, page.get_by_role("link", name="Nordplus"))
    visit(page, "/funding/calls/")
    visit(page, "/funding/calls/?mark=followed")
    assert page.locator("main tbody tr").count() == 2
    call = (
        Call.objects.filter(municipality=site.motala, mark__isnull=True)
        .order_by("-relevance", "pk")
        .first()
    )
    visit(page, f"/funding/calls/?q={call.identifier}")
    follow(page, page.locator(f'main a[href="/funding/calls/{call.pk}/"]').first)
    main = page.locator("main").inner_text()
    assert call.relevance_why[0]["word"] in main
    follow(page, page.locator('main form button[value="follow"]'))
    mark = CallMark.objects.get(call=call)
    assert mark.kind == "followed" and mark.marked_by == site.users["coordinator"]
    visit(page, "/funding/saved-searches/")
    visit(page, "/funding/watch-profiles/")
    visit(page, "/funding/calls/fetch/")  # the fetch form, checked with axe as the rest
