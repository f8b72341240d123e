"""Funding: the page and the API make the same change through the same action.

Saved searches have pages only (the API offers none): their test checks that the page's
changes go through the actions, with history rows naming the user and the trash.
"""

from django.urls import reverse
from django.utils import timezone

from samverkan.funding.models import Call, CallMark, Programme, SavedSearch
from samverkan.history.models import DeletedRecord

PROGRAMME = {
    "code": "samma",
    "name": "Samma program",
    "owner": "EU",
    "level": "eu",
    "period_start_year": 2021,
    "period_end_year": 2027,
    "url": "",
    "description": "",
}


def _two_unmarked_calls(demo):
    return list(Call.objects.filter(municipality=demo.motala, mark__isnull=True).order_by("pk")[:2])


def test_follow_dismiss_and_clear_a_call_through_page_and_api(demo, client, call_as, snapshot):
    on_page, by_api = _two_unmarked_calls(demo)
    coordinator = demo.users["coordinator"]
    client.force_login(coordinator)
    api = call_as("coordinator")

    for action in ("follow", "dismiss"):
        page = client.post(reverse("call-mark", args=[on_page.pk]), {"action": action})
        assert page.status_code == 302
        answer = api.post(f"/calls/{by_api.pk}/mark", {"action": action})
        assert answer.status_code == 200
        page_mark = snapshot(CallMark.objects.get(call=on_page), without=["call", "marked_at"])
        api_mark = snapshot(CallMark.objects.get(call=by_api), without=["call", "marked_at"])
        assert page_mark == api_mark
        assert api_mark["fields"]["marked_by"] == coordinator.pk
        assert api_mark["history"][0] == ("+" if action == "follow" else "~", coordinator.pk, "")

    cleared = client.post(reverse("call-mark", args=[on_page.pk]), {"action": "clear"})
    assert cleared.status_code == 302
    assert api.post(f"/calls/{by_api.pk}/mark", {"action": "clear"}).status_code == 200
    assert not CallMark.objects.filter(call__in=[on_page, by_api]).exists()
    for call in (on_page, by_api):
        last = CallMark.history.filter(call_id=call.pk).first()
        assert (last.history_type, last.history_user_id) == ("-", coordinator.pk)


def test_an_unknown_mark_is_refused_by_page_and_api(demo, client, call_as):
    call = _two_unmarked_calls(demo)[0]
    client.force_login(demo.users["coordinator"])
    client.cookies["django_language"] = "en"
    page = client.post(reverse("call-mark", args=[call.pk]), {"action": "maybe"}, follow=True)
    assert "Unknown action." in page.text
    refused = call_as("coordinator").post(f"/calls/{call.pk}/mark", {"action": "maybe"})
    assert refused.status_code == 400
    assert not CallMark.objects.filter(call=call).exists()


def test_programmes_are_created_changed_and_deleted_alike(demo, client, call_as, snapshot):
    coordinator = demo.users["coordinator"]
    client.force_login(coordinator)
    page = client.post(
        reverse("programme-create"),
        {**PROGRAMME, "subject_areas": "culture, youth", "portal_codes": "test"},
    )
    assert page.status_code == 302
    on_page = Programme.objects.get(municipality=demo.motala, code="samma")
    api = call_as("coordinator")
    created = api.post(
        "/programmes",
        {
            **PROGRAMME,
            "code": "samma-api",
            "subject_areas": ["culture", "youth"],
            "portal_codes": ["test"],
        },
    )
    assert created.status_code == 201, created.json()
    by_api = Programme.objects.get(pk=created.json()["id"])
    assert snapshot(on_page, without=["code"]) == snapshot(by_api, without=["code"])
    assert snapshot(by_api)["fields"]["portal_codes"] == ["TEST"]

    started = timezone.now()
    page = client.post(
        reverse("programme-edit", args=[on_page.pk]),
        {**PROGRAMME, "name": "Nytt namn", "opened_version": on_page.version},
    )
    assert page.status_code == 302
    changed = api.put(
        f"/programmes/{by_api.pk}",
        {**PROGRAMME, "code": "samma-api", "name": "Nytt namn", "version": by_api.version},
    )
    assert changed.status_code == 200
    page_record = snapshot(on_page, since=started, without=["code"])
    api_record = snapshot(by_api, since=started, without=["code"])
    assert page_record == api_record
    assert api_record["history"] == [("~", coordinator.pk, "")]

    assert client.post(reverse("programme-delete", args=[on_page.pk])).status_code == 302
    assert api.delete(f"/programmes/{by_api.pk}").status_code == 204
    entries = DeletedRecord.objects.filter(
        model_label="funding.programme", object_id__in=[str(on_page.pk), str(by_api.pk)]
    )
    assert [e.deleted_by for e in entries] == [coordinator, coordinator]


def test_a_saved_search_is_created_changed_and_deleted_through_the_actions(demo, client):
    editor = demo.users["editor"]
    client.force_login(editor)
    created = client.post(reverse("savedsearch-create"), {"name": "Kultur", "words": "culture"})
    assert created.status_code == 302
    search = SavedSearch.objects.get(owner=editor, name="Kultur")
    changed = client.post(
        reverse("savedsearch-edit", args=[search.pk]),
        {"name": "Kulturarv", "words": "heritage", "opened_version": search.version},
    )
    assert changed.status_code == 302
    search.refresh_from_db()
    assert (search.name, search.words, search.version) == ("Kulturarv", "heritage", 2)
    history = [(h.history_type, h.history_user_id) for h in search.history.all()]
    assert history == [("~", editor.pk), ("+", editor.pk)]
    # Another user's search is not theirs to change: 404 like a missing one.
    client.force_login(demo.users["coordinator"])
    assert client.post(reverse("savedsearch-delete", args=[search.pk])).status_code == 404
    client.force_login(editor)
    assert client.post(reverse("savedsearch-delete", args=[search.pk])).status_code == 302
    assert not SavedSearch.objects.filter(pk=search.pk).exists()
    entry = DeletedRecord.objects.get(model_label="funding.savedsearch", object_id=str(search.pk))
    assert entry.deleted_by == editor
