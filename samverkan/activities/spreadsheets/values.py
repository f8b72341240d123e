"""Reading the values people type into spreadsheets: Swedish numbers, dates and names.

Every parser takes a cell's value (text, a number, a date or None) and returns the
Python value, or raises ValueProblem with a reason the user can act on.
"""

import datetime
import difflib
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


class ValueProblem(ValueError):
    """A cell's value cannot be read; the message says why."""


# Characters spreadsheet programs start a formula with; an exported cell that starts
# with one is prefixed with an apostrophe, which the import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@")
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")

EMPTY_MARKS = {"", "-", "–", "—", "n/a", "saknas", "ej aktuellt"}


def normalise(text) -> str:
    """Case- and accent-free, with runs of space and punctuation as one space."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


def text(value) -> str:
    """A cell as text: numbers without a trailing .0, the export's apostrophe taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _NEUTRALISED.sub("", str(value)).strip()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_CURRENCY = re.compile(r"(?i)(kronor|kr\.?|sek|:-|:–)\s*$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


def decimal(value) -> Decimal | None:
    """A number as Swedes and Excel write it: "1 234,50 kr", "1234.5", "1.234,50", 1234.5."""
    if isinstance(value, bool):
        raise ValueProblem(_("Not a number."))
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    raw = text(value)
    if raw.casefold() in EMPTY_MARKS:
        return None
    cleaned = _CURRENCY.sub("", raw).strip()
    cleaned = cleaned.replace("\u2212", "-")  # the typographic minus
    cleaned = _SPACES.sub("", cleaned)
    if "," in cleaned and "." in cleaned:
        # Both: the later one is the decimal mark ("1.234,50" or "1,234.50").
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        # One comma is the Swedish decimal mark; several separate thousands.
        several = cleaned.count(",") > 1
        cleaned = cleaned.replace(",", "") if several else cleaned.replace(",", ".")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")  # "1.234.567": dots between thousands
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueProblem(_("Not a number."))
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueProblem(_("Not a number.")) from None


def integer(value) -> int | None:
    if isinstance(value, str):
        value = re.sub(r"(?i)\s*(st|pers|personer|%)\.?\s*$", "", value.strip())
    number = decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueProblem(_("Not a whole number."))
    return int(number)


MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "februari": 2, "february": 2,
    "mar": 3, "mars": 3, "march": 3,
    "apr": 4, "april": 4,
    "maj": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "aug": 8, "augusti": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oct": 10, "oktober": 10, "october": 10,
    "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./\s-]\s*(\d{2}|\d{4})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_WORDS = re.compile(r"(\d{1,2})\.?\s+([a-zåäö]+)\.?\s+(\d{4})")
# Excel counts days from 1899-12-30 (after its 1900 leap-year mistake).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def date(value) -> datetime.date | None:
    """A date from a date cell, an Excel day number or text: "2025-03-14", "14/3 2025",
    "14.3.2025", "14 mars 2025" (day before month, as in Sweden)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueProblem(_("Not a date; write it as 2025-03-14."))
    raw = text(value)
    if raw.casefold() in EMPTY_MARKS:
        return None
    raw = raw.split("T")[0] if _ISO.match(raw) else raw
    raw = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", raw)  # a time after the date
    try:
        if match := _ISO.fullmatch(raw):
            year, month, day = (int(part) for part in match.groups())
        elif match := _DAY_FIRST.fullmatch(raw):
            day, month, year = (int(part) for part in match.groups())
            year = year + 2000 if year < 100 else year
        elif match := _COMPACT.fullmatch(raw):
            year, month, day = (int(part) for part in match.groups())
        elif (match := _WORDS.fullmatch(raw.casefold())) and match.group(2) in MONTHS:
            day, month, year = int(match.group(1)), MONTHS[match.group(2)], int(match.group(3))
        else:
            raise ValueProblem(_("Not a date; write it as 2025-03-14."))
        return datetime.date(year, month, day)
    except ValueError as error:
        if isinstance(error, ValueProblem):
            raise
        raise ValueProblem(_("No such date.")) from None


YES = {"ja", "j", "yes", "y", "x", "1", "sant", "true", "offentlig", "public", "publik"}
NO = {"nej", "n", "no", "0", "falskt", "false", "intern", "internal", "ej offentlig"}


def boolean(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    raw = normalise(text(value))
    if not raw:
        return None
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise ValueProblem(_("Write yes or no (ja or nej)."))


def pieces(value) -> list[str]:
    """A list cell: items split on semicolons or new lines ("Tyskland; Polen")."""
    return [part.strip() for part in re.split(r"[;\n\r]+", text(value)) if part.strip()]


class Lookup:
    """Names → values, forgiving case and accents, with the nearest names on a miss."""

    def __init__(self):
        self.by_key: dict[str, object] = {}
        self.display: dict[str, str] = {}  # key → a name to suggest

    def add(self, name, value, *, suggest=True) -> None:
        key = normalise(name)
        if not key:
            return
        self.by_key.setdefault(key, value)
        if suggest:
            self.display.setdefault(key, str(name))

    def get(self, name):
        key = normalise(name)
        if key in self.by_key:
            return self.by_key[key]
        # Swedish body names with or without the definite article: "Bildningsnämnd(en)".
        for variant in (key + "en", key + "n", key.removesuffix("en")):
            if variant != key and variant in self.by_key:
                return self.by_key[variant]
        raise KeyError(name)

    def suggestions(self, name, limit=3) -> list[str]:
        close = difflib.get_close_matches(normalise(name), self.display, n=limit, cutoff=0.75)
        seen, names = set(), []
        for key in close:
            shown = self.display[key]
            if shown not in seen:
                seen.add(shown)
                names.append(shown)
        return names


def did_you_mean(message: str, suggestions: list[str]) -> str:
    if not suggestions:
        return message
    if len(suggestions) == 1:
        return _("%(message)s — did you mean '%(name)s'?") % {
            "message": message,
            "name": suggestions[0],
        }
    quoted = ", ".join(f"'{name}'" for name in suggestions)
    return _("%(message)s — did you mean one of %(names)s?") % {
        "message": message,
        "names": quoted,
    }
