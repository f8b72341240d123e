"""The reminder digest: each user gets one e-mail with the deadlines of the coming days,
and the calls that have newly come to match their saved searches (P2).

Every deadline is mailed to a user once. The SentReminder log (user, deadline uid, date)
is written in the same transaction as the decision to send, and a deadline's uid carries
its date: running the command again the same day (or the next) sends nothing twice, and
a deadline that moves is reminded again. A saved search reports the calls first seen
since it last reported; the send moves its "last reported" time in the same transaction.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from samverkan.funding.matching import new_matches_for
from samverkan.funding.models import SavedSearch

from .digest import absolute, user_deadlines, user_language
from .models import SentReminder

DEFAULT_DAYS = 14


@dataclass
class Outcome:
    sent: list = field(default_factory=list)  # (user, number of deadlines)
    failed: list = field(default_factory=list)  # (user, error)


def recipients():
    """Active users with an e-mail address and a role somewhere."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def digest_for(user, today: datetime.date, days: int):
    """The user's new deadlines from `today` to `today + days` (inclusive), and the language."""
    language = user_language(user)
    end = today + datetime.timedelta(days=days)
    pairs = user_deadlines(user, today, end, language=language)
    already = set(
        SentReminder.objects.filter(user=user, uid__in=[d.uid for _m, d in pairs]).values_list(
            "uid", flat=True
        )
    )
    seen = set()
    new = []
    for municipality, deadline in pairs:
        if deadline.uid in already or deadline.uid in seen:
            continue
        seen.add(deadline.uid)
        new.append((municipality, deadline))
    return new, language


def new_calls_for(user) -> list[tuple]:
    """(saved search, its calls first seen since it last reported) for the user's searches."""
    searches = SavedSearch.objects.filter(owner=user).order_by("name", "pk")
    found = []
    for search in searches:
        calls = new_matches_for(search)
        if calls:
            found.append((search, calls))
    return found


def render_digest(user, pairs, today: datetime.date, days: int, language: str, matches=()):
    """Subject and text of the e-mail, in `language`."""
    with translation.override(language):
        new_calls = [
            {
                "search": search,
                "calls": [
                    {"call": call, "url": absolute(f"/funding/calls/{call.pk}/")} for call in calls
                ],
            }
            for search, calls in matches
        ]
        rows = [
            {
                "deadline": deadline,
                "municipality": municipality,
                "url": absolute(deadline.path),
                "days_left": (deadline.date - today).days,
            }
            for municipality, deadline in pairs
        ]
        if rows:
            subject = ngettext(
                "Samverkan: %(count)d deadline in the coming %(days)d days",
                "Samverkan: %(count)d deadlines in the coming %(days)d days",
                len(rows),
            ) % {"count": len(rows), "days": days}
        else:
            count = sum(len(group["calls"]) for group in new_calls)
            subject = ngettext(
                "Samverkan: %(count)d new call matches your saved searches",
                "Samverkan: %(count)d new calls match your saved searches",
                count,
            ) % {"count": count}
        body = render_to_string(
            "monitoring/email/reminder_digest.txt",
            {
                "user": user,
                "rows": rows,
                "new_calls": new_calls,
                "days": days,
                "several_municipalities": len({r["municipality"].pk for r in rows}) > 1,
                "calendar_url": absolute("/monitoring/calendar/"),
                "site_url": absolute("/"),
            },
        )
    return subject, body


def send_reminders(
    today: datetime.date, days: int = DEFAULT_DAYS, *, dry_run=False, progress=None
) -> Outcome:
    """One digest to each recipient; `progress(done, total)` is told each user looked at."""
    outcome = Outcome()
    users = list(recipients())
    for done, user in enumerate(users):
        if progress is not None:
            progress(done, len(users))
        pairs, language = digest_for(user, today, days)
        matches = new_calls_for(user)
        if not pairs and not matches:
            continue
        subject, body = render_digest(user, pairs, today, days, language, matches)
        if dry_run:
            outcome.sent.append((user, len(pairs)))
            continue
        try:
            with transaction.atomic():
                # The log first, in the transaction: if sending fails, it rolls back and the
                # next run tries again; if the log row exists, another run got there first.
                SentReminder.objects.bulk_create(
                    [SentReminder(user=user, uid=d.uid, sent_on=today) for _m, d in pairs]
                )
                for search, _calls in matches:
                    new_matches_for(search, mark_reported=True)
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
        except Exception as error:  # noqa: BLE001 — one user's failure must not stop the rest
            outcome.failed.append((user, error))
            continue
        outcome.sent.append((user, len(pairs)))
    return outcome
