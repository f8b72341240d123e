"""The programme catalogue in the reader's language: Swedish in Swedish, English in English."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from samverkan.funding import actions
from samverkan.funding.catalogue import (
    deadline_model_label,
    language_pairs,
    read_catalogue,
    subject_area_label,
)
from samverkan.funding.models import Call, Programme


def _page(client, language, url, params=None):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_catalogue_holds_both_languages_and_stores_the_english_text():
    rows = {row["code"]: row for row in read_catalogue()}
    # Stored as before: the API and saved searches read the same values.
    assert rows["swedish-energy-agency"]["name"] == "Swedish Energy Agency"
    assert rows["erasmus-plus"]["subject_areas"] == ["education", "youth", "sport"]
    pairs = language_pairs()
    assert {"sv": "Energimyndigheten", "en": "Swedish Energy Agency"} in pairs
    assert all(pair["sv"] != pair["en"] for pair in pairs)
    assert subject_area_label("education", "sv") == "utbildning"
    assert subject_area_label("utbildning", "en") == "education"
    assert subject_area_label("something of our own", "sv") == "something of our own"
    assert deadline_model_label("multiple cut-off", "sv") == "flera stoppdatum"
    assert deadline_model_label("single-stage", "en") == "single-stage"


def test_programme_pages_follow_the_readers_language(client, demo):
    client.force_login(demo.users["reader"])
    energy = Programme.objects.get(municipality=demo.motala, code="swedish-energy-agency")
    swedish = _page(client, "sv", reverse("programme-list"))
    assert "Energimyndigheten" in swedish and "Swedish Energy Agency" not in swedish
    assert "Europeiska kommissionen" in swedish and "European Commission" not in swedish
    english = _page(client, "en", reverse("programme-list"))
    assert "Swedish Energy Agency" in english and "Energimyndigheten" not in english
    detail = _page(client, "sv", reverse("programme-detail", args=[energy.pk]))
    assert "energi, klimat" in detail and "energy, climate" not in detail
    # The subject-area filter offers the areas by their names, keeping the keys.
    filtered = _page(client, "sv", reverse("programme-list"), {"area": "energy"})
    assert "Energimyndigheten" in filtered and "Erasmus+" not in filtered
    assert '<option value="energy"' in filtered and ">energi</option>" in filtered


def test_a_coordinators_own_text_is_shown_as_written(client, demo):
    programme = Programme.objects.get(municipality=demo.motala, code="swedish-energy-agency")
    actions.update_programme(
        programme,
        {"owner": "Energimyndigheten, enheten för internationellt"},
        expected_version=programme.version,
        acting_user=demo.users["coordinator"],
    )
    programme.refresh_from_db()
    with translation.override("en"):
        assert programme.display_owner == "Energimyndigheten, enheten för internationellt"
        assert programme.display_name == "Swedish Energy Agency"
    with translation.override("sv"):
        assert str(programme) == "Energimyndigheten"


def test_a_calls_deadline_model_and_programme_in_swedish(client, demo):
    call = Call.objects.filter(municipality=demo.motala, programme__isnull=False).first()
    Call.objects.filter(pk=call.pk).update(deadline_model="multiple cut-off")
    client.force_login(demo.users["reader"])
    page = _page(client, "sv", reverse("call-detail", args=[call.pk]))
    assert "flera stoppdatum" in page and "multiple cut-off" not in page
    with translation.override("sv"):
        assert call.programme.display_name in page
    assert "multiple cut-off" in _page(client, "en", reverse("call-detail", args=[call.pk]))


def test_the_api_keeps_the_stored_values(client, demo):
    client.force_login(demo.users["reader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = client.get("/api/v1/programmes", {"level": "national"})
    assert response.status_code == 200
    body = response.json()
    rows = body["items"] if isinstance(body, dict) else body
    assert "Swedish Energy Agency" in {row["name"] for row in rows}
    assert "Energimyndigheten" not in response.content.decode()
