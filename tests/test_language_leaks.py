"""No English catalogue entry on a Swedish page, no Swedish one on an English page.

The coordinator visits every page the demo reaches (each route of the URL resolver, from
the start page and the routes without parameters, following the pages' links, a few
addresses per route) in Swedish and in English, and the compiled report as HTML and
DOCX. The words to look for come from the data itself: the funding catalogue's
Swedish/English pairs (programmes, funders, descriptions, subject areas, deadline
models) and django-countries' names in both languages, where the two differ.

What people typed is theirs and may be in any language: the text of the records (titles,
names, descriptions, portal call texts) is taken out of a page before it is searched,
except the catalogue's own fields, which must follow the reader's language. So is text
marked as another language (`lang="en"` on a Swedish page), form inputs and scripts.
"""

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404
from django.utils import translation
from django_countries import countries

from samverkan.followup.models import AccountRound
from samverkan.funding import catalogue

LANGUAGES = ("sv", "en")
PAGES_PER_ROUTE = 2
# Not pages of the interface: the API (JSON), the admin site, sign-out, the
# language switch, health checks and sign-in with another provider.
SKIPPED_PREFIXES = (
    "/api/",
    "/admin/",
    "/i18n/",
    "/oidc/",
    "/health/",
    "/logout",
    "/accounts/logout",
)
# Fields that hold the catalogue's text (shown in the reader's language), not people's.
CATALOGUE_FIELDS = {
    ("funding", "programme"): {"name", "owner", "description", "subject_areas"},
    ("funding", "savedsearch"): {"subject_areas"},
    ("funding", "call"): {"deadline_model"},
}


# The words ----------------------------------------------------------------------------


def language_pairs() -> list[dict[str, str]]:
    """{sv, en} of every catalogue text and every country's name."""
    pairs = list(catalogue.language_pairs(every=True))
    for code, _name in countries:
        names = {}
        for language in LANGUAGES:
            with translation.override(language):
                names[language] = str(countries.name(code))
        pairs.append(names)
    return pairs


def language_terms() -> dict[str, set[str]]:
    """Language → the catalogue's and the countries' texts in it that the other lacks."""
    terms = {language: set() for language in LANGUAGES}
    for pair in language_pairs():
        if pair["sv"] and pair["en"] and pair["sv"] != pair["en"]:
            for language in LANGUAGES:
                terms[language].add(pair[language])
    # A text both languages use (a country named alike in one pair and differently in
    # another) is no sign of either.
    shared = terms["sv"] & terms["en"]
    return {language: found - shared for language, found in terms.items()}


def own_terms() -> dict[str, set[str]]:
    """Language → every catalogue text and country name in it, the same in both or not:
    taken out of a page first, since they may hold the other language's words
    ("Norfolk Island" holds Swedish "Island", Iceland)."""
    return {
        language: {pair[language] for pair in language_pairs() if pair[language]}
        for language in LANGUAGES
    }


def _pattern(words) -> re.Pattern:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in ordered) + r")(?!\w)")


def people_texts(pattern) -> list[str]:
    """Every stored text people wrote that holds one of the words (whitespace as one
    space), longest first: a page may show these whatever its language."""
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("samverkan.") or model.__name__.startswith("Historical"):
            continue
        skipped = CATALOGUE_FIELDS.get((model._meta.app_label, model._meta.model_name), set())
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
            and field.name not in skipped
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for value in row:
                for text in _texts_of(value):
                    if pattern.search(text):
                        found.add(" ".join(text.split()))
    return sorted(found, key=len, reverse=True)


def _texts_of(value):
    if isinstance(value, str):
        yield value
        yield from value.splitlines()
    elif isinstance(value, list):
        for item in value:
            yield from _texts_of(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts_of(item)


# Reading a page -----------------------------------------------------------------------


class PageText(HTMLParser):
    """The text a reader sees (and hears: alt, title, aria-label) in the page's language,
    and the links to follow."""

    SKIPPED = {"script", "style", "textarea", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page_language = None
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []
        self.links: list[str] = []

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page_language = (attrs.get("lang") or "").split("-")[0]
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        language = (attrs.get("lang") or "").split("-")[0]
        hidden = tag in self.SKIPPED or bool(
            language and self.page_language and language != self.page_language
        )
        if not self._hidden() and not hidden:
            for name in ("alt", "title", "aria-label"):
                if attrs.get(name):
                    self.parts.append(attrs[name])
        if tag not in self.VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def leaks(text: str, language: str, terms, people) -> list[str]:
    """The other language's words in `text`, once people's texts and the page language's
    own words (which may hold the other's, "… (Tillväxtverket)") are taken out."""
    for written in people:
        text = text.replace(written, " ")
    text = terms["own"][language].sub(" ", text)
    return sorted(set(terms["other"][language].findall(text)))


@pytest.fixture(scope="module")
def words(django_db_setup, django_db_blocker):
    by_language = language_terms()
    with django_db_blocker.unblock():
        everything = _pattern(by_language["sv"] | by_language["en"])
        people = people_texts(everything)
    return {
        "own": {language: _pattern(words) for language, words in own_terms().items()},
        "other": {
            "sv": _pattern(by_language["en"]),
            "en": _pattern(by_language["sv"]),
        },
        "people": people,
        "by_language": by_language,
    }


# Walking the site ---------------------------------------------------------------------


def _plain_routes(resolver=None, prefix=""):
    """Addresses of the named routes that take no parameters."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from _plain_routes(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            try:
                yield reverse(entry.name)
            except NoReverseMatch:
                continue


def _skipped(path: str) -> bool:
    return path.startswith(SKIPPED_PREFIXES) or "/delete/" in path or "/revoke/" in path


def crawl(client) -> dict[str, str]:
    """Address → text of every page reached, a few addresses per route."""
    start = ["/", *_plain_routes()]
    queue = deque(start)
    seen = set(start)
    per_route = Counter()
    pages = {}
    while queue:
        address = queue.popleft()
        path = urlsplit(address).path
        if _skipped(path):
            continue
        try:
            match = resolve(path)
        except Resolver404:
            continue
        route = match.view_name or match.route
        if per_route[route] >= PAGES_PER_ROUTE:
            continue
        per_route[route] += 1
        response = client.get(address)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        parser = PageText()
        parser.feed(response.content.decode())
        pages[address] = parser.text()
        for href in parser.links:
            link = urljoin(address, href.split("#")[0])
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/"):
                continue
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return " ".join(" ".join(parts).split())


# The tests ----------------------------------------------------------------------------


def test_the_word_lists_come_from_the_data(words):
    by_language = words["by_language"]
    assert "Energimyndigheten" in by_language["sv"] and "Swedish Energy Agency" in by_language["en"]
    assert "Norge" in by_language["sv"] and "Norway" in by_language["en"]
    assert "flera stoppdatum" in by_language["sv"] and "multiple cut-off" in by_language["en"]
    assert leaks("Stöd från Swedish Energy Agency i Norge", "sv", words, []) == [
        "Swedish Energy Agency"
    ]
    assert leaks("Aid from Energimyndigheten", "en", words, []) == ["Energimyndigheten"]
    # The own language's words may hold the other's; people's texts are theirs.
    assert (
        leaks("Swedish Agency for Economic and Regional Growth (Tillväxtverket)", "en", words, [])
        == []
    )
    assert leaks("Resa till Norway Cup", "sv", words, ["Resa till Norway Cup"]) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_shows_the_other_languages_catalogue_or_countries(client, demo, words, language):
    client.force_login(demo.users["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = crawl(client)
    assert len(pages) > 50  # the walk reached the registers, not just the start page
    found = {
        address: leaked
        for address, text in pages.items()
        if (leaked := leaks(text, language, words, words["people"]))
    }
    assert not found, f"{language} pages showing the other language: {found}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_as_html_and_docx_is_in_one_language(client, demo, words, language):
    from samverkan.followup.report.build import build_report
    from samverkan.followup.report.docx import render_docx

    years = sorted(
        set(AccountRound.objects.filter(municipality=demo.motala).values_list("year", flat=True))
    )
    assert years
    client.force_login(demo.users["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for year in years:
        page = client.get(reverse("account-report", args=[year]))
        assert page.status_code == 200
        parser = PageText()
        parser.feed(page.content.decode())
        assert leaks(parser.text(), language, words, words["people"]) == [], year
        with translation.override(language):
            document = docx_text(render_docx(build_report(demo.motala, year)))
        assert leaks(document, language, words, words["people"]) == [], year
