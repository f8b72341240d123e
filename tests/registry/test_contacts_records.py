"""Contact pages: personal data shown only to those who need it, exported and erased."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext

from samverkan.registry.models import Contact, Partner, RegisterSettings


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def hyvinge(demo):
    return Partner.objects.create(
        municipality=demo.motala,
        name="Provort Hyvinge",
        country="FI",
        kind=Partner.Kind.MUNICIPALITY,
    )


def contact(demo, partner, name="Provperson Aino", **extra):
    return Contact.objects.create(
        municipality=demo.motala,
        partner=partner,
        name=name,
        email=extra.pop("email", "aino@hyvinkaa.fi"),
        **extra,
    )


def login(client, demo, username):
    client.force_login(demo.users[username])
    return client


CONTACT_DATA = {
    "name": "Provperson Aino",
    "role_title": "Kansainvälisten asioiden koordinaattori",
    "email": "aino@hyvinkaa.fi",
    "phone": "+358 40 123 4567",
    "last_contact_on": "2026-02-01",
    "legal_basis": "public_task",
}


@pytest.mark.parametrize("username", ["reader", "registrar"])
def test_roles_without_personal_data_get_403_on_every_contact_page(client, demo, hyvinge, username):
    aino = contact(demo, hyvinge)
    login(client, demo, username)
    for url in [
        reverse("contact-list"),
        reverse("contact-create"),
        reverse("contact-detail", args=[aino.pk]),
        reverse("contact-edit", args=[aino.pk]),
        reverse("contact-delete", args=[aino.pk]),
        reverse("contact-export", args=[aino.pk]),
        reverse("contact-erase", args=[aino.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"Aino" not in response.content


def test_anonymous_sees_no_contact_data(client, demo, hyvinge):
    aino = contact(demo, hyvinge)
    for url in [
        reverse("contact-detail", args=[aino.pk]),
        reverse("contact-export", args=[aino.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert b"Aino" not in response.content


def test_committee_editor_sees_contacts_but_cannot_change_them(client, demo, hyvinge):
    aino = contact(demo, hyvinge)
    login(client, demo, "editor")
    assert b"Provperson Aino" in client.get(reverse("contact-list")).content
    assert client.get(reverse("contact-detail", args=[aino.pk])).status_code == 200
    assert client.get(reverse("contact-create")).status_code == 403
    assert client.post(reverse("contact-edit", args=[aino.pk]), CONTACT_DATA).status_code == 403
    assert client.get(reverse("contact-export", args=[aino.pk])).status_code == 403


def test_coordinator_creates_a_contact(client, demo, hyvinge):
    login(client, demo, "coordinator")
    form = client.get(reverse("contact-create"), {"partner": hyvinge.pk}).context["form"]
    assert str(form["partner"].value()) == str(hyvinge.pk)
    response = client.post(reverse("contact-create"), {**CONTACT_DATA, "partner": hyvinge.pk})
    created = Contact.objects.get(municipality=demo.motala, phone="+358 40 123 4567")
    assert response.status_code == 302
    assert response.url == reverse("contact-detail", args=[created.pk])
    assert created.phone == "+358 40 123 4567"


def test_an_email_that_is_not_an_email_is_refused(english, demo, hyvinge):
    login(english, demo, "coordinator")
    response = english.post(
        reverse("contact-create"),
        {**CONTACT_DATA, "partner": hyvinge.pk, "email": "aino at hyvinkaa"},
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'id="id_email_error"' in response.content.decode()
    assert not Contact.objects.filter(name="Provperson Aino").exists()


def test_a_partner_of_another_municipality_is_not_a_choice(client, demo):
    foreign = Partner.objects.create(
        municipality=demo.vadstena,
        name="Provort Hyvinge",
        country="FI",
        kind=Partner.Kind.MUNICIPALITY,
    )
    login(client, demo, "coordinator")
    response = client.post(reverse("contact-create"), {**CONTACT_DATA, "partner": foreign.pk})
    assert "partner" in response.context["form"].errors
    assert not Contact.objects.filter(name="Provperson Aino").exists()


def test_contact_list_filters_by_partner_and_not_contacted_for_12_months(client, demo, hyvinge):
    daugavpils = Partner.objects.create(
        municipality=demo.motala,
        name="Provort Daugavpils",
        country="LV",
        kind=Partner.Kind.MUNICIPALITY,
    )
    today = timezone.localdate()
    contact(demo, hyvinge, "Provperson Aino", last_contact_on=today - datetime.timedelta(days=30))
    contact(
        demo,
        daugavpils,
        "Provperson Jānis",
        email="j@daugavpils.lv",
        last_contact_on=today - datetime.timedelta(days=400),
    )
    contact(demo, daugavpils, "Provperson Never", email="")
    login(client, demo, "coordinator")

    def names(**params):
        params.setdefault("q", "Provperson")
        page = client.get(reverse("contact-list"), params).context["page"]
        return sorted(c.name.removeprefix("Provperson ") for c in page)

    assert names(partner=daugavpils.pk) == ["Jānis", "Never"]
    assert names(stale="yes") == ["Jānis", "Never"]
    assert names(stale="no") == ["Aino"]
    assert names(q="j@daugavpils.lv") == ["Jānis"]


def test_contact_list_queries_do_not_grow_with_rows(
    client, demo, hyvinge, django_assert_max_num_queries
):
    login(client, demo, "coordinator")
    contact(demo, hyvinge, "A")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("contact-list"))
    for number in range(30):
        other = Partner.objects.create(
            municipality=demo.motala,
            name=f"Provnät {number}",
            country="DE",
            kind=Partner.Kind.NETWORK,
        )
        contact(demo, other, f"Person {number}")
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("contact-list"))
    assert len(response.context["page"]) == 25


def test_export_is_a_json_download_of_everything_kept(client, demo, hyvinge):
    aino = contact(demo, hyvinge, phone="+358 40 1")
    aino.phone = "+358 40 2"
    aino.save()
    login(client, demo, "coordinator")
    response = client.get(reverse("contact-export", args=[aino.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    # The file name is in the interface's language (Swedish by default).
    with translation.override("sv"):
        name = f"{pgettext('file name', 'contact')}-{aino.pk}.json"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    data = json.loads(response.content)
    assert data["municipality"] == "Motala"
    assert data["contact"]["name"] == "Provperson Aino"
    assert data["contact"]["email"] == "aino@hyvinkaa.fi"
    assert data["contact"]["partner"] == "Provort Hyvinge"
    assert [version["phone"] for version in data["history"]] == ["+358 40 1", "+358 40 2"]


def test_erasure_asks_first_then_blanks_the_contact_and_its_history(english, demo, hyvinge):
    aino = contact(demo, hyvinge, notes="Träffades i Hyvinge 2025.")
    aino.role_title = "Koordinaattori"
    aino.save()
    login(english, demo, "coordinator")
    url = reverse("contact-erase", args=[aino.pk])
    response = english.get(url)
    assert response.status_code == 200 and 'method="post"' in response.content.decode()
    aino.refresh_from_db()
    assert aino.erased_at is None
    response = english.post(url, follow=True)
    aino.refresh_from_db()
    assert aino.erased_at is not None
    assert (aino.name, aino.email, aino.notes, aino.role_title) == ("", "", "", "")
    assert aino.history.count() == 2  # that a contact existed and changed is kept
    for version in aino.history.all():
        assert (version.name, version.email, version.notes, version.role_title) == ("", "", "", "")
    page = response.content.decode()
    assert f"Erased contact #{aino.pk}" in page
    assert "aino@hyvinkaa.fi" not in page and "Provperson" not in page
    listing = english.get(reverse("contact-list")).content.decode()
    assert f"Erased contact #{aino.pk}" in listing
    # Editing would bring personal data back: refused.
    english.post(reverse("contact-edit", args=[aino.pk]), {**CONTACT_DATA, "partner": hyvinge.pk})
    aino.refresh_from_db()
    assert aino.name == ""


def test_retention_rule_refuses_erasure_with_a_message(english, demo, hyvinge):
    RegisterSettings.objects.create(municipality=demo.motala, contact_retention_months=24)
    aino = contact(demo, hyvinge, last_contact_on=timezone.localdate())
    login(english, demo, "coordinator")
    response = english.post(reverse("contact-erase", args=[aino.pk]), follow=True)
    page = response.content.decode()
    assert "retention rule keeps contact data until" in page
    aino.refresh_from_db()
    assert aino.erased_at is None and aino.name == "Provperson Aino"


def test_contact_delete_moves_it_to_the_trash(client, demo, hyvinge):
    aino = contact(demo, hyvinge)
    login(client, demo, "coordinator")
    assert client.post(reverse("contact-delete", args=[aino.pk])).status_code == 302
    assert not Contact.objects.filter(pk=aino.pk).exists()
