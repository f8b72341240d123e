"""The iCalendar feed of a user's deadlines: one all-day event per deadline (RFC 5545)."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .digest import absolute, user_deadlines

# The feed shows the last month (so a deadline just passed is still there) and a year ahead.
PAST_DAYS = 31
FUTURE_DAYS = 366


def feed_for(user, *, start: datetime.date, end: datetime.date) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Samverkan//Deadlines//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Samverkan")
    stamp = timezone.now()
    for municipality, deadline in user_deadlines(user, start, end):
        event = Event()
        event.add("uid", f"{deadline.uid}@samverkan")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.date)
        event.add("dtend", deadline.date + datetime.timedelta(days=1))
        event.add("summary", deadline.title)
        event.add("categories", [deadline.kind])
        event.add("url", absolute(deadline.path))
        event.add("description", f"{municipality.name}: {absolute(deadline.path)}")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
