"""The public activity register comes a page at a time: a large municipality publishes
hundreds of activities a year, and the open data files hold them all."""

from samverkan.activities.models import Activity
from samverkan.public import views


def test_the_public_activity_register_is_paginated(client, demo, publish_all, monkeypatch):
    Activity.objects.filter(municipality=demo.motala).update(is_public=True)
    public = Activity.objects.filter(municipality=demo.motala, is_public=True).count()
    assert public > 3
    monkeypatch.setattr(views, "PUBLIC_PAGE_SIZE", 2)
    first = client.get("/m/0583/activities/")
    assert first.status_code == 200
    assert first.context["total"] == public
    assert len(first.context["rows"]) == 2
    assert 'href="?page=2"' in first.content.decode()
    last = client.get("/m/0583/activities/", {"page": first.context["page"].paginator.num_pages})
    assert last.status_code == 200 and 1 <= len(last.context["rows"]) <= 2
