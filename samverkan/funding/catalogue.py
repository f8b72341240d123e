"""The programme catalogue shipped as data (data/programmes.yaml), loaded per municipality
by actions.load_programmes, and its text in the reader's language.

The catalogue holds each text in Swedish and English (`name: {sv: ..., en: ...}`). A
programme row keeps the English text and the subject areas' keys, as it always has: the
API, saved searches and filters read those. What people read goes through `text_in_language`
(names, funders, descriptions) and `subject_area_label` / `deadline_model_label`: a stored
text that is the catalogue's own, in either language, is shown in the active language; a
text the coordinator wrote is shown as written.
"""

from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

from .models import Programme

CATALOGUE = Path(__file__).parent / "data" / "programmes.yaml"
FIELDS = ["name", "owner", "level", "subject_areas", "url", "description", "portal_codes"]
LANGUAGES = ("sv", "en")
# The language a programme row stores (kept as before, so the API does not change).
STORED = "en"
TRANSLATED_FIELDS = ("name", "owner", "description")


def _both(value) -> dict[str, str]:
    """{sv, en} of a catalogue text given as a pair or as one text for both."""
    if isinstance(value, dict):
        return {language: str(value.get(language) or "") for language in LANGUAGES}
    return dict.fromkeys(LANGUAGES, str(value or ""))


@cache
def _data(path: Path = CATALOGUE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read_catalogue(path: Path = CATALOGUE) -> list[dict]:
    """The programmes as rows to store: texts in English, subject areas as keys."""
    rows = []
    for entry in _data(path)["programmes"]:
        period = entry.get("period") or [None, None]
        rows.append(
            {
                "code": entry["code"],
                "name": _both(entry["name"])[STORED],
                "owner": _both(entry.get("owner"))[STORED],
                "level": entry["level"],
                "period_start_year": period[0],
                "period_end_year": period[1],
                "subject_areas": list(entry.get("subject_areas") or []),
                "url": entry.get("url") or "",
                "description": _both(entry.get("description"))[STORED],
                "portal_codes": list(entry.get("portal_codes") or []),
            }
        )
    return rows


def _language(language: str | None = None) -> str:
    language = (language or get_language() or "sv").split("-")[0]
    return language if language in LANGUAGES else STORED


@cache
def _texts() -> dict[str, dict[str, dict[str, str]]]:
    """Programme code → field → {sv, en}."""
    return {
        entry["code"]: {field: _both(entry.get(field)) for field in TRANSLATED_FIELDS}
        for entry in _data()["programmes"]
    }


@cache
def _terms(kind: str) -> dict[str, dict[str, str]]:
    """Every spelling (key, sv, en; case-insensitive) of a subject area or deadline model →
    its {sv, en}."""
    found = {}
    for key, words in (_data().get(kind) or {}).items():
        both = _both(words)
        for spelling in (key, *both.values()):
            found.setdefault(str(spelling).casefold(), both)
    return found


def text_in_language(programme, field: str, language: str | None = None) -> str:
    """A programme's name, owner or description as the reader reads it."""
    stored = getattr(programme, field) or ""
    both = _texts().get(programme.code, {}).get(field)
    if both and stored in both.values():
        return both[_language(language)] or stored
    return stored


def subject_area_label(area: str, language: str | None = None) -> str:
    both = _terms("subject_areas").get(str(area).casefold())
    return both[_language(language)] if both else str(area)


def deadline_model_label(model: str, language: str | None = None) -> str:
    both = _terms("deadline_models").get(str(model).casefold())
    return both[_language(language)] if both else str(model)


def language_pairs(*, every: bool = False) -> list[dict[str, str]]:
    """Every catalogue text that differs between the languages, as {sv, en}: what a
    Swedish page must not show in English, and an English page in Swedish (`every`: the
    texts that are the same in both too)."""
    pairs = [both for texts in _texts().values() for both in texts.values()]
    for kind in ("subject_areas", "deadline_models"):
        pairs += [_both(words) for words in (_data().get(kind) or {}).values()]
    if every:
        return pairs
    return [both for both in pairs if both["sv"] and both["en"] and both["sv"] != both["en"]]


def portal_code_map(municipality) -> dict[str, int]:
    """Portal identifier prefix (e.g. ERASMUS) → the municipality's programme id."""
    found = {}
    for pk, codes in Programme.objects.for_municipality(municipality).values_list(
        "pk", "portal_codes"
    ):
        for code in codes or []:
            found.setdefault(str(code).upper(), pk)
    return found
