"""Monitoring: the page and the API make the same change through the same action."""

import datetime

from django.urls import reverse
from django.utils import timezone

from samverkan.history.models import DeletedRecord
from samverkan.monitoring.models import InfluenceAction, WatchItem
from samverkan.registry.models import Contact, Partner

ITEM = {
    "title": "Paritetsbevakning",
    "eu_reference": "COM(2030) 1",
    "kind": "consultation",
    "status": "watching",
    "feedback_opens_on": "2030-03-01",
    "feedback_closes_on": "2030-04-01",
    "next_step": "Yttrande",
    "notes": "Samma ändring två vägar.",
}


def _page_form(values: dict) -> dict:
    return {name: "" if value is None else value for name, value in values.items()}


def _two_items(demo):
    return [
        WatchItem.objects.create(
            municipality=demo.motala, title=f"Bevakning {n}", committee=demo.own_committee
        )
        for n in (1, 2)
    ]


def test_a_watch_item_is_created_alike(demo, client, call_as, snapshot):
    coordinator = demo.users["coordinator"]
    values = {**ITEM, "committee": demo.own_committee.pk}
    client.force_login(coordinator)
    response = client.post(reverse("watchitem-create"), _page_form(values))
    assert response.status_code == 302
    on_page = WatchItem.objects.get(title=ITEM["title"])
    created = call_as("coordinator").post("/watch-items", {**values, "title": "API"})
    assert created.status_code == 201, created.content
    by_api = WatchItem.objects.get(pk=created.json()["id"])

    page, api = snapshot(on_page), snapshot(by_api)
    api["fields"]["title"] = ITEM["title"]
    assert page == api
    assert page["history"] == [("+", coordinator.pk, "")]
    assert page["fields"]["committee"] == demo.own_committee.pk


def test_a_watch_item_is_changed_alike(demo, client, call_as, snapshot):
    on_page, by_api = _two_items(demo)
    started = timezone.now()
    change = {**ITEM, "committee": demo.own_committee.pk, "status": "acting"}
    client.force_login(demo.users["coordinator"])
    response = client.post(
        reverse("watchitem-edit", args=[on_page.pk]),
        _page_form({**change, "opened_version": on_page.version}),
    )
    assert response.status_code == 302
    updated = call_as("coordinator").put(
        f"/watch-items/{by_api.pk}", {**change, "version": by_api.version}
    )
    assert updated.status_code == 200, updated.content

    page, api = snapshot(on_page, since=started), snapshot(by_api, since=started)
    assert page == api
    assert page["fields"]["status"] == "acting"
    assert page["history"] == [("~", demo.users["coordinator"].pk, "")]

    # A stale version is refused alike: the page with 409 and both versions, the API 409.
    stale_page = client.post(
        reverse("watchitem-edit", args=[on_page.pk]),
        _page_form({**change, "title": "Gammal", "opened_version": on_page.version - 1}),
    )
    stale_api = call_as("coordinator").put(
        f"/watch-items/{by_api.pk}", {**change, "title": "Gammal", "version": by_api.version - 1}
    )
    assert stale_page.status_code == stale_api.status_code == 409
    assert snapshot(on_page, since=started) == snapshot(by_api, since=started) == page


def test_a_watch_item_is_deleted_alike(demo, client, call_as):
    on_page, by_api = _two_items(demo)
    coordinator = demo.users["coordinator"]
    client.force_login(coordinator)
    assert client.post(reverse("watchitem-delete", args=[on_page.pk])).status_code == 302
    assert call_as("coordinator").delete(f"/watch-items/{by_api.pk}").status_code == 204

    assert not WatchItem.objects.filter(pk__in=[on_page.pk, by_api.pk]).exists()
    trashed = DeletedRecord.objects.filter(
        model_label="monitoring.watchitem", object_id__in=[str(on_page.pk), str(by_api.pk)]
    )
    assert sorted(trashed.values_list("deleted_by_id", flat=True)) == [coordinator.pk] * 2

    # Neither the page nor the API lets a reader delete.
    kept = _two_items(demo)[0]
    client.force_login(demo.users["reader"])
    assert client.post(reverse("watchitem-delete", args=[kept.pk])).status_code == 403
    assert call_as("reader").delete(f"/watch-items/{kept.pk}").status_code == 403


def test_an_influence_action_moves_its_contacts_date_alike(demo, client, call_as, snapshot):
    on_page_item, by_api_item = _two_items(demo)
    channel = (
        Partner.objects.filter(municipality=demo.motala)
        .exclude(kind__in=Partner.PERSONAL_KINDS)
        .order_by("pk")
        .first()
    )
    page_contact, api_contact = (
        Contact.objects.create(municipality=demo.motala, partner=channel, name=name)
        for name in ("Sidkontakt", "API-kontakt")
    )
    coordinator = demo.users["coordinator"]
    taken_on = datetime.date(2030, 6, 1)
    action = {
        "kind": "meeting",
        "taken_on": taken_on.isoformat(),
        "description": "Möte om förslaget.",
        "outcome": "",
    }
    started = timezone.now()

    client.force_login(coordinator)
    response = client.post(
        reverse("influenceaction-create", args=[on_page_item.pk]),
        {**action, "channel": "", "contact": page_contact.pk},
    )
    assert response.status_code == 302
    created = call_as("coordinator").post(
        f"/watch-items/{by_api_item.pk}/influence-actions",
        {**action, "contact": api_contact.pk},
    )
    assert created.status_code == 201, created.content

    on_page = InfluenceAction.objects.get(watch_item=on_page_item)
    by_api = InfluenceAction.objects.get(pk=created.json()["id"])
    page, api = (
        snapshot(record, without=("watch_item", "contact")) for record in (on_page, by_api)
    )
    assert page == api
    # The channel is taken from the contact, the same way on both.
    assert page["fields"]["channel"] == channel.pk
    assert page["history"] == [("+", coordinator.pk, "")]

    # The side effect: each contact's last contact date moved, with a history row.
    page_side, api_side = (
        snapshot(contact, since=started, without=("name",))
        for contact in (page_contact, api_contact)
    )
    assert page_side == api_side
    assert page_side["fields"]["last_contact_on"] == taken_on
    assert page_side["history"] == [("~", coordinator.pk, "")]
