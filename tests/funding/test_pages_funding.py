"""Funding pages: programmes, calls for us, follow/dismiss, saved searches, watch profiles."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from samverkan.funding.deadlines import funding_deadlines
from samverkan.funding.matching import new_matches_for
from samverkan.funding.models import Call, CallMark, Programme, SavedSearch, WatchProfile


@pytest.fixture(autouse=True)
def _english_pages(client):
    # Assertions read English msgids, whatever the Swedish catalogue holds.
    client.cookies["django_language"] = "en"


def login(client, demo, username):
    client.force_login(demo.users[username])
    return client


def motala_calls(demo):
    return Call.objects.for_municipality(demo.motala)


def test_demo_has_catalogue_calls_scores_and_followed_calls(demo):
    assert Programme.objects.for_municipality(demo.motala).count() == 25
    assert Programme.objects.for_municipality(demo.vadstena).count() == 25
    calls = motala_calls(demo)
    assert calls.count() == 31
    assert calls.filter(relevance__gt=0).exists()
    assert CallMark.objects.filter(municipality=demo.motala, kind="followed").count() == 2
    assert calls.filter(framework_code="ERASMUS", programme__code="erasmus-plus").count() == 4


def test_programme_list_filters_and_search(client, demo):
    login(client, demo, "reader")
    with translation.override("en"):
        page = client.get(reverse("programme-list"))
        assert page.status_code == 200
        assert "Erasmus+" in page.text and "Nordplus" in page.text
        nordic = client.get(reverse("programme-list"), {"level": "nordic"}).text
        assert "Nordplus" in nordic and "Erasmus+" not in nordic
        energy = client.get(reverse("programme-list"), {"area": "energy"}).text
        assert "Swedish Energy Agency" in energy and "Erasmus+" not in energy
        found = client.get(reverse("programme-list"), {"q": "norrbotten"}).text
        assert "Interreg Aurora" in found and "Nordplus" not in found
        assert "New programme" not in page.text


def test_programme_detail_and_coordinator_edit(client, demo):
    programme = Programme.objects.get(municipality=demo.motala, code="erasmus-plus")
    login(client, demo, "reader")
    assert client.get(reverse("programme-detail", args=[programme.pk])).status_code == 200
    assert client.get(reverse("programme-edit", args=[programme.pk])).status_code == 403
    login(client, demo, "coordinator")
    page = client.get(reverse("programme-edit", args=[programme.pk]))
    assert "education, youth, sport" in page.text
    data = {
        "name": "Erasmus+",
        "code": "erasmus-plus",
        "owner": "European Commission",
        "level": "eu",
        "period_start_year": "2021",
        "period_end_year": "2020",
        "subject_areas": "education, youth",
        "url": "https://erasmus-plus.ec.europa.eu/",
        "description": "",
        "portal_codes": "erasmus",
        "opened_version": programme.version,
    }
    with translation.override("en"):
        bad = client.post(reverse("programme-edit", args=[programme.pk]), data)
    assert bad.status_code == 200 and "cannot end before it starts" in bad.text
    data["period_end_year"] = "2027"
    saved = client.post(reverse("programme-edit", args=[programme.pk]), data)
    assert saved.status_code == 302
    programme.refresh_from_db()
    assert programme.subject_areas == ["education", "youth"]
    assert programme.portal_codes == ["ERASMUS"]


def test_other_municipality_gets_404(client, demo):
    call = motala_calls(demo).first()
    programme = Programme.objects.filter(municipality=demo.motala).first()
    login(client, demo, "vadstena-coordinator")
    assert client.get(reverse("call-detail", args=[call.pk])).status_code == 404
    assert client.get(reverse("programme-detail", args=[programme.pk])).status_code == 404
    assert (
        client.post(reverse("call-mark", args=[call.pk]), {"action": "follow"}).status_code == 404
    )


def test_calls_for_us_sorted_by_relevance_with_why(client, demo):
    login(client, demo, "reader")
    page = client.get(reverse("call-list"), {"sort": "relevance"})
    assert page.status_code == 200
    rows = list(page.context["page"])
    # Open calls first, then forthcoming, then closed; by relevance within each.
    ranks = [c.open_rank for c in rows]
    assert ranks == sorted(ranks)
    for rank in set(ranks):
        scores = [c.relevance for c in rows if c.open_rank == rank]
        assert scores == sorted(scores, reverse=True)
    scored = next(c for c in rows if c.relevance_why)
    assert scored.relevance_why[0]["word"] in page.text
    assert b'value="follow"' not in page.content  # a reader cannot mark calls


def test_calls_for_us_filters(client, demo):
    login(client, demo, "coordinator")
    erasmus = Programme.objects.get(municipality=demo.motala, code="erasmus-plus")
    page = client.get(reverse("call-list"), {"programme": erasmus.pk})
    assert {c.framework_code for c in page.context["page"]} == {"ERASMUS"}
    followed = client.get(reverse("call-list"), {"mark": "followed"})
    assert len(followed.context["page"]) == 2
    found = client.get(reverse("call-list"), {"q": "CREA-CULT-2025-COOP-UA-2"})
    # The identifier is not unique on the portal: four calls carry this one, the list
    # shows it once (all four closed: the last to close).
    assert motala_calls(demo).filter(identifier="CREA-CULT-2025-COOP-UA-2").count() == 4
    assert [c.reference for c in found.context["page"]] == ["15381COMPETITIVE_CALLen"]
    # Every word must occur, in any case, in the title, identifier, summary or keywords.
    words = client.get(reverse("call-list"), {"q": "UKRAINIANS’ Heritage"})
    assert {c.reference for c in words.context["page"]} >= {"15381COMPETITIVE_CALLen"}
    assert all("heritage" in c.title.lower() for c in words.context["page"])
    none = client.get(reverse("call-list"), {"q": "ukrainians zzzyx"})
    assert none.context["page"].paginator.count == 0
    # The sample's deadlines are in 2026; far in the future every one is closed.
    closed = client.get(reverse("call-list"), {"status": "closed"})
    open_ = client.get(reverse("call-list"), {"status": "open"})
    assert closed.context["page"].paginator.count + open_.context["page"].paginator.count <= 31
    with translation.override("en"):
        nothing = client.get(reverse("call-list"), {"q": "zzzyx-no-such-call"})
    assert "No call matches the filter." in nothing.text


def test_calls_for_us_query_count_does_not_grow(client, demo, django_assert_max_num_queries):
    login(client, demo, "coordinator")
    client.get(reverse("call-list"))
    with django_assert_max_num_queries(12) as before:
        client.get(reverse("call-list"))
    base = motala_calls(demo).first()
    for index in range(20):
        call = Call.objects.create(
            municipality=demo.motala,
            reference=f"EXTRA-{index}",
            identifier=f"EXTRA-{index}",
            title=f"Extra call {index}",
            programme=base.programme,
            relevance=100 + index,
        )
        if index % 2:
            CallMark.objects.create(municipality=demo.motala, call=call, kind="followed")
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(reverse("call-list"))
    # Open calls come first: the new ones (open, no deadline) before the demo's closed ones.
    assert "EXTRA-19" in {c.reference for c in page.context["page"]}


def _call(demo, reference, identifier, *, days, relevance=0, **extra):
    deadline = timezone.now() + datetime.timedelta(days=days)
    return Call.objects.create(
        municipality=demo.motala,
        reference=reference,
        identifier=identifier,
        title=f"Ordningstest {reference}",
        deadlines=[deadline.isoformat()],
        next_deadline=deadline if days >= 0 else None,
        last_deadline=deadline,
        relevance=relevance,
        **extra,
    )


def test_calls_for_us_open_first_by_deadline_each_call_once(client, demo):
    _call(demo, "R-CLOSED", "ORD-CLOSED", days=-3, relevance=500)
    _call(demo, "R-LATE", "ORD-LATE", days=40)
    _call(demo, "R-SOON", "ORD-SOON", days=5)
    _call(demo, "R-SOON-STALE", "ORD-SOON", days=-20)  # an earlier copy, closed
    _call(demo, "R-NEXT", "ORD-SOON", days=12)  # a later cut-off of the same call
    _call(demo, "R-AHEAD", "ORD-AHEAD", days=90, start_date=timezone.now() + _days(30))
    _call(demo, "R-NO-ID", "", days=20)
    login(client, demo, "reader")
    page = client.get(reverse("call-list"), {"q": "ordningstest"})
    references = [c.reference for c in page.context["page"]]
    assert references == ["R-SOON", "R-NO-ID", "R-LATE", "R-AHEAD", "R-CLOSED"]
    assert page.context["page"].paginator.count == 5
    # The whole list: each identifier once, open calls before closed ones.
    everything = client.get(reverse("call-list"), {"mark": "all", "sort": "deadline"})
    rows = list(everything.context["page"].paginator.object_list)
    identifiers = [c.identifier or c.reference for c in rows]
    assert len(identifiers) == len(set(identifiers))
    statuses = [c.derived_status() for c in rows]
    assert statuses.index("closed") > max(
        i for i, status in enumerate(statuses) if status == "open"
    )
    # The API reads the same query.
    from samverkan.funding.queries import filter_calls

    api = filter_calls(motala_calls(demo), q="ordningstest", sort="relevance")
    assert [c.reference for c in api][-1] == "R-CLOSED"
    assert sorted(c.reference for c in api) == sorted(references)


def _days(count):
    return datetime.timedelta(days=count)


def test_follow_and_dismiss_with_who_and_when(client, demo):
    call = motala_calls(demo).exclude(mark__isnull=False).first()
    login(client, demo, "reader")
    assert (
        client.post(reverse("call-mark", args=[call.pk]), {"action": "follow"}).status_code == 403
    )
    login(client, demo, "coordinator")
    response = client.post(
        reverse("call-mark", args=[call.pk]), {"action": "follow", "next": "/funding/calls/"}
    )
    assert response.status_code == 302 and response["Location"] == "/funding/calls/"
    mark = CallMark.objects.get(call=call)
    assert mark.kind == "followed" and mark.marked_by == demo.users["coordinator"]
    client.post(reverse("call-mark", args=[call.pk]), {"action": "dismiss"})
    assert CallMark.objects.get(call=call).kind == "dismissed"
    hidden = client.get(reverse("call-list"), {"q": call.identifier})
    assert call not in list(hidden.context["page"])
    shown = client.get(reverse("call-list"), {"q": call.identifier, "mark": "dismissed"})
    assert call in list(shown.context["page"])
    evil = client.post(
        reverse("call-mark", args=[call.pk]), {"action": "clear", "next": "https://evil.example"}
    )
    assert evil["Location"] == reverse("call-detail", args=[call.pk])
    assert not CallMark.objects.filter(call=call).exists()
    assert client.get(reverse("call-mark", args=[call.pk])).status_code == 405


def test_call_detail_shows_deadlines_status_and_why(client, demo):
    call = motala_calls(demo).filter(relevance__gt=0).order_by("-relevance").first()
    login(client, demo, "reader")
    with translation.override("en"):
        page = client.get(reverse("call-detail", args=[call.pk]))
    assert page.status_code == 200
    assert call.deadline_datetimes()[0].strftime("%Y-%m-%d") in page.text
    assert call.relevance_why[0]["word"] in page.text
    assert call.url in page.text
    assert str(call.get_derived_status_display()) in page.text


def test_saved_search_and_new_matches(client, demo):
    login(client, demo, "editor")
    with translation.override("en"):
        empty = client.post(reverse("savedsearch-create"), {"name": "Everything"})
    assert "an empty search finds everything" in empty.text
    response = client.post(reverse("savedsearch-create"), {"name": "Culture", "words": "culture"})
    assert response.status_code == 302
    search = SavedSearch.objects.get(owner=demo.users["editor"], name="Culture")
    search.created_at = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    found = new_matches_for(search, mark_reported=True)
    assert found and all(
        "culture" in (c.title + c.summary + c.identifier + str(c.keywords)).lower() for c in found
    )
    assert new_matches_for(search) == []
    page = client.get(reverse("savedsearch-list"))
    assert "Culture" in page.text
    assert reverse("savedsearch-edit", args=[search.pk]) in page.text
    # Changed on its own page; a stale edit is refused, not lost.
    edit = reverse("savedsearch-edit", args=[search.pk])
    changed = client.post(
        edit, {"name": "Kultur", "words": "culture heritage", "opened_version": search.version}
    )
    assert changed.status_code == 302
    search.refresh_from_db()
    assert (search.name, search.words) == ("Kultur", "culture heritage")
    stale = client.post(edit, {"name": "Gammal", "words": "x", "opened_version": 1})
    assert stale.status_code == 409
    search.refresh_from_db()
    assert search.name == "Kultur"
    # Someone else's saved search is not yours to change or delete.
    login(client, demo, "coordinator")
    assert client.get(edit).status_code == 404
    assert client.get(reverse("savedsearch-delete", args=[search.pk])).status_code == 404


def test_watch_profile_change_rescores_calls(client, demo):
    login(client, demo, "coordinator")
    call = motala_calls(demo).get(reference="15381COMPETITIVE_CALLen")
    response = client.post(
        reverse("watchprofile-create"),
        {"name": "Ukraina", "keywords": "ukrainians: 50\nukraina: 50", "active": "on"},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert {"word": "ukrainians", "weight": 50.0, "profile": "Ukraina"} in call.relevance_why
    with translation.override("en"):
        bad = client.post(reverse("watchprofile-create"), {"name": "X", "keywords": "a: many"})
    assert "the weight must be a number" in bad.text
    login(client, demo, "reader")
    assert client.get(reverse("watchprofile-create")).status_code == 403
    assert WatchProfile.objects.filter(municipality=demo.motala, name="X").count() == 0


@pytest.mark.parametrize("username", ["coordinator", "reader"])
def test_deadlines_provider_gives_followed_calls(demo, username):
    followed = motala_calls(demo).filter(mark__kind="followed")
    days = sorted({d.date() for c in followed for d in c.deadline_datetimes()})
    found = funding_deadlines(
        demo.users[username], demo.motala, datetime.date(2020, 1, 1), datetime.date(2030, 1, 1)
    )
    assert sorted({d.date for d in found}) == days
    first = found[0]
    assert first.kind == "call" and first.path.startswith("/funding/calls/")
    assert first.uid == f"call-{first.path.split('/')[3]}-{first.date.isoformat()}"
    assert funding_deadlines(demo.users[username], demo.motala, days[-1], days[-1])
    none = funding_deadlines(
        demo.users[username], demo.motala, datetime.date(2019, 1, 1), datetime.date(2019, 2, 1)
    )
    assert none == []


def test_cooperation_section_links_to_funding_pages(client, demo):
    login(client, demo, "reader")
    page = client.get(reverse("section", args=["cooperation"]))
    assert page.status_code == 200
    for name in ("call-list", "programme-list", "savedsearch-list", "watchprofile-list"):
        assert f'href="{reverse(name)}"' in page.text
