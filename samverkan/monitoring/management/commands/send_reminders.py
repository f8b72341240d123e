"""samverkan send_reminders [--date YYYY-MM-DD] [--days 14] [--dry-run]
                          [--background --user USERNAME [--municipality CODE]]

Each active user with an e-mail address gets one digest of their deadlines in the coming
days, from every app (samverkan.lib.deadlines). Safe to run more than once a day: a
deadline is never mailed twice to the same user. See docs/reminders.md for cron and
systemd examples.

--background queues the same work as a job for `samverkan worker` (monitoring/tasks.py)
and prints the job's page, which the user named by --user follows (a job is its
requester's, in one of their municipalities). Without it the digests are sent here, as
cron runs them.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone, translation

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
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the sending as a job for the worker and print the job's page.",
        )
        parser.add_argument(
            "--user", help="With --background: the user (username) whose job it is."
        )
        parser.add_argument(
            "--municipality",
            help="With --background: the municipality code the job is kept in "
            "(default: the user's first).",
        )

    def handle(self, *args, **options):
        today = _date(options["date"]) if options["date"] else timezone.localdate()
        days = options["days"]
        if not 0 <= days <= 366:
            raise CommandError("--days must be between 0 and 366.")
        if options["background"]:
            self._queue(today, days, options)
            return
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

    def _queue(self, today, days, options):
        from django.contrib.auth import get_user_model
        from django.utils.translation import gettext

        from samverkan.monitoring.tasks import send_reminders
        from samverkan.operations import actions
        from samverkan.organisation.models import RoleAssignment

        if options["dry_run"]:
            raise CommandError("--dry-run runs here only: leave out --background.")
        if not options["user"]:
            raise CommandError("--background needs --user USERNAME: the job is that user's.")
        try:
            user = get_user_model().objects.get(username=options["user"], is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user {options['user']!r}.") from None
        roles = RoleAssignment.objects.filter(user=user).select_related("municipality")
        if options["municipality"]:
            roles = roles.filter(municipality__code=options["municipality"])
        role = roles.order_by("municipality__code").first()
        if role is None:
            raise CommandError(f"{user.get_username()} has no role in that municipality.")
        language = role.municipality.default_language or settings.LANGUAGE_CODE
        with translation.override(language):
            title = gettext("Sending reminders")
        job = actions.queue_job(
            municipality=role.municipality,
            requested_by=user,
            language=language,
            kind="reminders",
            title=title,
            task=send_reminders,
            today=today.isoformat(),
            days=days,
        )
        self.stdout.write(reverse("job", args=[job.pk]))
