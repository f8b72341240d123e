"""samverkan send_reminders [--date YYYY-MM-DD] [--days 14] [--dry-run]

Each active user with an e-mail address gets one digest of their deadlines in the coming
days, from every app (samverkan.lib.deadlines). Safe to run more than once a day: a
deadline is never mailed twice to the same user. See docs/reminders.md for cron and
systemd examples.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samverkan.monitoring import reminders


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = "Send each user one e-mail with their deadlines in the coming days (default 14)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=str, help="The day to count from (default: today).")
        parser.add_argument(
            "--days", type=int, default=reminders.DEFAULT_DAYS, help="How many days ahead."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Tell who would get a digest; send nothing."
        )

    def handle(self, *args, **options):
        today = _date(options["date"]) if options["date"] else timezone.localdate()
        days = options["days"]
        if not 0 <= days <= 366:
            raise CommandError("--days must be between 0 and 366.")
        outcome = reminders.send_reminders(today, days, dry_run=options["dry_run"])
        verb = "would get" if options["dry_run"] else "sent"
        for user, count in outcome.sent:
            self.stdout.write(f"{user.get_username()}: {verb} {count} deadline(s)")
        for user, error in outcome.failed:
            self.stderr.write(f"{user.get_username()}: not sent ({error})")
        self.stdout.write(
            f"{len(outcome.sent)} digest(s) {verb}, {len(outcome.failed)} failed "
            f"({today:%Y-%m-%d}, {days} days)."
        )
        if outcome.failed:
            raise CommandError(f"{len(outcome.failed)} digest(s) could not be sent.")
