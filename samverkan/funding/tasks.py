"""Background jobs of the funding app: fetching calls from the portal (samverkan worker
runs it).

The body is the importer's own reading (read_calls, with the bounded fetch of
fetching.py) and the app's own write (actions.import_calls), as the command runs them:
every record checked, then all written in one transaction or none, with its progress on
the job's page (fetching, checking, writing).
"""

import functools
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from samverkan.operations import jobs

from . import actions, fetching, importer

# Problems kept on the job's page: enough to see what is wrong, not a whole bad file.
SHOWN_PROBLEMS = 200


def fetch_failure(error: fetching.FetchError) -> str:
    """Why the address gave nothing to read, in the requester's language."""
    if error.code == "status":
        return _(
            "The address answered with an error (HTTP %(status)s). Check the address and try again."
        ) % {"status": error.status}
    messages = {
        "scheme": _("Only web addresses starting with https:// or http:// can be fetched."),
        "private": _(
            "The address is on a private or local network: calls are fetched only from "
            "public addresses."
        ),
        "unknown_host": _("No server by that name was found. Check the address."),
        "too_big": _("The answer is too large to fetch: download the file and import it."),
        "too_slow": _("The address took too long to answer. Try again later."),
    }
    return messages.get(error.code, _("The address cannot be reached. Try again later."))


def _problems(read: importer.ReadResult) -> list[dict]:
    return [
        {"row": problem.record or "", "column": "", "value": "", "message": problem.reason}
        for problem in read.problems[:SHOWN_PROBLEMS]
    ]


@task()
def fetch_calls(job_id: str, source: str, skip_bad: bool = False) -> dict:
    with jobs.running(job_id) as run:
        job = run.job
        again = reverse("call-fetch")
        host = urlsplit(source).hostname or ""
        run.progress("fetch", 0, 0)
        # A web address only: the page never passes a path, and this never reads one.
        if urlsplit(source).scheme.lower() not in fetching.SCHEMES:
            run.fail(fetch_failure(fetching.FetchError("scheme")), next_url=again)
            return {"written": False}
        fetch = functools.partial(
            fetching.fetch,
            allow_private=fetching.private_hosts_allowed(),
            progress=lambda done, total: run.progress("fetch", done, total),
        )
        try:
            read = importer.read_calls(
                source,
                fetch=fetch,
                progress=lambda done, total: run.progress("check", done, total),
            )
        except fetching.FetchError as error:
            run.fail(fetch_failure(error), next_url=again)
            return {"written": False, "error": error.code}
        except importer.BadFile:
            run.fail(
                _(
                    "The answer is not one the portal gives (a search answer or the bulk file "
                    "grantsTenders.json). Nothing has been imported."
                ),
                next_url=again,
            )
            return {"written": False, "error": "bad_file"}
        counts = {
            "records": read.total,
            "duplicates": read.duplicates,
            "skipped": len(read.problems),
        }
        if read.problems and not skip_bad:
            run.fail(
                _(
                    "Nothing has been imported: %(bad)s of %(total)s records cannot be read. "
                    "Fetch again and skip the bad records, or import a corrected file."
                )
                % {"bad": len(read.problems), "total": read.total},
                result={**counts, "problems": _problems(read)},
                next_url=again,
            )
            return {"written": False, **counts}
        run.progress("write", 0, len(read.records))
        written = actions.import_calls(job.municipality, read.records, acting_user=job.requested_by)
        counts |= {
            "created": written.created,
            "updated": written.updated,
            "unchanged": written.unchanged,
            "past_deadline": written.past_deadline,
        }
        run.succeed(
            _(
                "Calls fetched from %(host)s: %(created)s new, %(updated)s updated, "
                "%(unchanged)s unchanged; %(skipped)s records that cannot be read were skipped."
            )
            % {"host": host, **counts},
            result={**counts, "problems": _problems(read)},
            next_url=reverse("call-list"),
        )
        return {"written": True, **counts}
