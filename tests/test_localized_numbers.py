"""Numbers typed and shown the reader's way: "3,5" and "12 500" in Swedish, never a silent ×10.

The rule is samverkan.lib.forms.parse_number's; the pages read every ModelForm's number
fields with it. Assertions read field names and numbers, not message wording.
"""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samverkan.activities.models import Resource, Training
from samverkan.followup import compliance
from samverkan.lib.forms import AmbiguousNumber, parse_number
from samverkan.organisation.models import Body

SWEDISH = [
    ("3,5", "3.5"),
    ("3.5", "3.5"),  # one or two decimals after a point cannot be a thousands group
    ("12 500", "12500"),
    ("12\u00a0500", "12500"),
    ("12\u202f500,50", "12500.50"),
    ("1 234 567", "1234567"),
    ("12.500,50", "12500.50"),
    ("1.234.567", "1234567"),
    ("0,125", "0.125"),
    ("11,2345", "11.2345"),
    ("-3,5", "-3.5"),
    (",5", "0.5"),
    (" 7 ", "7"),
]
ENGLISH = [
    ("3.5", "3.5"),
    ("12,500", "12500"),
    ("12,500.50", "12500.50"),
    ("12 500", "12500"),
    ("1,234,567", "1234567"),
    ("3,5", "3.5"),  # a decimal comma, which no thousands group could give
    ("0.125", "0.125"),
]
AMBIGUOUS = {"sv": ["3.500", "1,234", "12,500", "-1.500"], "en": ["3.500", "1.234"]}
NOT_NUMBERS = ["", "abc", "1 23", "12  500", "3,5,6", "1,2,3", "1e5", "5.", "NaN", "1_000"]


@pytest.mark.parametrize(("text", "expected"), SWEDISH)
def test_swedish_reading(text, expected):
    with translation.override("sv"):
        assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english_reading(text, expected):
    with translation.override("en"):
        assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("language", "text"), [(lang, text) for lang, texts in AMBIGUOUS.items() for text in texts]
)
def test_a_possible_thousands_group_is_refused_with_both_readings(language, text):
    with translation.override(language), pytest.raises(AmbiguousNumber) as refused:
        parse_number(text)
    whole, decimal = refused.value.readings
    assert whole == decimal * 1000


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_text_that_is_no_number_is_refused(text):
    for language in ("sv", "en"):
        with translation.override(language), pytest.raises(ValueError):
            parse_number(text)


# Through the pages ---------------------------------------------------------------------


def _client(demo, language="sv"):
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(demo.users["coordinator"])
    return client


def _training(demo, title, **values):
    return {
        "title": title,
        "held_on": "2031-05-05",
        "committee": demo.own_committee.pk,
        "participants_elected": "0",
        "participants_employees": "3",
        "hours": "2",
        **values,
    }


def _resource_body(demo):
    used = Resource.objects.filter(year=2031).values("body")
    return (
        Body.objects.filter(municipality=demo.motala)
        .exclude(kind=Body.Kind.COUNCIL)
        .exclude(pk__in=used)
        .first()
    )


def test_swedish_decimal_comma_and_spaced_thousands_are_saved_as_meant(demo):
    client = _client(demo)
    saved = client.post(
        reverse("training-create"),
        _training(demo, "Kurs i tal", hours="3,5", participants_employees="1 200"),
    )
    assert saved.status_code == 302, saved.context["form"].errors
    training = Training.objects.get(title="Kurs i tal")
    assert training.hours == Decimal("3.5")
    assert training.participants_employees == 1200
    body = _resource_body(demo)
    saved = client.post(
        reverse("resource-create"),
        {"body": body.pk, "year": "2031", "budget_sek": "12 500", "staff_fte": "0,5"},
    )
    assert saved.status_code == 302, saved.context["form"].errors
    resource = Resource.objects.get(body=body, year=2031)
    assert resource.budget_sek == Decimal("12500")
    assert resource.staff_fte == Decimal("0.5")


def test_an_ambiguous_number_is_a_form_error_and_nothing_is_saved(demo):
    client = _client(demo)
    for hours in ("3.500", "1,234"):
        page = client.post(reverse("training-create"), _training(demo, "Tvetydig", hours=hours))
        assert page.status_code == 200
        assert set(page.context["form"].errors) == {"hours"}
        assert hours in page.text  # what was typed stays in the box
    page = client.post(
        reverse("training-create"), _training(demo, "Tvetydig", participants_employees="1.200")
    )
    assert set(page.context["form"].errors) == {"participants_employees"}
    assert not Training.objects.filter(title="Tvetydig").exists()


def test_english_point_and_comma_thousands(demo):
    client = _client(demo, "en")
    body = _resource_body(demo)
    saved = client.post(
        reverse("resource-create"),
        {"body": body.pk, "year": "2031", "budget_sek": "12,500", "staff_fte": "1.25"},
    )
    assert saved.status_code == 302, saved.context["form"].errors
    resource = Resource.objects.get(body=body, year=2031)
    assert (resource.budget_sek, resource.staff_fte) == (Decimal("12500"), Decimal("1.25"))


def test_the_form_shows_a_number_to_be_typed_again_the_readers_way(demo):
    training = Training.objects.create(
        municipality=demo.motala,
        title="Halvtimmar",
        held_on="2031-05-05",
        committee=demo.own_committee,
        hours=Decimal("3.5"),
    )
    swedish = _client(demo).get(reverse("training-edit", args=[training.pk])).text
    box = re.search(r'<input[^>]*name="hours"[^>]*>', swedish).group(0)
    assert 'value="3,5"' in box and 'type="text"' in box and 'inputmode="decimal"' in box
    english = _client(demo, "en").get(reverse("training-edit", args=[training.pk])).text
    assert 'value="3.5"' in re.search(r'<input[^>]*name="hours"[^>]*>', english).group(0)
    # Saving the form as shown changes nothing.
    form = _client(demo).get(reverse("training-edit", args=[training.pk])).context["form"]
    data = {name: field.value() for name, field in form._bound_items()}
    data = {k: ("" if v is None else v) for k, v in data.items() if k != "named_participants"}
    data["hours"] = "3,5"
    saved = _client(demo).post(reverse("training-edit", args=[training.pk]), data)
    assert saved.status_code == 302
    training.refresh_from_db()
    assert training.hours == Decimal("3.5")


def test_figures_in_sentences_use_the_swedish_decimal_comma(demo):
    Training.objects.create(
        municipality=demo.motala,
        title="Halvtimmar",
        held_on="2031-05-05",
        committee=demo.own_committee,
        hours=Decimal("1.5"),
        participants_elected=1,
        participants_employees=0,
    )
    with translation.override("sv"):
        detail = str(compliance.training_participants(demo.motala, 2031).detail)
    assert "1,5" in detail
    assert not re.search(r"\d\.\d", detail)
    with translation.override("en"):
        detail = str(compliance.training_participants(demo.motala, 2031).detail)
    assert "1.5" in detail
