"""Registry: the page and the API make the same change through the same action."""

import datetime

from django.urls import reverse
from django.utils import timezone

from samverkan.registry.models import ControlLogEntry, TwinTown


def _two_twin_towns(demo):
    twin_towns = list(TwinTown.objects.filter(municipality=demo.motala).order_by("pk")[:2])
    TwinTown.objects.filter(pk__in=[t.pk for t in twin_towns]).update(last_reviewed_on=None)
    return twin_towns


def test_a_review_moves_the_twin_towns_review_date_through_page_and_api(
    demo, client, call_as, snapshot
):
    on_page, by_api = _two_twin_towns(demo)
    today = timezone.localdate()
    review = {"reviewed_on": today.isoformat(), "reviewed_by": "KS", "findings": "Lever."}
    started = timezone.now()

    client.force_login(demo.users["coordinator"])
    response = client.post(
        reverse("controllog-create", args=["twin-town", on_page.pk]),
        {**review, "reviewed_on": today.isoformat()},
    )
    assert response.status_code == 302
    api = call_as("coordinator")
    assert api.post(f"/twin-towns/{by_api.pk}/control-log", review).status_code == 201

    page_twin = snapshot(on_page, since=started)
    api_twin = snapshot(by_api, since=started)
    assert page_twin["fields"]["last_reviewed_on"] == today
    assert api_twin["fields"]["last_reviewed_on"] == today
    assert page_twin["history"] == api_twin["history"] == [("~", demo.users["coordinator"].pk, "")]

    page_entry = ControlLogEntry.objects.get(object_id=on_page.pk, findings="Lever.")
    api_entry = ControlLogEntry.objects.get(object_id=by_api.pk, findings="Lever.")
    page_values = snapshot(page_entry, since=started)
    api_values = snapshot(by_api_entry := api_entry, since=started)
    page_values["fields"].pop("object_id")
    api_values["fields"].pop("object_id")
    assert page_values == api_values
    assert by_api_entry.reviewed_on == today


def test_an_older_review_leaves_a_later_review_date(demo, call_as):
    twin_town = _two_twin_towns(demo)[0]
    today = timezone.localdate()
    TwinTown.objects.filter(pk=twin_town.pk).update(last_reviewed_on=today)
    earlier = (today - datetime.timedelta(days=30)).isoformat()
    api = call_as("coordinator")
    response = api.post(
        f"/twin-towns/{twin_town.pk}/control-log",
        {"reviewed_on": earlier, "reviewed_by": "KS", "findings": "Efterhand."},
    )
    assert response.status_code == 201
    twin_town.refresh_from_db()
    assert twin_town.last_reviewed_on == today
