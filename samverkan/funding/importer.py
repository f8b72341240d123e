"""Import calls from the EU Funding & Tenders Portal: the search API's JSON answers and the
bulk file grantsTenders.json (both described in docs/calls-import.md).

Reading and writing are separate: `read_calls()` turns files into clean records and a list
of problems; `write_calls()` creates or updates them in one transaction with bulk writes.
The unique key is the portal's `reference` (the `identifier` is not unique). A record seen
twice (pages overlap) is imported once. Unknown fields are ignored.
"""

import csv
import datetime
import html
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .catalogue import portal_code_map
from .models import Call

PORTAL_CODES_FILE = Path(__file__).parent / "data" / "portal_programme_codes.csv"
COMPARED = [
    "identifier",
    "call_identifier",
    "title",
    "summary",
    "url",
    "type",
    "status_code",
    "framework_code",
    "programme_id",
    "start_date",
    "deadlines",
    "next_deadline",
    "last_deadline",
    "deadline_model",
    "types_of_action",
    "keywords",
    "budget",
]
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


class BadFile(Exception):
    """The input as a whole cannot be read: nothing is written."""


class BadRecord(Exception):
    """One record cannot be read."""


@dataclass
class Problem:
    where: str
    reason: str
    record: int = 0  # the record's number in its file (from 1)

    def __str__(self):
        return f"{self.where}: {self.reason}"


@dataclass
class ReadResult:
    records: dict = field(default_factory=dict)  # reference → clean record
    problems: list = field(default_factory=list)
    duplicates: int = 0
    total: int = 0


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    past_deadline: int = 0


# Reading -----------------------------------------------------------------------------


def load_json_sources(source: str, *, fetch=None) -> list[tuple[str, object]]:
    """The parsed JSON of a file, of every *.json in a directory, or of a URL (if allowed).

    `fetch(url)` gives a URL's body (bytes); by default the command's own (_fetch).
    """
    if re.match(r"^https?://", source):
        body = (fetch or _fetch)(source)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadFile(f"{source}: not UTF-8 text ({error}).") from None
        return [(source, _parse_json(source, text))]
    path = Path(source)
    if path.is_dir():
        files = sorted(path.glob("*.json"), key=_natural_key)
        if not files:
            raise BadFile(f"{source}: the directory holds no .json files.")
    elif path.is_file():
        files = [path]
    else:
        raise BadFile(f"{source}: no such file or directory.")
    loaded = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BadFile(f"{file}: cannot be read ({error}).") from None
        loaded.append((str(file), _parse_json(str(file), text)))
    return loaded


def _natural_key(path: Path):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def _parse_json(name: str, text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadFile(
            f"{name}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
            "the file may be truncated."
        ) from None


def _fetch(url: str) -> bytes:
    """The command's fetch: switched on by the operator, any host, bounded (fetching.py)."""
    if not getattr(settings, "SAMVERKAN_CALLS_FETCH_URLS", False):
        raise BadFile(
            "Fetching calls from a URL is switched off: set SAMVERKAN_CALLS_FETCH_URLS=true, "
            "or download the file and import it."
        )
    from .fetching import FetchError, fetch

    try:
        return fetch(url, allow_private=True)
    except FetchError as error:
        raise BadFile(f"{url}: cannot be fetched ({error}).") from None


def raw_records(name: str, data) -> list[tuple[str, str, object]]:
    """(where, shape, raw record) for each record of one parsed file; BadFile if unknown shape."""
    if isinstance(data, dict) and "results" in data:
        results = data["results"]
        if not isinstance(results, list):
            raise BadFile(f"{name}: 'results' is not a list.")
        return [(f"{name} record {i + 1}", "search", r) for i, r in enumerate(results)]
    if isinstance(data, dict) and "fundingData" in data:
        funding = data["fundingData"]
        items = funding.get("GrantTenderObj") if isinstance(funding, dict) else None
        if not isinstance(items, list):
            raise BadFile(f"{name}: 'fundingData.GrantTenderObj' is not a list.")
        return [(f"{name} record {i + 1}", "bulk", r) for i, r in enumerate(items)]
    raise BadFile(
        f"{name}: neither a search-API answer (an object with 'results') "
        "nor the bulk file grantsTenders.json (an object with 'fundingData')."
    )


def read_calls(source: str, *, now=None, fetch=None, progress=None) -> ReadResult:
    """Clean records and problems from `source`; `fetch` reads a URL (load_json_sources),
    `progress(done, total)` is told each record checked."""
    result = ReadResult()
    files = [
        (name, list(enumerate(raw_records(name, data), 1)))
        for name, data in load_json_sources(source, fetch=fetch)
    ]
    count = sum(len(records) for _name, records in files)
    for _name, records in files:
        for number, (where, shape, raw) in records:
            result.total += 1
            if progress is not None:
                progress(result.total - 1, count)
            try:
                record = parse_search(raw) if shape == "search" else parse_bulk(raw)
            except BadRecord as error:
                result.problems.append(Problem(where, str(error), number))
                continue
            if record["reference"] in result.records:
                result.duplicates += 1
            result.records[record["reference"]] = record
    if progress is not None:
        progress(result.total, count)
    return result


def _first(metadata: dict, key: str, default=""):
    values = metadata.get(key)
    if values is None:
        return default
    if not isinstance(values, list):
        raise BadRecord(f"metadata.{key} should be a list of strings, not {type(values).__name__}")
    if not values:
        return default
    value = values[0]
    if value is None:
        return default
    if not isinstance(value, str | int | float):
        raise BadRecord(f"metadata.{key} holds a {type(value).__name__}, not a string")
    return str(value)


def _strings(metadata: dict, key: str) -> list[str]:
    values = metadata.get(key) or []
    if not isinstance(values, list):
        raise BadRecord(f"metadata.{key} should be a list, not {type(values).__name__}")
    return [str(v) for v in values if v not in (None, "")]


def parse_date(value) -> datetime.datetime | None:
    """A portal date: ISO 8601 (with +0000 or Z), a plain date, or epoch milliseconds."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise BadRecord(f"unreadable date {value!r}")
    if isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit()):
        try:
            moment = datetime.datetime.fromtimestamp(int(value) / 1000, tz=datetime.UTC)
        except (OverflowError, OSError, ValueError):
            raise BadRecord(f"unreadable date {value!r}") from None
        return moment
    if not isinstance(value, str):
        raise BadRecord(f"unreadable date {value!r}")
    text = value.strip()
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        moment = None
        for pattern in ("%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d %B %Y"):
            try:
                moment = datetime.datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        if moment is None:
            raise BadRecord(f"unreadable date {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _deadlines(values) -> list[datetime.datetime]:
    found = sorted({parse_date(v) for v in values if v not in (None, "")})
    return found


def _keywords(values: list[str]) -> list[str]:
    """Keywords: some lists hold a JSON string with more keywords inside."""
    found = []
    for value in values:
        text = value.strip()
        if text.startswith("["):
            try:
                inner = json.loads(text)
            except json.JSONDecodeError:
                inner = [text]
            found.extend(str(v).strip() for v in inner if str(v).strip())
        elif text:
            found.append(text)
    return list(dict.fromkeys(found))


def _topic_budget(overview: str, identifier: str) -> Decimal | None:
    """This topic's budget from budgetOverview, a JSON string shared by the call's topics."""
    if not overview or not identifier:
        return None
    try:
        data = json.loads(overview)
    except (json.JSONDecodeError, TypeError):
        return None
    actions = data.get("budgetTopicActionMap") if isinstance(data, dict) else None
    if not isinstance(actions, dict):
        return None
    total, seen = Decimal(0), False
    for entries in actions.values():
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict):
                continue
            action = str(entry.get("action", ""))
            if action.split(" ")[0] != identifier:
                continue
            years = entry.get("budgetYearMap") or {}
            for amount in years.values() if isinstance(years, dict) else []:
                try:
                    total += Decimal(str(amount))
                    seen = True
                except (InvalidOperation, ValueError):
                    continue
    return total if seen else None


def _plain(text: str) -> str:
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", text or ""))).strip()


def programme_prefix(identifier: str, framework_code: str = "") -> str:
    """The portal's programme code: the identifier's first part (HORIZON-CL5-… → HORIZON)."""
    prefix = re.split(r"[-/]", identifier or "", maxsplit=1)[0].upper()
    if prefix:
        return prefix[:40]
    return numeric_codes().get(framework_code, "")


_NUMERIC: dict[str, str] | None = None


def numeric_codes() -> dict[str, str]:
    """frameworkProgramme number → identifier prefix, as observed in real records."""
    global _NUMERIC
    if _NUMERIC is None:
        with PORTAL_CODES_FILE.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        _NUMERIC = {}
        for row in rows:
            _NUMERIC.setdefault(row["frameworkProgramme_code"], row["identifier_prefix"].upper())
    return _NUMERIC


def _finish(record: dict, deadlines: list[datetime.datetime]) -> dict:
    record["deadlines"] = [d.isoformat() for d in deadlines]
    record["last_deadline"] = deadlines[-1] if deadlines else None
    record["deadline_list"] = deadlines
    if len(record["title"]) > 1000:
        record["title"] = record["title"][:999] + "…"
    if len(record["url"]) > 1000:
        record["url"] = ""
    return record


def parse_search(raw) -> dict:
    if not isinstance(raw, dict):
        raise BadRecord(f"a record should be an object, not {type(raw).__name__}")
    metadata = raw.get("metadata")
    if not isinstance(metadata, dict):
        raise BadRecord("the record has no 'metadata' object")
    reference = raw.get("reference") or _first(metadata, "REFERENCE")
    if not isinstance(reference, str) or not reference.strip():
        raise BadRecord("the record has no 'reference'")
    reference = reference.strip()
    identifier = _first(metadata, "identifier")
    title = _first(metadata, "title") or raw.get("title") or raw.get("summary") or identifier
    if not isinstance(title, str) or not title.strip():
        raise BadRecord(f"{reference} has no title")
    description = _plain(_first(metadata, "description"))
    summary = raw.get("summary") if isinstance(raw.get("summary"), str) else ""
    if description:
        summary = description if summary in ("", title) else f"{summary}\n\n{description}"
    url = raw.get("url") or _first(metadata, "url")
    record = {
        "reference": reference[:200],
        "identifier": identifier[:200],
        "call_identifier": _first(metadata, "callIdentifier")[:200],
        "title": _plain(title),
        "summary": summary.strip() if summary != title else "",
        "url": url if isinstance(url, str) and url.startswith("http") else "",
        "type": _first(metadata, "type")[:4],
        "status_code": _first(metadata, "status")[:20],
        "framework_code": programme_prefix(identifier, _first(metadata, "frameworkProgramme")),
        "start_date": parse_date(_first(metadata, "startDate")),
        "deadline_model": _first(metadata, "deadlineModel")[:40],
        "types_of_action": _strings(metadata, "typesOfAction"),
        "keywords": _keywords(_strings(metadata, "keywords")),
        "budget": _topic_budget(_first(metadata, "budgetOverview"), identifier),
    }
    deadlines = metadata.get("deadlineDate") or []
    if not isinstance(deadlines, list):
        raise BadRecord(f"{reference}: metadata.deadlineDate should be a list")
    return _finish(record, _deadlines(deadlines))


def parse_bulk(raw) -> dict:
    if not isinstance(raw, dict):
        raise BadRecord(f"a record should be an object, not {type(raw).__name__}")
    identifier = raw.get("identifier")
    reference = raw.get("reference") or identifier
    if not isinstance(reference, str) or not reference.strip():
        raise BadRecord("the record has neither 'reference' nor 'identifier'")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise BadRecord(f"{reference} has no title")
    status = raw.get("status")
    status_code = str(status.get("id", "")) if isinstance(status, dict) else str(status or "")
    programme = raw.get("frameworkProgramme")
    abbreviation = programme.get("abbreviation", "") if isinstance(programme, dict) else ""
    deadlines = raw.get("deadlineDatesLong") or []
    if not isinstance(deadlines, list):
        raise BadRecord(f"{reference}: deadlineDatesLong should be a list")
    record = {
        "reference": reference.strip()[:200],
        "identifier": str(identifier or "")[:200],
        "call_identifier": str(raw.get("callIdentifier") or "")[:200],
        "title": title.strip(),
        "summary": "",
        "url": raw["url"] if str(raw.get("url", "")).startswith("http") else "",
        "type": str(raw.get("type", ""))[:4],
        "status_code": status_code[:20],
        "framework_code": (str(abbreviation).upper() or programme_prefix(str(identifier or "")))[
            :40
        ],
        "start_date": parse_date(raw.get("plannedOpeningDateLong")),
        "deadline_model": str(raw.get("deadlineModel") or "")[:40],
        "types_of_action": [],
        "keywords": [],
        "budget": None,
    }
    return _finish(record, _deadlines(deadlines))


# Writing -----------------------------------------------------------------------------


def next_deadline(deadlines: list[datetime.datetime], now) -> datetime.datetime | None:
    return next((d for d in deadlines if d >= now), None)


def _comparable(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, Decimal):
        return value.normalize()
    return value


@transaction.atomic
def write_calls(municipality, records: dict, *, now=None) -> WriteResult:
    """Create or update the municipality's calls from clean records (one transaction)."""
    now = now or timezone.now()
    from .matching import call_text, matcher_for

    programmes = portal_code_map(municipality)
    matcher = matcher_for(municipality)
    result = WriteResult()
    existing = {
        call.reference: call
        for call in Call.objects.for_municipality(municipality).filter(reference__in=list(records))
    }
    to_create, to_update = [], []
    for reference, record in records.items():
        values = {k: v for k, v in record.items() if k not in ("reference", "deadline_list")}
        values["programme_id"] = programmes.get(record["framework_code"])
        values["next_deadline"] = next_deadline(record["deadline_list"], now)
        if record["last_deadline"] and record["last_deadline"] < now:
            result.past_deadline += 1
        call = existing.get(reference)
        if call is None:
            to_create.append(
                Call(
                    municipality=municipality,
                    reference=reference,
                    first_seen=now,
                    last_updated=now,
                    **values,
                )
            )
            continue
        if all(_comparable(getattr(call, k)) == _comparable(values[k]) for k in COMPARED):
            result.unchanged += 1
            continue
        for key, value in values.items():
            setattr(call, key, value)
        call.last_updated = now
        to_update.append(call)
    # Scored here, with the records in memory (score_calls does it again for all calls).
    for call in (*to_create, *to_update):
        call.search_text = call.make_search_text()
        if matcher:
            text = call_text(call.title, call.summary, call.identifier, call.keywords)
            call.relevance, call.relevance_why = matcher.match(text)
        else:
            call.relevance, call.relevance_why = 0, []
    Call.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Call.objects.bulk_update(
            to_update,
            [*COMPARED, "last_updated", "relevance", "relevance_why", "search_text"],
            batch_size=500,
        )
    result.created, result.updated = len(to_create), len(to_update)
    refresh_next_deadlines(municipality, now=now)
    return result


def refresh_next_deadlines(municipality, *, now=None) -> int:
    """Move each call's stored next deadline on once it has passed (used for sorting)."""
    now = now or timezone.now()
    stale = list(
        Call.objects.for_municipality(municipality)
        .filter(next_deadline__lt=now)
        .only("pk", "deadlines", "next_deadline")
    )
    for call in stale:
        call.next_deadline = call.upcoming_deadline(now)
    Call.objects.bulk_update(stale, ["next_deadline"], batch_size=500)
    return len(stale)
