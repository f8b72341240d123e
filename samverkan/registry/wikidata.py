"""Twin towns as Wikidata's "twinned administrative body" (P190) statements: export and check.

Pure functions on plain values, so they are tested without a database:

- `export_rows()` turns relations into rows shaped like the answer of a Wikidata
  query for P190 (item, twin, country as ISO 3166-1 alpha-2, start time P580, end
  time P582), written as CSV or as SPARQL JSON by `to_csv()` / `to_sparql_json()`.
- `parse_statements()` reads such a file: the JSON a SPARQL query returns
  ({"head": ..., "results": {"bindings": [...]}}) or a CSV with the columns
  item,itemLabel,twin,twinLabel,country,start. An export read back matches itself.
- `compare()` says which relations are in both, only here, or only in Wikidata,
  matching names case- and accent-insensitively, and the country when both give one.
"""

import csv
import datetime
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django_countries import countries

from samverkan.lib import exports

PROPERTY = "P190"
ENTITY_PREFIX = "http://www.wikidata.org/entity/"
COLUMNS = ["item", "itemLabel", "twin", "twinLabel", "twinLocalLabel", "country", "start", "end"]
REQUIRED_COLUMNS = {"twinLabel"}

# Countries as Wikidata items, for queries that return ?country as an entity
# rather than its ISO code (wdt:P297). Only the ones twin towns usually lie in.
COUNTRY_ITEMS = {
    "Q34": "SE",
    "Q33": "FI",
    "Q20": "NO",
    "Q35": "DK",
    "Q189": "IS",
    "Q191": "EE",
    "Q211": "LV",
    "Q37": "LT",
    "Q183": "DE",
    "Q36": "PL",
    "Q142": "FR",
    "Q38": "IT",
    "Q29": "ES",
    "Q145": "GB",
    "Q212": "UA",
    "Q159": "RU",
    "Q30": "US",
    "Q148": "CN",
    "Q55": "NL",
    "Q31": "BE",
    "Q40": "AT",
    "Q213": "CZ",
    "Q28": "HU",
    "Q17": "JP",
    "Q41": "GR",
    "Q45": "PT",
    "Q27": "IE",
    "Q39": "CH",
}

# Words that name the kind of place rather than the place ("Eigersund kommune",
# "Municipality of Daugavpils"): ignored when an exact name does not match.
GENERIC_WORDS = {
    "municipality",
    "municipal",
    "city",
    "town",
    "of",
    "kommun",
    "kommune",
    "kunta",
    "kaupunki",
    "stad",
    "by",
    "gmina",
    "miasto",
    "stadt",
    "gemeinde",
    "pilseta",
    "novads",
    "vald",
    "linn",
}


class WikidataFileError(ValueError):
    """The file is not a P190 query result we can read; the message says why."""


@dataclass(frozen=True)
class Relation:
    """One twin-town relation kept here."""

    name: str
    local_name: str = ""
    country: str = ""
    since: datetime.date | None = None
    ended_on: datetime.date | None = None
    status: str = ""
    pk: int | None = None


@dataclass(frozen=True)
class Statement:
    """One P190 statement read from a file."""

    twin_label: str
    twin: str = ""
    item_label: str = ""
    item: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, or "" when unknown
    country_given: str = ""  # as written in the file, for the page when unknown
    start: datetime.date | None = None

    @property
    def url(self) -> str:
        """The twin's Wikidata page; only Wikidata's own addresses (the file is untrusted)."""
        item = _entity_id(self.twin)
        if re.fullmatch(r"Q\d+", item):
            return f"https://www.wikidata.org/wiki/{item}"
        return ""


@dataclass
class Match:
    relation: Relation
    statement: Statement
    notes: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    in_both: list[Match]
    only_here: list[Relation]
    only_wikidata: list[Statement]
    # Statements about other items than this municipality (a query for many).
    other_items: int = 0


# Export --------------------------------------------------------------------------------


def export_rows(municipality_name: str, relations) -> list[dict]:
    """One row per relation, in the columns of a P190 query result (dates ISO)."""
    return [
        {
            "item": "",
            "itemLabel": municipality_name,
            "twin": "",
            "twinLabel": relation.name,
            "twinLocalLabel": relation.local_name,
            "country": relation.country,
            "start": relation.since.isoformat() if relation.since else "",
            "end": relation.ended_on.isoformat() if relation.ended_on else "",
        }
        for relation in relations
    ]


def to_csv(rows: list[dict]) -> str:
    """The rows as CSV, formula-safe (a twin town's name is the municipality's text)."""
    out = io.StringIO()
    writer = exports.CsvDictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_sparql_json(rows: list[dict]) -> str:
    """The rows as the JSON a SPARQL endpoint answers, so the check reads them back."""
    bindings = []
    for row in rows:
        binding = {}
        for column in COLUMNS:
            value = row.get(column, "")
            if not value:
                continue
            if column in ("start", "end"):
                binding[column] = {
                    "datatype": "http://www.w3.org/2001/XMLSchema#dateTime",
                    "type": "literal",
                    "value": f"{value}T00:00:00Z",
                }
            else:
                binding[column] = {"type": "literal", "value": value}
        bindings.append(binding)
    document = {"head": {"vars": COLUMNS}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2)


# Reading a file ------------------------------------------------------------------------


def parse_statements(data: bytes) -> list[Statement]:
    """Read a SPARQL JSON result or a CSV of P190 statements; WikidataFileError if neither."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WikidataFileError(_("The file is not UTF-8 text.")) from None
    text = text.strip()
    if not text:
        raise WikidataFileError(_("The file is empty."))
    rows = _json_rows(text) if text[0] in "{[" else _csv_rows(text)
    statements = []
    seen = set()
    for row in rows:
        statement = _statement(row)
        if statement is None:
            continue
        # A query joining several countries or dates repeats a statement: keep one.
        key = (normalise(statement.item_label), normalise(statement.twin_label), statement.country)
        if key in seen:
            continue
        seen.add(key)
        statements.append(statement)
    return statements


def _json_rows(text: str) -> list[dict]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise WikidataFileError(
            _("The file is not valid JSON (line %(line)s).") % {"line": error.lineno}
        ) from None
    bindings = None
    if isinstance(document, dict):
        results = document.get("results")
        if isinstance(results, dict):
            bindings = results.get("bindings")
    if not isinstance(bindings, list):
        raise WikidataFileError(
            _(
                "The JSON is not a SPARQL query result: it needs "
                '{"head": ..., "results": {"bindings": [...]}}.'
            )
        )
    rows = []
    for binding in bindings:
        if not isinstance(binding, dict):
            raise WikidataFileError(_("A result row in the JSON is not an object."))
        rows.append(
            {
                name: str(cell.get("value", "")) if isinstance(cell, dict) else str(cell)
                for name, cell in binding.items()
            }
        )
    if bindings and not any("twinLabel" in row or "twin" in row for row in rows):
        raise WikidataFileError(_("The query result has no twinLabel (or twin) variable."))
    return rows


def _csv_rows(text: str) -> list[dict]:
    first = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    # The query service's TSV quotes literals in the RDF way ("Hyvinkää"@fi): keep the quotes.
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter, quoting=quoting)
    # The query service's TSV names the columns ?item, ?twinLabel, …
    columns = [name.strip().lstrip("?") for name in (reader.fieldnames or [])]
    missing = REQUIRED_COLUMNS - set(columns)
    if missing:
        raise WikidataFileError(
            _(
                "The CSV has no %(columns)s column; expected "
                "item,itemLabel,twin,twinLabel,country,start."
            )
            % {"columns": ", ".join(sorted(missing))}
        )
    rows = []
    try:
        for raw in reader:
            rows.append(
                {
                    column: _tsv_value(value or "")
                    for column, value in zip(columns, raw.values(), strict=False)
                }
            )
    except csv.Error as error:
        raise WikidataFileError(_("The CSV cannot be read: %(error)s") % {"error": error}) from None
    return rows


def _tsv_value(value) -> str:
    # TSV cells look like <http://…/Q123> or "Hyvinkää"@fi; our own CSV export writes
    # text that starts like a formula after an apostrophe.
    value = exports.restore(str(value).strip())
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    match = re.fullmatch(r'"(.*)"(@[\w-]+|\^\^.*)?', value)
    return match.group(1) if match else value


def _statement(row: dict) -> Statement | None:
    twin = row.get("twin", "").strip()
    label = row.get("twinLabel", "").strip()
    if not label:
        # Without a label the query service gives the item's id: nothing to match by name.
        label = _entity_id(twin)
    if not label:
        return None
    given = row.get("country", "").strip() or row.get("countryLabel", "").strip()
    return Statement(
        twin_label=label,
        twin=twin,
        item_label=row.get("itemLabel", "").strip(),
        item=row.get("item", "").strip(),
        country=country_code(given) or country_code(row.get("countryLabel", "")),
        country_given=given,
        start=parse_date(row.get("start", "")),
    )


def _entity_id(value: str) -> str:
    value = value.strip()
    if value.startswith(ENTITY_PREFIX):
        return value[len(ENTITY_PREFIX) :]
    return value


def country_code(value: str) -> str:
    """ISO 3166-1 alpha-2 from an ISO code, a Wikidata country item or a country name."""
    value = (value or "").strip()
    if not value:
        return ""
    item = _entity_id(value)
    if item in COUNTRY_ITEMS:
        return COUNTRY_ITEMS[item]
    if len(value) in (2, 3) and value.isalpha():
        return countries.alpha2(value) or ""
    return countries.by_name(value) or countries.by_name(value, language="sv") or ""


def parse_date(value: str) -> datetime.date | None:
    """The date of a Wikidata time value ("1998-07-01T00:00:00Z", "1998", "+1998-00-00…")."""
    value = (value or "").strip().lstrip("+")
    match = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    # Wikidata writes a year-precision date as 1998-00-00 or 1998-01-01.
    try:
        return datetime.date(int(year), int(month or 1) or 1, int(day or 1) or 1)
    except ValueError:
        return None


# Comparing ----------------------------------------------------------------------------


def normalise(name: str) -> str:
    """Case- and accent-insensitive form of a name: "Hyvinkää" and "HYVINKAA" are one."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    bare = re.sub(r"[^\w]+", " ", bare.casefold().replace("ß", "ss"))
    return " ".join(bare.split())


def _cores(name: str) -> set[str]:
    """The name without generic words; "Eigersunds kommun" also gives "eigersund"."""
    all_words = normalise(name).split()
    words = [word for word in all_words if word not in GENERIC_WORDS]
    if not words:
        return set()
    cores = {" ".join(words)}
    if len(words) < len(all_words) and words[-1].endswith("s"):
        # The Swedish genitive before "kommun": Eigersunds kommun.
        cores.add(" ".join([*words[:-1], words[-1][:-1]]))
    return cores


def _names(relation: Relation) -> set[str]:
    return {normalise(n) for n in (relation.name, relation.local_name) if n.strip()}


def _same_place(relation: Relation, statement: Statement, loose: bool) -> bool:
    if statement.country and relation.country and statement.country != relation.country:
        return False
    label = normalise(statement.twin_label)
    if label in _names(relation):
        return True
    if loose:
        ours = set().union(*(_cores(n) for n in (relation.name, relation.local_name)))
        return bool(ours & _cores(statement.twin_label))
    return False


def _about_us(statements: list[Statement], municipality_name: str) -> tuple[list, int]:
    """Statements about this municipality; a file about several items is narrowed to it."""
    items = {normalise(s.item_label) or s.item for s in statements} - {""}
    if len(items) <= 1:
        return statements, 0
    ours = _cores(municipality_name)
    kept = [s for s in statements if ours & _cores(s.item_label)]
    return kept, len(statements) - len(kept)


def compare(relations: list[Relation], statements: list[Statement], municipality_name: str):
    """Pair relations with statements: exact names first, then without words like "kommune"."""
    statements, other_items = _about_us(statements, municipality_name)
    unmatched_relations = list(relations)
    unmatched_statements = list(statements)
    matches = []
    for loose in (False, True):
        for relation in list(unmatched_relations):
            for statement in unmatched_statements:
                if _same_place(relation, statement, loose):
                    matches.append(Match(relation, statement, _notes(relation, statement)))
                    unmatched_relations.remove(relation)
                    unmatched_statements.remove(statement)
                    break
    matches.sort(key=lambda m: normalise(m.relation.name))
    return Comparison(
        in_both=matches,
        only_here=unmatched_relations,
        only_wikidata=unmatched_statements,
        other_items=other_items,
    )


def _notes(relation: Relation, statement: Statement) -> list[str]:
    notes = []
    if not statement.country:
        if statement.country_given:
            notes.append(
                _("Wikidata's country “%(country)s” is not known here; matched by name only.")
                % {"country": statement.country_given}
            )
        else:
            notes.append(_("Wikidata gives no country; matched by name only."))
    if relation.since and statement.start and relation.since.year != statement.start.year:
        notes.append(
            _("Since %(here)s here, %(there)s in Wikidata.")
            % {"here": relation.since.isoformat(), "there": statement.start.isoformat()}
        )
    elif relation.since and not statement.start:
        notes.append(_("Wikidata has no start date (P580)."))
    return notes
