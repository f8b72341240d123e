"""Country groups are data with dates: a past year's figures stay right."""

import datetime

import pytest

from samverkan.registry import countries
from samverkan.registry.models import Partner

D = datetime.date


def test_the_uk_counts_as_eu_before_it_left_and_not_after():
    assert countries.is_in("GB", countries.EU, D(2019, 6, 1))
    assert countries.is_in("GB", countries.EU, D(2020, 1, 31))  # its last day
    assert not countries.is_in("GB", countries.EU, D(2020, 2, 1))
    assert "GB" in countries.countries_in(countries.EU, D(2019, 6, 1))
    assert "GB" not in countries.countries_in(countries.EU, D(2020, 2, 1))


def test_the_uk_stays_in_the_eea_until_the_end_of_the_transition():
    assert countries.is_in("GB", countries.EEA, D(2020, 12, 31))
    assert not countries.is_in("GB", countries.EEA, D(2021, 1, 1))


def test_norway_is_in_the_eea_not_the_eu():
    day = D(2024, 1, 1)
    assert countries.groups_of("NO", day) == {countries.EEA, countries.NORDIC}
    assert not countries.is_in("NO", countries.EU, day)


@pytest.mark.parametrize("code", ["SE", "DK", "FI", "NO", "IS", "AX", "FO", "GL"])
def test_the_nordic_countries_include_the_autonomous_territories(code):
    assert countries.is_in(code, countries.NORDIC, D(2024, 1, 1))


def test_codes_are_read_case_insensitively_and_unknown_codes_have_no_groups():
    assert countries.groups_of("se", D(2024, 1, 1)) == {
        countries.EU,
        countries.EEA,
        countries.NORDIC,
    }
    assert countries.groups_of("XX", D(2024, 1, 1)) == set()


def test_a_country_joins_on_its_accession_day():
    assert not countries.is_in("HR", countries.EU, D(2013, 6, 30))
    assert countries.is_in("HR", countries.EU, D(2013, 7, 1))
    assert not countries.is_in("SE", countries.EU, D(1994, 12, 31))
    assert countries.is_in("SE", countries.EU, D(1995, 1, 1))


def test_a_partner_answers_for_a_given_day(demo):
    partner = Partner(municipality=demo.motala, name="Oxford", kind="university", country="GB")
    assert countries.EU in partner.country_groups(D(2019, 6, 1))
    assert partner.country_groups(D(2021, 6, 1)) == set()
    latvia = Partner(municipality=demo.motala, name="Riga", kind="municipality", country="LV")
    assert latvia.country_groups(D(2003, 1, 1)) == set()
    assert latvia.country_groups(D(2004, 5, 1)) == {countries.EU, countries.EEA}
