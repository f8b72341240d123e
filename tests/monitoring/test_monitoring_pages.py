"""Watch item, influence action and subject area pages: roles, tenancy, lists and forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from samverkan.history.models import DeletedRecord
from samverkan.monitoring.models import InfluenceAction, SubjectArea, WatchItem
from samverkan.registry.models import Contact, Partner


def _login(client, demo, username):
    client.force_login(demo.users[username])
    return client


@pytest.mark.parametrize(
    ("username", "status"),
    [("admin", 200), ("coordinator", 200), ("editor", 200), ("registrar", 200), ("reader", 200)],
)
def test_every_role_reads_the_list_and_detail(client, demo, own_item, username, status):
    _login(client, demo, username)
    assert client.get("/monitoring/").status_code == status
    page = client.get(f"/monitoring/{own_item.pk}/")
    assert page.status_code == status
    assert "COM(2020) 625" in page.content.decode()


def test_anonymous_is_sent_to_login_and_other_municipality_gets_404(client, demo, own_item):
    assert client.get("/monitoring/").status_code == 302
    _login(client, demo, "vadstena-coordinator")
    assert client.get(f"/monitoring/{own_item.pk}/").status_code == 404
    assert client.get(f"/monitoring/{own_item.pk}/edit/").status_code == 404
    assert "Europeiska utbildningsområdet" not in client.get("/monitoring/").content.decode()


def test_list_filters_search_and_sort(client, demo, own_item, other_item, area):
    _login(client, demo, "reader")
    orphan = WatchItem.objects.create(municipality=demo.motala, title="Zeta utan ägare")

    def titles(query):
        page = client.get("/monitoring/" + query)
        assert page.status_code == 200
        return [item.title for item in page.context["page"]]

    assert titles(f"?subject_area={area.pk}") == [own_item.title]
    assert titles(f"?committee={demo.other_committee.pk}") == [other_item.title]
    no_owner = titles("?owner=none")
    assert orphan.title in no_owner and own_item.title not in no_owner
    assert titles("?q=COM(2020)") == [own_item.title]
    assert titles("?q=625&status=closed") == []
    names = titles("?sort=-title")
    assert names == sorted(names, reverse=True)
    # Unknown values are ignored, never an error.
    assert client.get("/monitoring/?status=bogus&sort=nope&page=x").status_code == 200
    with translation.override("en"):
        empty = client.get("/monitoring/?q=nothing-like-this", HTTP_ACCEPT_LANGUAGE="en")
    assert "No watch item matches the filter." in empty.content.decode()
    assert "open watch items have no owner." in empty.content.decode()


def test_list_queries_do_not_grow_with_rows(client, demo, django_assert_max_num_queries, area):
    _login(client, demo, "coordinator")

    def add(n):
        for i in range(n):
            WatchItem.objects.create(
                municipality=demo.motala,
                title=f"Rad {i}",
                subject_area=area,
                committee=demo.own_committee,
                responsible_person=demo.users["editor"],
            )

    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get("/monitoring/").status_code == 200
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/monitoring/").status_code == 200


def _item_data(demo, **changes):
    data = {
        "title": "Ny bevakning",
        "eu_reference": "COM(2024) 1",
        "kind": "legislative_proposal",
        "subject_area": "",
        "committee": demo.own_committee.pk,
        "responsible_person": "",
        "status": "watching",
        "feedback_opens_on": "2031-03-01",
        "feedback_closes_on": "2031-04-01",
        "next_date": "",
        "next_step": "",
        "url": "",
        "notes": "",
    }
    data.update(changes)
    return data


def test_editor_creates_for_own_committee_only(client, demo):
    _login(client, demo, "editor")
    form = client.get("/monitoring/new/").context["form"]
    assert list(form.fields["committee"].queryset) == [demo.own_committee]
    refused = client.post("/monitoring/new/", _item_data(demo, committee=demo.other_committee.pk))
    assert refused.status_code == 200 and "committee" in refused.context["form"].errors
    saved = client.post("/monitoring/new/", _item_data(demo))
    assert saved.status_code == 302
    item = WatchItem.objects.get(title="Ny bevakning")
    assert item.committee == demo.own_committee and item.municipality == demo.motala


def test_editor_cannot_change_another_committees_item(client, demo, own_item, other_item):
    _login(client, demo, "editor")
    assert client.get(f"/monitoring/{other_item.pk}/edit/").status_code == 403
    assert client.get(f"/monitoring/{other_item.pk}/delete/").status_code == 403
    assert client.get(f"/monitoring/{own_item.pk}/edit/").status_code == 200
    _login(client, demo, "reader")
    assert client.get("/monitoring/new/").status_code == 403
    assert client.get(f"/monitoring/{own_item.pk}/edit/").status_code == 403


def test_bad_feedback_window_is_a_form_error(client, demo):
    _login(client, demo, "coordinator")
    page = client.post(
        "/monitoring/new/",
        _item_data(demo, feedback_opens_on="2031-04-02", feedback_closes_on="2031-04-01"),
    )
    assert page.status_code == 200
    assert "feedback_closes_on" in page.context["form"].errors
    assert not WatchItem.objects.filter(title="Ny bevakning").exists()


def test_edit_keeps_history_and_detects_conflict(client, demo, own_item):
    _login(client, demo, "coordinator")
    data = _item_data(demo, title="Ändrad titel", opened_version=own_item.version)
    assert client.post(f"/monitoring/{own_item.pk}/edit/", data).status_code == 302
    own_item.refresh_from_db()
    assert own_item.title == "Ändrad titel" and own_item.history.count() == 2
    stale = client.post(f"/monitoring/{own_item.pk}/edit/", {**data, "title": "Gammal"})
    assert stale.status_code == 409
    detail = client.get(f"/monitoring/{own_item.pk}/").content.decode()
    assert "Ändrad titel" in detail


def test_delete_moves_item_and_its_actions_to_the_trash(client, demo, own_item):
    InfluenceAction.objects.create(
        municipality=demo.motala,
        watch_item=own_item,
        kind=InfluenceAction.Kind.MEETING,
        taken_on=datetime.date(2031, 1, 1),
    )
    _login(client, demo, "coordinator")
    assert client.post(f"/monitoring/{own_item.pk}/delete/").status_code == 302
    assert not WatchItem.objects.filter(pk=own_item.pk).exists()
    entry = DeletedRecord.objects.get(model_label="monitoring.watchitem", object_id=own_item.pk)
    assert len(entry.rows) == 2


@pytest.fixture
def contact(demo):
    office = Partner.objects.get(municipality=demo.motala, name="Östergötlands EU-kontor")
    return Contact.objects.create(
        municipality=demo.motala,
        partner=office,
        name="Test Person",
        last_contact_on=datetime.date(2020, 1, 1),
    )


def test_an_action_with_a_contact_moves_the_last_contact_date(client, demo, own_item, contact):
    _login(client, demo, "editor")
    url = f"/monitoring/{own_item.pk}/actions/new/"
    assert client.get(url).status_code == 200
    day = datetime.date(2030, 5, 4)
    data = {
        "kind": "regional_eu_office",
        "taken_on": day.isoformat(),
        "channel": "",
        "contact": contact.pk,
        "description": "Möte i Bryssel",
        "outcome": "Frågan lyfts",
    }
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    action = InfluenceAction.objects.get(watch_item=own_item)
    # The channel follows from the contact.
    assert action.channel_id == contact.partner_id
    contact.refresh_from_db()
    assert contact.last_contact_on == day
    assert contact.history.first().last_contact_on == day
    assert "2030-05-04" in response.content.decode()
    # An older action does not move the date back.
    client.post(url, {**data, "taken_on": "2029-01-01"})
    contact.refresh_from_db()
    assert contact.last_contact_on == day


def test_contact_must_belong_to_the_channel(client, demo, own_item, contact):
    _login(client, demo, "coordinator")
    other = Partner.objects.filter(municipality=demo.motala).exclude(pk=contact.partner_id).first()
    page = client.post(
        f"/monitoring/{own_item.pk}/actions/new/",
        {"kind": "meeting", "taken_on": "2030-01-01", "channel": other.pk, "contact": contact.pk},
    )
    assert page.status_code == 200 and "contact" in page.context["form"].errors
    assert not InfluenceAction.objects.filter(watch_item=own_item).exists()


def test_editor_cannot_add_actions_to_another_committees_item(client, demo, other_item):
    _login(client, demo, "editor")
    assert client.get(f"/monitoring/{other_item.pk}/actions/new/").status_code == 403


def test_the_action_form_offers_contacts_to_roles_that_see_them(client, demo, own_item):
    _login(client, demo, "admin")
    assert "contact" in client.get(f"/monitoring/{own_item.pk}/actions/new/").context["form"].fields


def test_subject_areas_are_for_coordinators(client, demo, area):
    _login(client, demo, "editor")
    assert client.get("/monitoring/subject-areas/").status_code == 200
    assert client.get("/monitoring/subject-areas/new/").status_code == 403
    assert client.get(f"/monitoring/subject-areas/{area.pk}/edit/").status_code == 403
    _login(client, demo, "coordinator")
    data = {"name": "Digitalisering", "description": "", "committee": demo.board.pk}
    assert client.post("/monitoring/subject-areas/new/", data).status_code == 302
    duplicate = client.post("/monitoring/subject-areas/new/", data)
    assert duplicate.status_code == 200 and "name" in duplicate.context["form"].errors
    assert SubjectArea.objects.filter(municipality=demo.motala, name="Digitalisering").count() == 1
    edit = client.post(
        f"/monitoring/subject-areas/{area.pk}/edit/",
        {"name": "Skola i EU", "committee": "", "opened_version": area.version},
    )
    assert edit.status_code == 302
    area.refresh_from_db()
    assert area.name == "Skola i EU" and area.committee is None


def test_a_subject_area_in_use_is_kept(client, demo, own_item, area):
    _login(client, demo, "coordinator")
    response = client.post(f"/monitoring/subject-areas/{area.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert SubjectArea.objects.filter(pk=area.pk).exists()


def test_section_page_links_to_monitoring(client, demo):
    _login(client, demo, "reader")
    page = client.get(reverse("section", args=["monitoring"]))
    assert page.status_code == 200
    assert 'href="/monitoring/"' in page.content.decode()


def test_editing_an_action_moves_the_date_and_detects_conflicts(client, demo, own_item, contact):
    action = InfluenceAction.objects.create(
        municipality=demo.motala,
        watch_item=own_item,
        kind=InfluenceAction.Kind.MEETING,
        taken_on=datetime.date(2030, 1, 1),
    )
    _login(client, demo, "editor")
    url = f"/monitoring/actions/{action.pk}/edit/"
    data = {
        "kind": "meeting",
        "taken_on": "2030-09-09",
        "contact": contact.pk,
        "outcome": "Bra möte",
        "opened_version": action.version,
    }
    assert client.post(url, data).status_code == 302
    contact.refresh_from_db()
    assert contact.last_contact_on == datetime.date(2030, 9, 9)
    assert client.post(url, {**data, "outcome": "Gammal"}).status_code == 409
    action.refresh_from_db()
    assert action.outcome == "Bra möte"
    _login(client, demo, "reader")
    assert client.get(url).status_code == 403
    assert client.post(f"/monitoring/actions/{action.pk}/delete/").status_code == 403
    _login(client, demo, "editor")
    assert client.post(f"/monitoring/actions/{action.pk}/delete/").status_code == 302
    assert not InfluenceAction.objects.filter(pk=action.pk).exists()
