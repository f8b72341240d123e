"""The secret calendar feed: create, renew and revoke it; the feed parses as iCalendar."""

import datetime

from django.utils import translation
from icalendar import Calendar

from samverkan.monitoring.models import CalendarFeed


def _feed(client, demo, username="editor"):
    client.force_login(demo.users[username])
    assert client.post("/monitoring/calendar/change/", {"action": "create"}).status_code == 302
    return CalendarFeed.objects.get(user=demo.users[username], revoked_at__isnull=True)


def test_the_page_creates_renews_and_revokes(client, demo):
    client.force_login(demo.users["reader"])
    with translation.override("en"):
        page = client.get("/monitoring/calendar/", HTTP_ACCEPT_LANGUAGE="en")
    assert "You have no calendar address." in page.content.decode()
    feed = _feed(client, demo, "reader")
    page = client.get("/monitoring/calendar/")
    assert f"/monitoring/calendar/{feed.token}.ics" in page.content.decode()
    client.post("/monitoring/calendar/change/", {"action": "renew"})
    renewed = CalendarFeed.objects.get(user=demo.users["reader"], revoked_at__isnull=True)
    assert renewed.token != feed.token
    assert client.get(f"/monitoring/calendar/{feed.token}.ics").status_code == 404
    client.post("/monitoring/calendar/change/", {"action": "revoke"})
    assert not CalendarFeed.objects.filter(user=demo.users["reader"], revoked_at=None).exists()
    assert client.get(f"/monitoring/calendar/{renewed.token}.ics").status_code == 404
    assert client.get("/monitoring/calendar/change/").status_code == 405
    assert client.post("/monitoring/calendar/change/", {"action": "x"}).status_code == 302


def test_the_feed_needs_no_login_and_lists_the_deadlines(client, demo, own_item):
    today = datetime.date.today()
    own_item.feedback_closes_on = today + datetime.timedelta(days=20)
    own_item.save()
    feed = _feed(client, demo)
    client.logout()
    response = client.get(f"/monitoring/calendar/{feed.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    uid = f"watch-item-{own_item.pk}-feedback-{own_item.feedback_closes_on:%Y-%m-%d}@samverkan"
    assert uid in events
    event = events[uid]
    assert event.decoded("DTSTART") == own_item.feedback_closes_on  # an all-day event
    assert event.decoded("DTEND") == own_item.feedback_closes_on + datetime.timedelta(days=1)
    assert "Europeiska utbildningsområdet" in str(event["SUMMARY"])
    assert str(event["URL"]).endswith(f"/monitoring/{own_item.pk}/")


def test_unknown_and_inactive_feeds_are_404(client, demo):
    assert client.get("/monitoring/calendar/not-a-token.ics").status_code == 404
    feed = _feed(client, demo, "coordinator")
    user = demo.users["coordinator"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(f"/monitoring/calendar/{feed.token}.ics").status_code == 404
