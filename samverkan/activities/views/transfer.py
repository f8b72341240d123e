"""Import pages (upload → map the columns → preview with each row's problems → import)
and the export of a filtered activity list to .xlsx or .csv.

An uploaded file is read once, when it is uploaded; its rows wait in the data folder
under a random token kept in the user's session, until they are imported or a day has
passed. A user reads or imports one file at a time (the heavy steps hold a lock). The
last column mapping is remembered in the session, per municipality: the next upload
offers it again (the session ends when the user logs out; no new table is needed for it).
"""

import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.lib import locks
from samverkan.lib.downloads import ACTIVITIES, attachment
from samverkan.lib.views import require
from samverkan.operations import actions as operations
from samverkan.organisation import tenancy
from samverkan.organisation.models import Body

from .. import access, queries
from ..models import Activity
from ..spreadsheets import columns, exporter, importer, reading
from ..spreadsheets.values import text

SESSION_FILES = "activity_import_files"
SESSION_MAPPINGS = "activity_import_mappings"
KEEP_SECONDS = 24 * 3600
SHOWN_ROWS = 200  # planned rows listed on the preview; the counts cover them all


def upload_dir() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_bytes() -> int:
    return settings.SAMVERKAN_MAX_UPLOAD_MB * 1024 * 1024


def _remove_old_uploads() -> None:
    limit = time.time() - KEEP_SECONDS
    for path in [*upload_dir().glob("*.upload"), *upload_dir().glob("*.rows")]:
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def _importable_committees(request) -> list[Body]:
    bodies = tenancy.scoped(request, Body).order_by("name")
    return [
        body
        for body in bodies
        if request.user.has_perm(
            "samverkan.add_record", Activity(municipality=request.municipality, committee=body)
        )
    ]


def _require_import(request) -> list[Body]:
    require(request, "samverkan.view_record", request.municipality)
    committees = _importable_committees(request)
    if not committees:
        raise PermissionDenied
    return committees


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "An Excel workbook (first sheet) or a CSV file in UTF-8 or Windows-1252, "
            "separated by commas or semicolons."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s; the largest allowed is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())}
            )
        try:
            self.table = reading.read_table(upload.read(), upload.name)
        except reading.SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def _lock_name(request) -> str:
    return f"activity-import-user-{request.user.pk}"


def _busy(request, template, context):
    messages.error(
        request,
        _("An import of yours is already being read or written. Wait until it is done."),
    )
    return TemplateResponse(request, template, context, status=429)


def _stored(request, token) -> tuple[dict, reading.Table]:
    """The upload's entry and the rows read from it when it was uploaded."""
    entry = request.session.get(SESSION_FILES, {}).get(token)
    if not entry or entry.get("municipality") != request.municipality.pk or not token.isalnum():
        raise Http404("No such upload")
    try:
        return entry, reading.load_table(upload_dir() / f"{token}.rows")
    except (OSError, ValueError, KeyError, TypeError):
        raise Http404("The upload has expired") from None


def _remembered(request) -> dict:
    return request.session.get(SESSION_MAPPINGS, {}).get(str(request.municipality.pk), {})


@login_required
def activity_import(request):
    """Step 1: upload the file."""
    committees = _require_import(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "committees": committees,
        "max_rows": reading.max_rows(),
        "max_upload_mb": settings.SAMVERKAN_MAX_UPLOAD_MB,
        "headings": [(column.sv, column.en) for column in columns.IMPORTABLE],
    }
    valid = False
    if request.method == "POST":
        try:
            with locks.exclusive(_lock_name(request)):
                valid = form.is_valid()  # reads the file, once
                if valid:
                    _remove_old_uploads()
                    token = secrets.token_hex(16)
                    reading.save_table(form.table, upload_dir() / f"{token}.rows")
        except locks.Busy:
            return _busy(request, "activities/import_upload.html", context)
    if valid:
        files = request.session.get(SESSION_FILES, {})
        files[token] = {
            "name": form.cleaned_data["file"].name,
            "municipality": request.municipality.pk,
            "uploaded": timezone.now().isoformat(),
            "rows": len(form.table.rows),
        }
        request.session[SESSION_FILES] = files
        return redirect("activity-import-map", token=token)
    return TemplateResponse(request, "activities/import_upload.html", context)


def _mapping_form_class(report, table):
    choices = [(columns.IGNORE, _("— not imported —"))] + [
        (column.key, str(column.label).capitalize()) for column in columns.IMPORTABLE
    ]
    fields = {}
    header_index = next(i for i, (n, _c) in enumerate(table.rows) if n == report.header_row)
    samples = table.rows[header_index + 1 : header_index + 6]
    described = []
    for index, heading in enumerate(report.headings):
        if not heading:
            continue
        name = f"column_{index}"
        fields[name] = forms.ChoiceField(
            label=f"{columns.column_letter(index)}: {heading}",
            choices=choices,
            initial=report.mapping.get(index, columns.IGNORE),
        )
        examples = [
            text(cells[index]) for _n, cells in samples if index < len(cells) and cells[index]
        ][:3]
        described.append({"name": name, "heading": heading, "examples": examples})

    def clean(self):
        cleaned = forms.Form.clean(self)
        chosen = {}
        for name, key in list(cleaned.items()):
            if key == columns.IGNORE:
                continue
            if key in chosen:
                self.add_error(
                    name,
                    _("%(field)s is already chosen for column %(column)s.")
                    % {
                        "field": str(columns.BY_KEY[key].label).capitalize(),
                        "column": self.fields[chosen[key]].label,
                    },
                )
            chosen.setdefault(key, name)
        if not set(chosen) & set(columns.KEYS):
            missing = [key for key in columns.REQUIRED if key not in chosen]
            if missing:
                raise forms.ValidationError(
                    _("Choose a column for: %(fields)s.")
                    % {"fields": ", ".join(str(columns.BY_KEY[key].label) for key in missing)}
                )
        return cleaned

    form_class = type("MappingForm", (forms.Form,), {**fields, "clean": clean})
    return form_class, described


@login_required
def activity_import_map(request, token):
    """Step 2: say which column holds which field (recognised headings come chosen)."""
    _require_import(request)
    entry, table = _stored(request, token)
    report = importer.inspect(table, _remembered(request))
    if not report.ok:
        return TemplateResponse(
            request,
            "activities/import_preview.html",
            {"report": report, "entry": entry, "token": token},
        )
    form_class, described = _mapping_form_class(report, table)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mapping = {
            report.headings[int(name.removeprefix("column_"))]: key
            for name, key in form.cleaned_data.items()
        }
        mappings = request.session.get(SESSION_MAPPINGS, {})
        mappings[str(request.municipality.pk)] = {**_remembered(request), **mapping}
        request.session[SESSION_MAPPINGS] = mappings
        return redirect("activity-import-preview", token=token)
    rows = [{**item, "field": form[item["name"]]} for item in described]
    return TemplateResponse(
        request,
        "activities/import_map.html",
        {"form": form, "rows": rows, "entry": entry, "report": report, "token": token},
    )


@login_required
def activity_import_preview(request, token):
    """Step 3: every problem and every change, before anything is written; then import
    (a background job: the page follows its progress)."""
    _require_import(request)
    entry, table = _stored(request, token)
    if request.method == "POST":
        return _start_import(request, token, entry)
    try:
        with locks.exclusive(_lock_name(request)):
            report = importer.run_import(
                table,
                municipality=request.municipality,
                mapping=_remembered(request),
                user=request.user,
                dry_run=True,
            )
    except locks.Busy:
        return _busy(request, "activities/import_preview.html", {"entry": entry, "token": token})
    changes = [row for row in report.planned if row.action != "unchanged"]
    return TemplateResponse(
        request,
        "activities/import_preview.html",
        {
            "report": report,
            "entry": entry,
            "token": token,
            "changes": changes[:SHOWN_ROWS],
            "more_changes": max(0, len(changes) - SHOWN_ROWS),
        },
    )


def _start_import(request, token, entry):
    from ..tasks import import_activities

    job = operations.start_job(
        request,
        kind="activity-import",
        title=_("Import of %(name)s") % {"name": entry["name"]},
        task=import_activities,
        token=token,
        name=entry["name"],
        mapping=_remembered(request),
    )
    # The upload is the job's now: it cannot be imported twice from this session.
    files = request.session.get(SESSION_FILES, {})
    files.pop(token, None)
    request.session[SESSION_FILES] = files
    return redirect("job", pk=job.pk)


# Export -----------------------------------------------------------------------------------


@login_required
def activity_export(request):
    """The list's filter as a file: ?format=xlsx or csv; without a format, a page to choose."""
    require(request, "samverkan.view_record", request.municipality)
    filters = queries.ActivityFilters.from_params(request.GET)
    activities = access.activities_for(request).filtered(filters).sorted_by(request.GET.get("sort"))
    file_format = request.GET.get("format")
    stamp = timezone.localdate().isoformat()
    if file_format == "xlsx":
        response = HttpResponse(exporter.write_xlsx(activities), content_type=exporter.XLSX_TYPE)
        response["Content-Disposition"] = attachment(ACTIVITIES, stamp, extension="xlsx")
        return response
    if file_format == "csv":
        response = StreamingHttpResponse(
            exporter.csv_lines(activities), content_type=exporter.CSV_TYPE
        )
        response["Content-Disposition"] = attachment(ACTIVITIES, stamp, extension="csv")
        return response
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("page", None)
    base = reverse("activity-export")
    encoded = query.urlencode()
    prefix = f"{base}?{encoded}&" if encoded else f"{base}?"
    return TemplateResponse(
        request,
        "activities/export_choose.html",
        {
            "totals": activities.totals(),
            "xlsx_url": f"{prefix}format=xlsx",
            "csv_url": f"{prefix}format=csv",
            "list_url": f"{reverse('activity-list')}?{encoded}"
            if encoded
            else reverse("activity-list"),
            "filtered": bool(filters),
        },
    )
