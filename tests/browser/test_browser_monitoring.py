"""A coordinator follows an EU matter in the browser: the watch item list, a detail page,
recording an influence action with a contact, and the calendar feed page. Every page on
the way is checked with axe-core.
"""

import pytest
from icalendar import Calendar

from samverkan.monitoring.models import CalendarFeed, InfluenceAction, WatchItem
from samverkan.registry.models import Contact

pytestmark = pytest.mark.browser


def test_coordinator_records_an_influence_action_and_gets_a_calendar_feed(
    page, site, login, visit, follow
):
    login(page, "coordinator")
    visit(page, "/monitoring/")
    visit(page, "/monitoring/?owner=none")
    assert "Europeisk plan för prisvärda bostäder" in page.locator("main").inner_text()
    item = WatchItem.objects.get(municipality=site.motala, eu_reference="COM(2025) 565")
    visit(page, "/monitoring/")
    follow(page, page.get_by_role("link", name=item.title))
    assert page.locator("#influence-actions tbody tr").count() == 2
    follow(page, page.locator(f'a[href="/monitoring/{item.pk}/actions/new/"]'))
    contact = Contact.objects.get(municipality=site.motala, name="Erik Exempel")
    page.select_option("#id_kind", "consultation_answer")
    page.fill("#id_taken_on", "2026-11-20")
    page.select_option("#id_contact", str(contact.pk))
    page.fill("#id_outcome", "Svaret lämnat via EU-kontoret.")
    follow(page, page.locator("main form.record-form button[type=submit]"))
    assert page.locator("#influence-actions tbody tr").count() == 3
    assert InfluenceAction.objects.filter(watch_item=item, contact=contact).count() == 2
    contact.refresh_from_db()
    assert contact.last_contact_on.isoformat() >= "2026-11-20"

    visit(page, "/monitoring/subject-areas/")
    visit(page, "/monitoring/calendar/")
    follow(page, page.locator("main form button[type=submit]"))
    feed = CalendarFeed.objects.get(user=site.users["coordinator"], revoked_at=None)
    assert (
        page.locator("#feed-url").input_value().endswith(f"/monitoring/calendar/{feed.token}.ics")
    )
    response = page.request.get(f"/monitoring/calendar/{feed.token}.ics")
    assert response.status == 200
    uids = {str(e["UID"]) for e in Calendar.from_ical(response.body()).walk("VEVENT")}
    assert any(uid.startswith(f"watch-item-{item.pk}-next-") for uid in uids)
