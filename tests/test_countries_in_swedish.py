"""Countries named and sorted in the reader's language; downloads named in it too."""

from dataclasses import replace

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from django_countries import countries

from samverkan.activities.forms import ActivityForm
from samverkan.followup.figures import CountryCount, Overview
from samverkan.followup.report.tables import figure_tables
from samverkan.lib.countries import collation_key, country_choices, country_name, sorted_by_name


def _rest(choices):
    return [name for code, name in choices if code not in settings.COUNTRIES_FIRST]


def test_swedish_order_puts_a_ring_a_umlaut_o_umlaut_after_z():
    words = ["Österrike", "Zambia", "Ålandsöarna", "Algeriet", "Ägypten", "Oman", "Élfenben"]
    assert sorted_by_name(words, language="sv") == [
        "Algeriet",
        "Élfenben",
        "Oman",
        "Zambia",
        "Ålandsöarna",
        "Ägypten",
        "Österrike",
    ]
    # English reads Å as A and Ö as O.
    assert sorted_by_name(["Österreich", "Oman", "Zambia"], language="en") == [
        "Oman",
        "Österreich",
        "Zambia",
    ]
    assert collation_key("ö", "sv") > collation_key("z", "sv")


def test_country_lists_are_swedish_in_swedish_with_the_nordic_countries_first():
    with translation.override("sv"):
        choices = country_choices()
        first = [code for code, _name in choices[: len(settings.COUNTRIES_FIRST)]]
        assert first == settings.COUNTRIES_FIRST
        names = _rest(choices)
        assert names == sorted_by_name(names, language="sv")
        assert names[-1].startswith("Ö") and "Brasilien" in names and "Brazil" not in names
        assert country_name("BR") == "Brasilien"
        form_names = [name for _code, name in ActivityForm.base_fields["countries"].choices]
        assert "Brasilien" in form_names
    with translation.override("en"):
        assert country_name("BR") == "Brazil"
        # The form's choices are asked for anew in each language, not frozen at import.
        form_names = [name for _code, name in ActivityForm.base_fields["countries"].choices]
        assert "Brazil" in form_names and "Brasilien" not in form_names
        names = _rest(country_choices())
        assert names == sorted_by_name(names, language="en")
    assert len(choices) == len(list(countries))


def test_the_report_names_countries_in_the_readers_language_whatever_was_frozen():
    # Figures frozen while someone used the English interface keep "Brazil" as text.
    figures = replace(
        Overview.from_json({"year": 2025}),
        activities_per_country=[CountryCount(code="BR", name="Brazil", count=2)],
        partner_countries=[CountryCount(code="NO", name="Norway", count=1)],
    )
    with translation.override("sv"):
        cells = [cell for table in figure_tables(figures) for row in table["rows"] for cell in row]
    assert "Brasilien" in cells and "Norge" in cells
    assert "Brazil" not in cells and "Norway" not in cells


def test_downloads_are_named_in_the_readers_language(client, demo):
    client.force_login(demo.users["coordinator"])
    for language in ("sv", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(reverse("activity-export"), {"format": "csv"})
        assert response.status_code == 200
        with translation.override(language):
            word = pgettext("file name", "activities")
        assert f'filename="{word}-' in response["Content-Disposition"]
