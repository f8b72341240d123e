"""Country names in the reader's language, in the reader's alphabetical order.

django-countries translates the names through gettext (its own Swedish catalogue), but
that catalogue leaves some two dozen names in English ("Brazil", "Egypt", "India"), which
data/country_names_sv.csv names in Swedish; and it sorts by the names stripped to ASCII,
which puts "Österrike" among the O's. Swedish puts Å, Ä and Ö after Z (and reads Æ as Ä,
Ø as Ö, Ü as Y, É as E). `use_language_collation()`, called once at start-up (by the
history app), gives django-countries both, so every country list (model forms' country
fields, filters, `Country.name`) follows; `country_choices()` sorts on its own, and
`country_name()` and `sorted_by_name()` serve the rest.
"""

import csv
import unicodedata
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language
from django_countries import countries

SWEDISH_NAMES = Path(__file__).parent / "data" / "country_names_sv.csv"
# Letters Swedish sorts as letters of their own after z (or as one of those).
_SWEDISH_LAST = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def collation_key(text: str, language: str | None = None) -> tuple[str, str]:
    """A sort key for `text` in `language` (the active one by default)."""
    language = language or get_language() or ""
    folded = str(text).casefold()
    if language.split("-")[0] == "sv":
        folded = folded.translate(_SWEDISH_LAST)
    return (_strip_accents(folded), str(text))


def sorted_by_name(items, name=str, language: str | None = None) -> list:
    """`items` in alphabetical order of `name(item)` in the reader's language."""
    return sorted(items, key=lambda item: collation_key(name(item), language))


def country_name(code) -> str:
    """The country's name in the active language; the code itself if it is no country."""
    code = str(code or "")
    return str(countries.name(code) or code)


def country_choices() -> list[tuple[str, str]]:
    """(code, name) for every country: settings.COUNTRIES_FIRST first, then the rest in the
    reader's order. Pass the function itself as `choices`, so each form asks anew in the
    language of its request. Sorted once per language (sorting took ~5 ms a form)."""
    return list(_country_choices(get_language() or "", tuple(_first_codes())))


def _first_codes() -> list[str]:
    return [str(code) for code in getattr(settings, "COUNTRIES_FIRST", [])]


@cache
def _country_choices(language: str, first: tuple) -> tuple:
    return tuple(_sorted_country_choices(list(first)))


def _sorted_country_choices(first: list[str]) -> list[tuple[str, str]]:
    named = [(str(code), str(name)) for code, name in countries if code]
    rest = [choice for choice in named if choice[0] not in first]
    by_code = dict(named)
    return [(code, by_code[code]) for code in first if code in by_code] + sorted_by_name(
        rest, name=lambda choice: choice[1]
    )


@cache
def swedish_names() -> dict[str, str]:
    """Code → Swedish name, where django-countries' Swedish catalogue has the English one."""
    with SWEDISH_NAMES.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {row["code"]: row["name"] for row in csv.DictReader(lines)}


def _name_in_language(code: str, default):
    def name() -> str:
        if (get_language() or "").split("-")[0] == "sv":
            return swedish_names()[code]
        return str(default)

    return lazy(name, str)()


def use_language_collation() -> None:
    """At start-up: django-countries names the countries its Swedish catalogue leaves in
    English in Swedish (data/country_names_sv.csv), and sorts its lists in the active
    language's order."""
    import django_countries

    current = countries.countries
    override = dict(getattr(settings, "COUNTRIES_OVERRIDE", None) or {})
    for code in swedish_names():
        if code in current and code not in override:
            override[code] = _name_in_language(code, current[code])
    countries.override = override
    django_countries.sort_key = lambda item: collation_key(item[1])
    # Names and lists already built (and cached per language) are built again.
    for cached in ("_countries", "_iter_cache"):
        if hasattr(countries, cached):
            delattr(countries, cached)
