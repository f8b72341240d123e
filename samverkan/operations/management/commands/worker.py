"""`samverkan worker`: runs the background jobs queued in the database.

Imports, reports, fetching calls and reminders.

The database backend's own worker (django-tasks-db's db_worker) with a heartbeat for
/health/: run as many as you like, on as many machines, against one PostgreSQL; each
task is claimed by one worker under a row lock (SELECT … FOR UPDATE SKIP LOCKED), and on
SQLite under the database's write lock. `--batch` runs what is queued, then exits.
"""

import threading

from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from samverkan.operations import actions
from samverkan.operations.views import HEARTBEAT_SECONDS


class Command(DatabaseWorker):
    help = (
        "Run the background jobs (imports, reports, fetching calls, reminders); --batch runs "
        "what is queued, then exits."
    )

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        started = timezone.now()
        actions.beat(worker_id, started)
        actions.prune_jobs()
        stop = threading.Event()
        beating = None
        if not options["batch"]:
            beating = threading.Thread(
                target=self._beat_until, args=(stop, worker_id, started), daemon=True
            )
            beating.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            if beating is not None:
                beating.join(timeout=5)
            actions.beat(worker_id, started)

    @staticmethod
    def _beat_until(stop, worker_id, started):
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                actions.beat(worker_id, started)
            except Exception:  # noqa: BLE001 - a missed beat shows on /health/; go on
                pass
            finally:
                connection.close()  # this thread's own connection
