"""How well each call suits the municipality: weighted keywords from its watch profiles.

Transparent on purpose: a call's score is the sum of the weights of the profile keywords
found in its title, summary, identifier and keywords, and the matched words are stored
as "why". A keyword of four letters or more also matches words it begins
("skola" → "skolan", "school" → "schools"); several words match as a phrase.
"""

import json
import re
from dataclasses import dataclass

from django.db import connection, transaction

from .models import Call, SavedSearch, WatchProfile

WORD = re.compile(r"\w+")
PREFIX_MIN = 4


@dataclass(frozen=True)
class Keyword:
    word: str
    weight: float
    profile: str


def parse_keywords(text: str) -> list[dict]:
    """Lines or commas of "word" or "word: weight" → [{"word", "weight"}] (weight 1 if absent).

    Raises ValueError with a readable message for a bad weight.
    """
    found = []
    for part in re.split(r"[\n,;]+", text or ""):
        part = part.strip()
        if not part:
            continue
        word, _sep, weight = part.partition(":")
        word = " ".join(word.split()).lower()
        if not word:
            continue
        try:
            value = float(weight.strip().replace(",", ".")) if weight.strip() else 1.0
        except ValueError:
            raise ValueError(f"{part!r}: the weight must be a number") from None
        if not 0 < value <= 100:
            raise ValueError(f"{part!r}: the weight must be between 0 and 100")
        found.append({"word": word, "weight": value})
    return found


def format_keywords(keywords: list[dict]) -> str:
    return "\n".join(
        f"{k['word']}: {k['weight']:g}" if k.get("weight", 1) != 1 else k["word"]
        for k in keywords or []
    )


class Matcher:
    """Scores texts against a fixed set of weighted keywords (built once, used for many calls)."""

    def __init__(self, keywords: list[Keyword]):
        self.exact: dict[str, list[Keyword]] = {}
        self.prefix: dict[str, list[Keyword]] = {}
        self.phrases: list[Keyword] = []
        for keyword in keywords:
            word = keyword.word.lower()
            if " " in word:
                self.phrases.append(keyword)
            elif len(word) >= PREFIX_MIN:
                self.prefix.setdefault(word, []).append(keyword)
            else:
                self.exact.setdefault(word, []).append(keyword)
        self.prefix_lengths = sorted({len(w) for w in self.prefix})

    def __bool__(self):
        return bool(self.exact or self.prefix or self.phrases)

    def match(self, text: str) -> tuple[float, list[dict]]:
        text = text.lower()
        tokens = set(WORD.findall(text))
        hits: dict[tuple[str, str], Keyword] = {}
        for token in tokens:
            for keyword in self.exact.get(token, ()):
                hits[(keyword.profile, keyword.word)] = keyword
            for length in self.prefix_lengths:
                if length > len(token):
                    break
                for keyword in self.prefix.get(token[:length], ()):
                    hits[(keyword.profile, keyword.word)] = keyword
        if self.phrases:
            joined = " " + " ".join(WORD.findall(text)) + " "
            for keyword in self.phrases:
                if " " + keyword.word in joined:
                    hits[(keyword.profile, keyword.word)] = keyword
        why = sorted(
            ({"word": k.word, "weight": k.weight, "profile": k.profile} for k in hits.values()),
            key=lambda item: (-item["weight"], item["word"]),
        )
        return round(sum(k.weight for k in hits.values()), 2), why


def matcher_for(municipality) -> Matcher:
    keywords = []
    for profile in WatchProfile.objects.for_municipality(municipality).filter(active=True):
        for entry in profile.keywords or []:
            try:
                keywords.append(
                    Keyword(str(entry["word"]).lower(), float(entry.get("weight", 1)), profile.name)
                )
            except (KeyError, TypeError, ValueError):
                continue
    return Matcher(keywords)


def call_text(title, summary, identifier, keywords) -> str:
    return " ".join([title or "", summary or "", identifier or "", " ".join(keywords or [])])


@transaction.atomic
def score_calls(municipality, *, queryset=None) -> int:
    """Recompute relevance and "why" for the municipality's calls; returns how many changed."""
    matcher = matcher_for(municipality)
    calls = queryset if queryset is not None else Call.objects.for_municipality(municipality)
    changed = []
    rows = calls.values_list(
        "pk", "title", "summary", "identifier", "keywords", "relevance", "relevance_why"
    )
    for pk, title, summary, identifier, keywords, relevance, why in rows.iterator(chunk_size=2000):
        if matcher:
            score, new_why = matcher.match(call_text(title, summary, identifier, keywords))
        else:
            score, new_why = 0, []
        if score != relevance or new_why != why:
            changed.append((score, json.dumps(new_why, ensure_ascii=False), pk))
    _write_scores(changed)
    return len(changed)


def _write_scores(rows: list[tuple[float, str, int]]) -> None:
    """One prepared UPDATE run for many rows: far faster than bulk_update's CASE for 20,000."""
    if not rows:
        return
    table = connection.ops.quote_name(Call._meta.db_table)
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    sql = f"UPDATE {table} SET relevance = %s, relevance_why = %s{cast} WHERE id = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])


def saved_search_queryset(saved_search):
    """The calls a saved search finds (words in title/summary/identifier/keywords, programmes,
    subject areas of their programme), newest first."""
    from django.db.models import Q

    from .queries import filter_calls

    calls = filter_calls(
        Call.objects.for_municipality(saved_search.municipality_id),
        q=saved_search.words or "",
        mark="all",
    )
    programme_ids = [p.pk for p in saved_search.programmes.all()]
    if programme_ids:
        calls = calls.filter(programme_id__in=programme_ids)
    areas = [a for a in saved_search.subject_areas or [] if a]
    if areas:
        condition = Q()
        for area in areas:
            condition |= Q(programme__subject_areas__icontains=area)
        calls = calls.filter(condition)
    return calls.exclude(mark__kind="dismissed")


def new_matches_for(saved_search: SavedSearch, *, since=None, mark_reported=False):
    """Calls of a saved search first seen after it was last reported (or `since`).

    The reminders call this for each saved search; with mark_reported=True the search's
    last_reported_at moves to now, so the next digest reports only newer calls.
    """
    from django.utils import timezone

    since = since or saved_search.last_reported_at or saved_search.created_at
    calls = list(
        saved_search_queryset(saved_search)
        .filter(first_seen__gt=since)
        .select_related("programme")
        .order_by("-relevance", "next_deadline", "pk")
    )
    if mark_reported:
        from .actions import note_search_reported

        note_search_reported(saved_search, timezone.now())
    return calls
