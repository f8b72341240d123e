"""Issue 6, end to end: a real portal page imported, a call followed and turned into an
application, and its deadline in the reminder e-mail and in the calendar feed."""

import datetime
import json
from pathlib import Path

import icalendar
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from samverkan.applications.models import Application
from samverkan.funding.models import Call
from samverkan.monitoring.models import CalendarFeed
from samverkan.organisation.models import Body

PAGE = Path(__file__).resolve().parents[1] / "funding" / "data" / "sedia-pages" / "page-5.json"
# A real record of that page with one deadline, early in 2027.
IDENTIFIER = "DIGITAL-2024-ADVANCED-DIGITAL-07-KEYCAPACITY"


def _record() -> dict:
    for record in json.loads(PAGE.read_text(encoding="utf-8"))["results"]:
        if record["metadata"].get("identifier") == [IDENTIFIER]:
            return record
    raise AssertionError(f"{IDENTIFIER} is not on {PAGE.name}")


def test_followed_call_becomes_an_application_and_its_deadline_is_mailed_and_in_the_feed(
    client, demo
):
    vadstena = demo.vadstena
    user = demo.users["vadstena-coordinator"]
    user.email = "vera@vadstena.example"
    user.save(update_fields=["email"])
    record = _record()
    (deadline_text,) = record["metadata"]["deadlineDate"]
    deadline = datetime.date.fromisoformat(deadline_text[:10])  # "2027-02-03T23:59:00.000+0000"

    # The real page comes in with the call's own deadline.
    call_command("import_calls", str(PAGE), municipality=vadstena.code, verbosity=0)
    call = Call.objects.get(municipality=vadstena, reference=record["reference"])
    assert [moment.date() for moment in call.deadline_datetimes()] == [deadline]

    client.force_login(user)
    with translation.override("en"):
        page = client.get(reverse("call-detail", args=[call.pk]), headers={"accept-language": "en"})
    assert page.status_code == 200
    assert deadline.isoformat() in page.content.decode()

    # Followed, then turned into an application from the call's page.
    client.post(reverse("call-mark", args=[call.pk]), {"action": "follow"})
    assert call.mark.kind == "followed"
    page = client.get(reverse("call-detail", args=[call.pk])).content.decode()
    create_url = f"{reverse('application-create')}?call={call.pk}"
    assert create_url.replace("?", "?") in page.replace("&amp;", "&")
    form = client.get(create_url)
    assert form.context["form"].initial["call_deadline"] == deadline
    committee = Body.objects.filter(municipality=vadstena).exclude(kind=Body.Kind.COUNCIL).first()
    response = client.post(
        create_url,
        {
            "title": "Digitala kompetenser i Vadstena",
            "call": call.pk,
            "call_deadline": deadline.isoformat(),
            "lead_body": committee.pk,
            "status": "in_preparation",
            "currency": "SEK",
            "amount_applied": "500000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get(municipality=vadstena, call=call)
    assert application.call_deadline == deadline

    # The reminder a week before: one e-mail naming both the call and the application.
    week_before = deadline - datetime.timedelta(days=7)
    call_command("send_reminders", date=week_before.isoformat(), verbosity=0)
    (message,) = [m for m in mail.outbox if user.email in m.to]
    assert call.title in message.body
    assert application.title in message.body
    assert deadline.isoformat() in message.body or f"{deadline:%-d}" in message.body
    # Run again the same day: nothing is sent twice.
    sent = len(mail.outbox)
    call_command("send_reminders", date=week_before.isoformat(), verbosity=0)
    assert len(mail.outbox) == sent

    # The secret calendar feed has the same deadline as all-day events.
    client.post(reverse("calendar-feed-change"), {"action": "create"})
    feed = CalendarFeed.objects.active().get(user=user)
    client.logout()
    response = client.get(reverse("calendar-feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    on_the_day = [event for event in events.values() if event.decoded("dtstart") == deadline]
    summaries = " ".join(str(event["summary"]) for event in on_the_day)
    assert call.title in summaries
    assert application.title in summaries
