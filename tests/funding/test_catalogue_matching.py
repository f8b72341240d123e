"""The programme catalogue (load_programmes) and keyword matching (score_calls)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from samverkan.funding.catalogue import read_catalogue
from samverkan.funding.matching import Keyword, Matcher, parse_keywords
from samverkan.funding.models import Call, Programme, WatchProfile
from samverkan.organisation.models import County, Municipality


def test_catalogue_lists_the_issues_programmes_with_facts_or_blanks():
    rows = {row["code"]: row for row in read_catalogue()}
    assert len(rows) == 25
    for code in ("erasmus-plus", "interreg-aurora", "urbact", "cerv", "amif", "nordplus", "formas"):
        assert code in rows
    assert {row["level"] for row in rows.values()} <= set(Programme.Level.values)
    assert rows["nordplus"]["period_start_year"] == 2023
    assert rows["icld-municipal-partnerships"]["period_start_year"] is None
    assert all(row["url"].startswith("https://") for row in rows.values())


def test_load_programmes_is_idempotent_and_keeps_edits(demo):
    place = Municipality.objects.create(
        code="0999", name="Provkommun", county=County.objects.first()
    )
    out = StringIO()
    call_command("load_programmes", "--municipality", "0999", stdout=out)
    assert "25 created, 0 already there" in out.getvalue()
    erasmus = Programme.objects.get(municipality=place, code="erasmus-plus")
    erasmus.owner = "Edited by the coordinator"
    erasmus.save()
    out = StringIO()
    call_command("load_programmes", "--municipality", "0999", stdout=out)
    assert "0 created, 25 already there" in out.getvalue()
    erasmus.refresh_from_db()
    assert erasmus.owner == "Edited by the coordinator"
    assert erasmus.history.count() == 2
    with pytest.raises(CommandError, match="No municipality"):
        call_command("load_programmes", "--municipality", "1234")


def test_matcher_prefixes_phrases_and_short_words():
    matcher = Matcher(
        [
            Keyword("skola", 2, "Utbildning"),
            Keyword("school", 2, "Utbildning"),
            Keyword("eu", 1, "EU"),
            Keyword("town twinning", 5, "Vänorter"),
        ]
    )
    score, why = matcher.match("Skolan och SCHOOLS in Europe: Town-twinning for towns")
    assert score == 9
    assert [hit["word"] for hit in why] == ["town twinning", "school", "skola"]
    assert matcher.match("Europe only")[0] == 0  # "eu" is short: whole words only
    assert matcher.match("EU funds")[0] == 1


def test_parse_keywords_weights_and_errors():
    assert parse_keywords("klimat: 2.5\n\n  water  ") == [
        {"word": "klimat", "weight": 2.5},
        {"word": "water", "weight": 1.0},
    ]
    with pytest.raises(ValueError, match="must be a number"):
        parse_keywords("klimat: much")
    with pytest.raises(ValueError, match="between 0 and 100"):
        parse_keywords("klimat: 0")


def test_score_calls_command_follows_profile_changes(demo):
    calls = Call.objects.for_municipality(demo.motala)
    before = dict(calls.values_list("pk", "relevance"))
    WatchProfile.objects.filter(municipality=demo.motala).update(active=False)
    out = StringIO()
    call_command("score_calls", "--municipality", demo.motala.code, stdout=out)
    changed = sum(1 for value in before.values() if value)
    assert f"{changed} changed" in out.getvalue()
    assert not calls.filter(relevance__gt=0).exists()
    assert calls.filter(relevance_why=[]).count() == calls.count()
    WatchProfile.objects.filter(municipality=demo.motala).update(active=True)
    call_command("score_calls", "--municipality", demo.motala.code, stdout=StringIO())
    assert dict(calls.values_list("pk", "relevance")) == before
