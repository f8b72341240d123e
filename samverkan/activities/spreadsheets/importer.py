"""Importing activities from a spreadsheet: every row checked, then all written or none.

1. The header row is found below any title rows and its headings mapped to fields.
2. Each row's cells are read (Swedish numbers and dates, names of committees, countries
   and partners) and the row is matched to an existing activity by its key: the
   Samverkan id of an exported file, else the external id, else title + committee +
   start date.
3. Each row goes through ActivityForm and the activity's rules (the form runs
   Activity.clean, then actions.check_activity_links), as on the pages; a committee
   editor may import only rows of their own committees.
4. A dry run stops there and reports. A real run writes every row in one transaction
   through the activity actions (create_activity, update_activity, and
   import_new_activities for the new rows that can go in batches), and only if no row
   has a problem. A row that changes nothing is not written, so importing the same file
   twice changes nothing the second time.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django import forms as django_forms
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_countries import countries as country_list

from samverkan.lib.actions import SYSTEM, RuleViolation, VersionConflict
from samverkan.organisation.models import Body
from samverkan.registry.models import Partner

from .. import actions
from ..forms import ActivityForm
from ..models import Activity
from . import columns, values
from .reading import Table

CHUNK = 500  # ids per IN (...) query: below every database's parameter limit
TOTAL_WORDS = {"summa", "totalt", "total", "totals", "sum", "summa totalt", "totalsumma"}
M2M_FIELDS = ("partners",)


@dataclass
class Problem:
    row: int | None  # the spreadsheet's row number; None for the file as a whole
    column: str  # "C (Nämnd)", or "" when no one column is at fault
    value: str
    message: str


@dataclass
class Planned:
    row: int
    action: str  # "create", "update" or "unchanged"
    title: str
    changes: list[str] = field(default_factory=list)  # labels of the fields that change
    pk: int | None = None
    # What the write needs; dropped from a report once written.
    instance: Activity | None = None
    version: int | None = None
    related: dict = field(default_factory=dict)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    planned: list[Planned] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    header_row: int | None = None
    headings: list[str] = field(default_factory=list)
    mapping: dict[int, str] = field(default_factory=dict)  # column index → key
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action) -> int:
        return sum(1 for row in self.planned if row.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def rows_with_problems(self) -> int:
        return len({problem.row for problem in self.problems if problem.row is not None})


# Lookups --------------------------------------------------------------------------------

COUNTRY_ALIASES = {
    "GB": ["UK", "England", "Skottland", "Scotland", "Wales", "Nordirland", "Northern Ireland",
           "Great Britain", "United Kingdom", "Britain", "Storbritannien och Nordirland"],
    "US": ["USA", "United States", "United States of America", "Förenta staterna"],
    "NL": ["Holland", "The Netherlands"],
    "CZ": ["Czech Republic", "Tjeckiska republiken"],
    "RU": ["Russia"],
    "KR": ["South Korea", "Sydkorea"],
    "BY": ["Vitryssland"],
    "BA": ["Bosnien"],
    "MK": ["Makedonien", "Macedonia"],
}  # fmt: skip

KIND_WORDS = {
    "project": ["projekt"],
    "study_visit": ["studieresa", "studiebesok", "study trip", "besok", "visit"],
    "delegation": ["delegation", "mottagning", "besok hos oss", "delegationsbesok"],
    "conference": ["konferens", "seminarium", "seminar"],
    "network_meeting": ["natverksmote", "natverk", "network", "natverkstraff", "mote"],
    "staff_exchange": ["personalutbyte", "medarbetarutbyte", "jobbskuggning", "job shadowing"],
    "student_exchange": ["elevutbyte", "studentutbyte", "student exchange"],
    "youth_exchange": ["ungdomsutbyte", "youth exchange"],
    "training": ["utbildning", "kurs", "course"],
    "other": ["annat", "ovrigt", "ovrig"],
}
STATUS_WORDS = {
    "planned": ["planerad", "planerat", "planerade", "kommande", "planned"],
    "ongoing": ["pagaende", "pagar", "aktiv", "aktivt", "in progress", "active", "ongoing"],
    "completed": ["avslutad", "avslutat", "genomford", "genomfort", "klar", "klart",
                  "slutford", "done", "finished", "completed"],
    "cancelled": ["installd", "installt", "avbruten", "avbrutet", "struken", "canceled",
                  "cancelled"],
}  # fmt: skip


@lru_cache(maxsize=1)
def country_lookup() -> values.Lookup:
    lookup = values.Lookup()
    for language in ("sv", "en"):
        with override(language):
            for code, name in country_list:
                lookup.add(name, code)
    for code, _name in country_list:
        lookup.add(code, code, suggest=False)
        alpha3 = country_list.alpha3(code)
        if alpha3:
            lookup.add(alpha3, code, suggest=False)
    for code, names in COUNTRY_ALIASES.items():
        for name in names:
            lookup.add(name, code)
    return lookup


def _choice_lookup(choices, words) -> values.Lookup:
    lookup = values.Lookup()
    for value, label in choices:
        for language in ("sv", "en"):
            with override(language):
                lookup.add(str(label), value)
        lookup.add(value, value, suggest=False)
    for value, names in words.items():
        for name in names:
            lookup.add(name, value, suggest=False)
    return lookup


def committee_lookup(municipality) -> tuple[values.Lookup, dict[int, Body]]:
    lookup = values.Lookup()
    bodies = {body.pk: body for body in Body.objects.for_municipality(municipality)}
    for body in bodies.values():
        lookup.add(body.name, body.pk)
        if body.abbreviation:
            lookup.add(body.abbreviation, body.pk, suggest=False)
    # The council and the board by their kind too ("Executive board", "KS").
    for body in bodies.values():
        if body.kind in (Body.Kind.COUNCIL, Body.Kind.EXECUTIVE_BOARD):
            label = Body.Kind(body.kind).label
            for language in ("sv", "en"):
                with override(language):
                    shown = str(label)
                    lookup.add(shown, body.pk, suggest=False)
                    lookup.add(re.sub(r"\s*\(.*\)$", "", shown), body.pk, suggest=False)
            short = "KF" if body.kind == Body.Kind.COUNCIL else "KS"
            lookup.add(short, body.pk, suggest=False)
    return lookup, bodies


def partner_lookup(municipality) -> values.Lookup:
    lookup = values.Lookup()
    for pk, name, local_name in Partner.objects.for_municipality(municipality).values_list(
        "pk", "name", "local_name"
    ):
        lookup.add(name, pk)
        if local_name:
            lookup.add(local_name, pk, suggest=False)
    return lookup


class _Context:
    """What reading a row needs, built once per import."""

    def __init__(self, municipality, user):
        self.municipality = municipality
        self.committees, self.bodies = committee_lookup(municipality)
        self.countries = country_lookup()
        self.partners = partner_lookup(municipality)
        self._form = None
        self.kinds = _choice_lookup(Activity.Kind.choices, KIND_WORDS)
        self.statuses = _choice_lookup(Activity.Status.choices, STATUS_WORDS)
        if user is SYSTEM:  # the command: run by whoever runs the server
            self.allowed = set(self.bodies)
        else:
            self.allowed = {
                pk
                for pk in self.bodies
                if user.has_perm(
                    "samverkan.add_record", Activity(municipality=municipality, committee_id=pk)
                )
            }

    def form(self, data, instance):
        if self._form is None:
            self._form = _ImportForm(
                instance=Activity(municipality=self.municipality), municipality=self.municipality
            )
            committee = self._form.fields["committee"]
            self._form.fields["committee"] = _CommitteeField(self.bodies, committee)
        return self._form.bind(data, instance)


# Reading cells ------------------------------------------------------------------------


def _unknown(kind_message, value, lookup):
    return values.ValueProblem(values.did_you_mean(kind_message, lookup.suggestions(value)))


def parse_cell(key: str, raw, ctx: _Context):
    """A cell's value for the form, or values.ValueProblem. Blank gives None."""
    column = columns.BY_KEY[key]
    if values.is_formula(raw):
        raise values.ValueProblem(
            _(
                "A formula is not calculated on import: type the value itself "
                "(or start the cell with an apostrophe to keep it as text)."
            )
        )
    if column.kind == "text":
        return values.text(raw)
    if values.is_blank(raw):
        return None
    if column.kind == "integer":
        return values.integer(raw)
    if column.kind == "decimal":
        return values.decimal(raw)
    if column.kind == "date":
        return values.date(raw)
    if column.kind == "boolean":
        return values.boolean(raw)
    if column.kind == "samverkan_id":
        number = values.integer(raw)
        if number is None or number <= 0:
            raise values.ValueProblem(_("Not an id."))
        return number
    name = values.text(raw)
    if column.kind == "committee":
        try:
            return ctx.committees.get(name)
        except KeyError:
            raise _unknown(
                _("Unknown committee '%(name)s'") % {"name": name}, name, ctx.committees
            ) from None
    if column.kind == "choice":
        lookup = ctx.kinds if key == "kind" else ctx.statuses
        try:
            return lookup.get(name)
        except KeyError:
            message = (
                _("Unknown kind of activity '%(name)s'")
                if key == "kind"
                else _("Unknown status '%(name)s'")
            )
            raise _unknown(message % {"name": name}, name, lookup) from None
    if column.kind == "goals":
        numbers = re.findall(r"\d+", name)
        if not numbers:
            raise values.ValueProblem(_("Give the goals' numbers, e.g. 3, 4, 11."))
        return sorted({int(number) for number in numbers})
    if column.kind in ("countries", "partners"):
        lookup = ctx.countries if column.kind == "countries" else ctx.partners
        found, unknown = [], []
        for piece in values.pieces(raw):
            found_here = _find_all(lookup, piece)
            if found_here is None:
                unknown.append(piece)
            else:
                found.extend(found_here)
        if unknown:
            message = (
                _("Unknown country '%(name)s'")
                if column.kind == "countries"
                else _("Unknown partner '%(name)s' (add it to the partner register first)")
            )
            raise values.ValueProblem(
                " ".join(
                    values.did_you_mean(message % {"name": name}, lookup.suggestions(name))
                    for name in unknown
                )
            )
        return list(dict.fromkeys(found))
    raise AssertionError(column.kind)


def _find_all(lookup, piece):
    """The value of the whole piece, else of each comma-separated part ("Tyskland, Polen")."""
    try:
        return [lookup.get(piece)]
    except KeyError:
        pass
    parts = [part.strip() for part in piece.split(",") if part.strip()]
    if len(parts) < 2:
        return None
    try:
        return [lookup.get(part) for part in parts]
    except KeyError:
        return None


# The import -----------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    cells: dict[str, object]  # key → raw cell
    parsed: dict[str, object]
    bad: set[str]  # keys whose cells could not be read
    instance: Activity | None = None


def inspect(table: Table, mapping: dict | None = None) -> Report:
    """The header row, its headings and the mapping guessed for them (no rows read)."""
    report = Report(notes=list(table.notes))
    header = columns.find_header(table.rows, mapping)
    if header is None:
        report.problems.append(Problem(None, "", "", _("No header row was found.")))
        return report
    number, cells = table.rows[header]
    report.header_row = number
    report.headings = [values.text(cell) for cell in cells]
    report.mapping = columns.guess_mapping(report.headings, mapping)
    return report


def _label(report, index) -> str:
    heading = report.headings[index] if index < len(report.headings) else ""
    letter = columns.column_letter(index)
    return f"{letter} ({heading})" if heading else letter


def run_import(
    table: Table,
    *,
    municipality,
    mapping: dict | None = None,
    user=None,
    dry_run: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> Report:
    """Check every row of `table`, and unless `dry_run` write them all (or none).

    `mapping` is {heading: key} as the mapping page or --mapping FILE give it; headings
    it leaves out are recognised by themselves. `user` is who imports (the uploading
    user); None or SYSTEM is the server itself (the command).
    """
    user = SYSTEM if user is None else user
    report = inspect(table, mapping)
    if not report.ok:
        return report
    mapped = set(report.mapping.values())
    if not (mapped & set(columns.KEYS)) and not set(columns.REQUIRED) <= mapped:
        missing = [str(columns.BY_KEY[key].label) for key in columns.REQUIRED if key not in mapped]
        report.problems.append(
            Problem(
                None,
                "",
                "",
                _("No column was found for: %(fields)s. Map the columns to fields.")
                % {"fields": ", ".join(missing)},
            )
        )
        return report
    ignored = [
        _label(report, index)
        for index, heading in enumerate(report.headings)
        if heading and index not in report.mapping
    ]
    if ignored:
        report.notes.append(
            _("Columns not imported: %(columns)s.") % {"columns": ", ".join(ignored)}
        )
    export_only = {key for key in mapped if columns.BY_KEY[key].export_only}
    if export_only:
        report.notes.append(
            _("Computed columns are not imported: %(columns)s.")
            % {"columns": ", ".join(str(columns.BY_KEY[key].label) for key in export_only)}
        )
    ctx = _Context(municipality, user)
    rows = _read_rows(table, report, ctx)
    _match_existing(rows, report, ctx)
    total = len(rows)
    for done, row in enumerate(rows, start=1):
        _check_row(row, report, ctx)
        if progress and (done % 500 == 0 or done == total):
            progress("check", done, total)
    report.problems.sort(key=lambda problem: problem.row or 0)
    if dry_run or not report.ok:
        return report
    _write(report, progress, user)
    return report


def _read_rows(table, report, ctx) -> list[_Row]:
    header_index = next(i for i, (n, _c) in enumerate(table.rows) if n == report.header_row)
    header_key = [values.normalise(h) for h in report.headings]
    importable = {
        index: key for index, key in report.mapping.items() if not columns.BY_KEY[key].export_only
    }
    rows = []
    for number, cells in table.rows[header_index + 1 :]:
        if [values.normalise(values.text(cell)) for cell in cells] == header_key:
            continue  # the header repeated (a sheet pasted together from parts)
        raw = {
            key: cells[index] if index < len(cells) else None for index, key in importable.items()
        }
        if all(values.is_blank(cell) for cell in raw.values()):
            report.notes.append(
                _("Row %(row)s has values only in columns that are not imported; skipped.")
                % {"row": number}
            )
            continue
        if _is_totals_row(raw, cells):
            report.notes.append(
                _("Row %(row)s looks like a totals row and was skipped.") % {"row": number}
            )
            continue
        row = _Row(number, raw, {}, set())
        for index, key in importable.items():
            try:
                row.parsed[key] = parse_cell(key, row.cells[key], ctx)
            except values.ValueProblem as problem:
                row.bad.add(key)
                report.problems.append(
                    Problem(
                        number, _label(report, index), values.text(row.cells[key]), str(problem)
                    )
                )
        rows.append(row)
    if not rows:
        report.problems.append(Problem(None, "", "", _("There are no rows below the header.")))
    return rows


def _is_totals_row(raw, cells) -> bool:
    identifying = [raw.get(key) for key in ("start_date", "committee") if key in raw]
    if any(not values.is_blank(cell) for cell in identifying):
        return False
    title = values.normalise(values.text(raw.get("title")))
    if title and title not in TOTAL_WORDS:
        return False
    return any(
        values.is_formula(cell) or values.normalise(values.text(cell)) in TOTAL_WORDS
        for cell in cells
    )


def _natural_key(title, committee_id, start_date):
    return (values.normalise(title or ""), committee_id, start_date)


def _chunks(items):
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _match_existing(rows, report, ctx):
    """Find the activity each row updates; two rows for the same activity are a problem."""
    base = Activity.objects.for_municipality(ctx.municipality).prefetch_related(
        "countries", "partners", "twin_towns", "memberships", "goals"
    )
    ids = {row.parsed.get("samverkan_id") for row in rows} - {None}
    external = {row.parsed.get("external_id") for row in rows} - {None, ""}
    dates = {row.parsed.get("start_date") for row in rows} - {None}
    by_id, by_external, by_natural = {}, {}, {}
    for chunk in _chunks(ids):
        by_id.update({a.pk: a for a in base.filter(pk__in=chunk)})
    for chunk in _chunks(external):
        by_external.update({a.external_id: a for a in base.filter(external_id__in=chunk)})
    for chunk in _chunks(dates):
        for activity in base.filter(start_date__in=chunk):
            key = _natural_key(activity.title, activity.committee_id, activity.start_date)
            by_natural.setdefault(key, activity)
    seen = {}
    for row in rows:
        parsed = row.parsed
        natural = _natural_key(
            parsed.get("title"), parsed.get("committee"), parsed.get("start_date")
        )
        if parsed.get("samverkan_id"):
            key = ("id", parsed["samverkan_id"])
            row.instance = by_id.get(parsed["samverkan_id"])
            if row.instance is None:
                index = _index_of(report, "samverkan_id")
                report.problems.append(
                    Problem(
                        row.number,
                        _label(report, index),
                        str(parsed["samverkan_id"]),
                        _(
                            "No activity of this municipality has this Samverkan id; "
                            "leave the cell empty to add a new activity."
                        ),
                    )
                )
                row.bad.add("samverkan_id")
        elif parsed.get("external_id"):
            key = ("external", parsed["external_id"])
            row.instance = by_external.get(parsed["external_id"])
            if row.instance is None:
                match = by_natural.get(natural)
                if match is not None and not match.external_id:
                    row.instance = match  # the same activity, now given its external id
        elif all(natural[1:]) and natural[0]:
            key = ("natural", *natural)
            row.instance = by_natural.get(natural)
        else:
            continue  # the form will say what is missing
        if key in seen:
            report.problems.append(
                Problem(
                    row.number,
                    "",
                    "",
                    _("The same activity as row %(row)s: an activity can be on one row only.")
                    % {"row": seen[key]},
                )
            )
            row.bad.add("__key__")
        else:
            seen[key] = row.number
        if row.instance is not None and row.instance.pk in seen:
            report.problems.append(
                Problem(
                    row.number,
                    "",
                    "",
                    _("The same activity as row %(row)s: an activity can be on one row only.")
                    % {"row": seen[row.instance.pk]},
                )
            )
            row.bad.add("__key__")
        elif row.instance is not None:
            seen[row.instance.pk] = row.number


def _index_of(report, key):
    return next(index for index, k in report.mapping.items() if k == key)


def _form_data(instance, form_fields) -> dict:
    data = model_to_dict(instance, fields=form_fields)
    for name in ("partners", "twin_towns", "memberships", "goals"):
        data[name] = [obj.pk for obj in data.get(name) or []]
    data["countries"] = (
        [row.country.code for row in instance.countries.all()] if instance.pk else []
    )
    if instance.pk:
        data["opened_version"] = instance.version
    return data


FORM_FIELDS = ActivityForm._meta.fields
# Blank choice or yes/no cells leave the field as it is (or the default, for a new row).
KEEP_WHEN_BLANK = {"kind", "status", "is_public"}
BLANK_VALUE = {
    "participants_elected": 0,
    "participants_employees": 0,
    "participants_residents": 0,
    "participants_young": 0,
    "own_costs": 0,
    "countries": [],
    "partners": [],
    "agenda_2030_goals": [],
}


class _ImportForm(ActivityForm):
    """ActivityForm, built once per import and bound to each row in turn.

    Building an ActivityForm costs milliseconds (every field is deep-copied, the
    country field with all its choices); for a 10,000-row file that alone would take
    over a minute. The fields, rules and clean methods are the form's own.
    """

    def bind(self, data, instance):
        self.data = data
        self.files = {}
        self.is_bound = True
        self.instance = instance
        self._errors = None
        self._bound_fields_cache = {}
        self.__dict__.pop("cleaned_data", None)
        return self

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # The committee was already found among this municipality's bodies (read once
        # for the import); the model's check would ask the database again for each row.
        exclude.add("committee")
        return exclude


class _CommitteeField(django_forms.ModelChoiceField):
    """The form's committee choice, answered from the bodies read once per import.

    Same choices as the form's own field (this municipality's bodies), without a query
    for every row of a large file.
    """

    def __init__(self, bodies, original):
        super().__init__(queryset=original.queryset, required=original.required)
        self.bodies = bodies
        self.label = original.label

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.bodies[int(getattr(value, "pk", value))]
        except (KeyError, TypeError, ValueError):
            raise django_forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


def _check_row(row: _Row, report: Report, ctx: _Context) -> None:
    instance = row.instance or Activity(municipality=ctx.municipality)
    data = _form_data(instance, FORM_FIELDS)
    before = dict(data)
    for key, value in row.parsed.items():
        if key in row.bad or key == "samverkan_id":
            continue
        if value is None or value == "":
            if key in KEEP_WHEN_BLANK:
                continue
            value = BLANK_VALUE.get(key, value)
        data[key] = value
    form = ctx.form(data, instance)
    valid = form.is_valid()
    columns_of = {key: index for index, key in report.mapping.items()}
    for name, errors in form.errors.items():
        if name in row.bad:
            continue  # already reported as unreadable
        index = columns_of.get(name)
        label = form.fields[name].label if name in form.fields else ""
        message = " ".join(str(error) for error in errors)
        if index is None and label:
            message = f"{label}: {message}"
        report.problems.append(
            Problem(
                row.number,
                _label(report, index) if index is not None else "",
                values.text(row.cells.get(name)) if name in row.cells else "",
                message,
            )
        )
    if not valid or row.bad:
        return
    committee_id = form.cleaned_data["committee"].pk
    if committee_id not in ctx.allowed or (
        row.instance is not None and row.instance.committee_id not in ctx.allowed
    ):
        index = columns_of.get("committee")
        report.problems.append(
            Problem(
                row.number,
                _label(report, index) if index is not None else "",
                str(form.cleaned_data["committee"]),
                _("You may import activities of your own committees only."),
            )
        )
        return
    changed = [
        key
        for key in row.parsed
        if key in form.fields and _differs(before.get(key), form.cleaned_data.get(key))
    ]
    action = "create" if row.instance is None else ("update" if changed else "unchanged")
    related = {}
    for name in (*M2M_FIELDS, "countries"):
        if name in row.parsed and name in changed:
            related[name] = form.cleaned_data[name]
    if action != "unchanged":
        try:
            actions.check_activity_links(
                form.instance, {k: related[k] for k in M2M_FIELDS if k in related}
            )
        except RuleViolation as violation:
            for name, message in violation.errors:
                index = columns_of.get(name)
                report.problems.append(
                    Problem(
                        row.number,
                        _label(report, index) if index is not None else "",
                        values.text(row.cells.get(name)) if name in row.cells else "",
                        message,
                    )
                )
            return
    # What the action writes: every field of a new row, the changed ones of an update.
    # (The import's one form is bound to the next row next: the values are copied.)
    if action == "create" and related.get("partners"):  # written one at a time (_write)
        related["values"] = form.changes()
    elif action == "update":
        related["values"] = {key: form.cleaned_data[key] for key in changed}
    report.planned.append(
        Planned(
            row=row.number,
            action=action,
            title=form.cleaned_data["title"],
            changes=[str(form.fields[key].label) for key in changed] if row.instance else [],
            pk=instance.pk,
            instance=form.instance if action != "unchanged" else None,
            version=before.get("opened_version"),
            related={"fields": changed, **related},
        )
    )


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple) or hasattr(value, "model"):
        return sorted(str(_plain(item)) for item in value)
    return value


def _differs(before, after) -> bool:
    before, after = _plain(before), _plain(after)
    if isinstance(after, list) or isinstance(before, list):
        return sorted(map(str, before or [])) != sorted(map(str, after or []))
    if before in (None, "") and after in (None, ""):
        return False
    return before != after


class ImportAborted(Exception):
    pass


def _write(report: Report, progress, user) -> None:
    """Write the planned rows in one transaction; any failure leaves nothing written."""
    todo = [planned for planned in report.planned if planned.action != "unchanged"]
    # New rows without partners go in batches (actions.import_new_activities); the rest
    # one at a time through create_activity and update_activity.
    batched = [p for p in todo if p.action == "create" and not p.related.get("partners")]
    batched_ids = {id(p) for p in batched}
    single = [p for p in todo if id(p) not in batched_ids]
    try:
        with transaction.atomic():
            actions.import_new_activities(
                [(p.instance, p.related.get("countries", [])) for p in batched], acting_user=user
            )
            if progress and batched:
                progress("write", len(batched), len(todo))
            for done, planned in enumerate(single, start=len(batched) + 1):
                _write_one(planned, user)
                if progress and (done % 500 == 0 or done == len(todo)):
                    progress("write", done, len(todo))
    except VersionConflict as conflict:
        report.problems.append(
            Problem(
                None,
                "",
                str(conflict.current),
                _(
                    "Someone changed this activity while the file was being imported. "
                    "Nothing was imported; import the file again."
                ),
            )
        )
        return
    except (IntegrityError, RuleViolation):
        report.problems.append(
            Problem(
                None,
                "",
                "",
                _(
                    "Another change was saved at the same time (e.g. the same external id). "
                    "Nothing was imported; import the file again."
                ),
            )
        )
        return
    report.written = True
    for planned in report.planned:
        if planned.instance is not None:
            planned.pk = planned.instance.pk
        planned.instance = None
        planned.related = {}


def _write_one(planned: Planned, user) -> None:
    values = planned.related["values"]
    if planned.action == "create":
        planned.instance = actions.create_activity(
            planned.instance.municipality, values, acting_user=user
        )
    else:
        actions.update_activity(
            planned.instance, values, expected_version=planned.version, acting_user=user
        )
