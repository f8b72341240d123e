"""Background jobs of activities: importing an uploaded spreadsheet (samverkan worker runs it).

The body is the importer's own run_import, as the command and the page used to run it
inline: every row checked, then all written or none, with its progress on the job's page.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from samverkan.operations import jobs

from .spreadsheets import importer, reading
from .views.transfer import upload_dir


@task()
def import_activities(job_id: str, token: str, name: str, mapping: dict) -> dict:
    with jobs.running(job_id) as run:
        job = run.job
        path = upload_dir() / f"{token}.rows"
        try:
            table = reading.load_table(path)
        except (OSError, ValueError, KeyError, TypeError):
            run.fail(
                _("The upload has expired. Upload the file again."),
                next_url=reverse("activity-import"),
            )
            return {"written": False}
        report = importer.run_import(
            table,
            municipality=job.municipality,
            mapping=mapping,
            user=job.requested_by,
            dry_run=False,
            progress=run.progress,
        )
        counts = {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        if not report.written:
            run.fail(
                _("Nothing has been imported: correct these rows and upload the file again."),
                result={
                    **counts,
                    "problems": [
                        {
                            "row": problem.row,
                            "column": problem.column,
                            "value": problem.value,
                            "message": str(problem.message),
                        }
                        for problem in report.problems
                    ],
                },
                next_url=reverse("activity-import"),
            )
            return {"written": False}
        path.unlink(missing_ok=True)
        run.succeed(
            _(
                "Imported from %(name)s: %(created)s new, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {"name": name, **counts},
            result=counts,
            next_url=reverse("activity-list"),
        )
        return {"written": True, **counts}
