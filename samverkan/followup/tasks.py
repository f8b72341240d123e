"""Background jobs of the follow-up: the compiled report as a Word or PDF file.

The body is the report's own build and renderers, as the download used to run them
inline; the file is kept for the person who asked (samverkan.operations).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from samverkan.lib.downloads import REPORT, download_name
from samverkan.operations import jobs

from .report.build import build_report

FORMATS = ("docx", "pdf")


@task()
def render_report(job_id: str, year: int, file_format: str) -> dict:
    with jobs.running(job_id) as run:
        run.progress("render", 0, 2)
        report = build_report(run.job.municipality, year)
        run.progress("render", 1, 2)
        if file_format == "docx":
            from .report.docx import render_docx as render
        else:
            from .report.pdf import render_pdf as render
        content = render(report)
        name = download_name(REPORT, report.municipality.code, year, extension=file_format)
        run.succeed(
            _("The report is ready."),
            file_name=name,
            content=content,
            next_url=reverse("account-report", args=[year]),
        )
        return {"file_name": name, "bytes": len(content)}
