"""Background jobs of monitoring: the reminder digests (samverkan worker runs them).

The body is reminders.send_reminders, as `samverkan send_reminders` runs it: each user
one e-mail, each deadline once (the log makes a second run the same day send nothing).
The job's result holds counts only: no names, no addresses.
"""

import datetime

from django.utils.translation import gettext as _
from django_tasks import task

from samverkan.operations import jobs

from . import reminders


@task()
def send_reminders(job_id: str, today: str, days: int = reminders.DEFAULT_DAYS) -> dict:
    with jobs.running(job_id) as run:
        day = datetime.date.fromisoformat(today)
        outcome = reminders.send_reminders(
            day, days, progress=lambda done, total: run.progress("send", done, total)
        )
        counts = {
            "sent": len(outcome.sent),
            "failed": len(outcome.failed),
            "deadlines": sum(count for _user, count in outcome.sent),
            "date": day.isoformat(),
            "days": days,
        }
        message = (
            _(
                "Reminders sent: %(sent)s e-mails with %(deadlines)s deadlines; %(failed)s could "
                "not be sent."
            )
            % counts
        )
        if outcome.failed:
            run.fail(message, result=counts)
        else:
            run.succeed(message, result=counts)
        return counts
