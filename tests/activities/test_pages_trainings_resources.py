"""Training pages (P5: totals per audience) and resource pages (P14: bodies without figures)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.activities.models import Resource, Training
from samverkan.activities.queries import TrainingFigures
from samverkan.organisation.models import Body

# The demo has trainings of its own: these tests search for their own organiser.
ORGANISER = "Provskolan 4711"


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def login(client, demo, username):
    client.force_login(demo.users[username])
    return client


def training(demo, title, held_on=datetime.date(2031, 3, 1), **extra):
    return Training.objects.create(
        municipality=extra.pop("municipality", demo.motala),
        title=title,
        organiser=extra.pop("organiser", ORGANISER),
        held_on=held_on,
        hours=extra.pop("hours", Decimal("2")),
        **extra,
    )


# --- trainings -----------------------------------------------------------------------------


@pytest.fixture
def trainings(demo):
    return [
        training(
            demo,
            "EU-kunskap för politiker",
            hours=Decimal("3"),
            participants_elected=10,
            topics=["eu_knowledge"],
            committee=demo.own_committee,
        ),
        training(
            demo,
            "Ansökningsskrivande",
            hours=Decimal("1.5"),
            participants_employees=4,
            topics=["funding_applications", "languages"],
        ),
        training(
            demo,
            "Interkulturell kompetens",
            held_on=datetime.date(2032, 2, 1),
            participants_elected=1,
            participants_employees=2,
            topics=["intercultural"],
        ),
    ]


def titles(response):
    return sorted(t.title for t in response.context["page"])


def test_training_filters_and_totals_per_audience(client, demo, trainings):
    login(client, demo, "reader")
    url = reverse("training-list")
    mine = {"q": ORGANISER}
    all_years = client.get(url, {**mine})
    year = client.get(url, {**mine, "year": "2031"})
    assert titles(year) == ["Ansökningsskrivande", "EU-kunskap för politiker"]
    totals = year.context["totals"]
    assert totals == TrainingFigures(
        count=2,
        elected=10,
        employees=4,
        elected_hours=Decimal("30"),
        employee_hours=Decimal("6"),
    )
    assert (totals.participants, totals.participant_hours) == (14, Decimal("36"))
    assert len(all_years.context["page"]) == 3
    assert titles(client.get(url, {**mine, "topic": "languages"})) == ["Ansökningsskrivande"]
    assert titles(client.get(url, {**mine, "topic": "intercultural"})) == [
        "Interkulturell kompetens"
    ]
    elected = client.get(url, {**mine, "audience": "elected"})
    assert titles(elected) == ["EU-kunskap för politiker", "Interkulturell kompetens"]
    committee = client.get(url, {**mine, "committee": demo.own_committee.pk})
    assert titles(committee) == ["EU-kunskap för politiker"]
    assert committee.context["totals"].participant_hours == Decimal("30")
    # Malformed filters are ignored, not an error.
    assert client.get(url, {"year": "x", "topic": "magic", "sort": "pk"}).status_code == 200


def test_training_list_queries_do_not_grow_with_rows(client, demo, django_assert_num_queries):
    login(client, demo, "reader")
    training(demo, "En", topics=["languages"])
    # The first request after a change fills the caches: count the next.
    client.get(reverse("training-list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("training-list"))
    for number in range(30):
        training(demo, f"Kurs {number}", committee=demo.own_committee)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("training-list"))
    assert len(response.context["page"]) == 25


def test_training_roles(client, demo):
    data = {
        "title": "Språkkurs",
        "held_on": "2031-05-05",
        "hours": "2",
        "participants_elected": "0",
        "participants_employees": "3",
        "topics": ["languages"],
    }
    login(client, demo, "reader")
    assert client.get(reverse("training-create")).status_code == 403
    login(client, demo, "editor")
    # An editor's training is their committee's: no committee, or another, is refused.
    refused = client.post(
        reverse("training-create"), {**data, "committee": demo.other_committee.pk}
    )
    assert refused.status_code == 200 and "committee" in refused.context["form"].errors
    assert client.post(reverse("training-create"), data).status_code == 200
    saved = client.post(reverse("training-create"), {**data, "committee": demo.own_committee.pk})
    assert saved.status_code == 302
    created = Training.objects.get(title="Språkkurs")
    assert created.committee == demo.own_committee
    others = training(demo, "Socialens kurs", committee=demo.other_committee)
    assert client.get(reverse("training-edit", args=[others.pk])).status_code == 403
    assert client.get(reverse("training-detail", args=[others.pk])).status_code == 200
    login(client, demo, "vadstena-coordinator")
    assert client.get(reverse("training-detail", args=[created.pk])).status_code == 404


def test_training_bad_input(client, demo):
    login(client, demo, "coordinator")
    response = client.post(
        reverse("training-create"),
        {"title": "Kurs", "held_on": "2031-13-01", "hours": "-2", "participants_elected": "x"},
    )
    assert response.status_code == 200
    assert {"held_on", "hours", "participants_elected"} <= set(response.context["form"].errors)
    assert not Training.objects.filter(title="Kurs").exists()


def test_training_detail_shows_hours_per_audience(english, demo):
    login(english, demo, "reader")
    item = training(
        demo, "Kurs", hours=Decimal("1.5"), participants_elected=3, participants_employees=2
    )
    response = english.get(reverse("training-detail", args=[item.pk]))
    assert response.context["elected_hours"] == Decimal("4.5")
    assert response.context["employee_hours"] == Decimal("3.0")


# --- resources -----------------------------------------------------------------------------


def bodies(demo):
    return list(Body.objects.filter(municipality=demo.motala).exclude(kind=Body.Kind.COUNCIL))


def test_resource_table_shows_bodies_without_figures(english, demo):
    login(english, demo, "reader")
    Resource.objects.create(
        municipality=demo.motala,
        body=demo.board,
        year=2031,
        budget_sek=Decimal("250000"),
        staff_fte=Decimal("1.5"),
    )
    Resource.objects.create(
        municipality=demo.motala, body=demo.own_committee, year=2031, budget_sek=Decimal("50000")
    )
    response = english.get(reverse("resource-list"), {"year": "2031"})
    assert response.status_code == 200
    [table] = response.context["tables"]
    assert table["year"] == 2031
    assert [row["body"] for row in table["rows"]] == bodies(demo)
    assert table["missing"] == len(bodies(demo)) - 2
    assert table["budget"] == Decimal("300000") and table["fte"] == Decimal("1.5")
    page = response.content.decode()
    assert "Not recorded" in page
    assert demo.council.name not in [row["body"].name for row in table["rows"]]
    # A reader sees no edit or record links.
    assert not any(row["can_add"] or row["can_change"] for row in table["rows"])


def test_resource_list_without_a_year_shows_recent_years(client, demo):
    login(client, demo, "reader")
    Resource.objects.create(municipality=demo.motala, body=demo.board, year=2031)
    response = client.get(reverse("resource-list"), {"year": "banan"})
    years = [table["year"] for table in response.context["tables"]]
    assert 2031 in years and datetime.date.today().year in years


def test_resource_roles_and_duplicate_year(client, demo):
    data = {"year": "2031", "budget_sek": "10000", "staff_fte": "0.25", "note": ""}
    login(client, demo, "reader")
    assert client.get(reverse("resource-create")).status_code == 403
    login(client, demo, "editor")
    page = client.get(reverse("resource-create"))
    assert list(page.context["form"].fields["body"].queryset) == [demo.own_committee]
    refused = client.post(reverse("resource-create"), {**data, "body": demo.board.pk})
    assert "body" in refused.context["form"].errors
    saved = client.post(reverse("resource-create"), {**data, "body": demo.own_committee.pk})
    assert saved.status_code == 302 and saved["Location"].endswith("?year=2031")
    duplicate = client.post(reverse("resource-create"), {**data, "body": demo.own_committee.pk})
    assert duplicate.status_code == 200 and duplicate.context["form"].errors
    assert Resource.objects.filter(body=demo.own_committee, year=2031).count() == 1
    board = Resource.objects.create(municipality=demo.motala, body=demo.board, year=2031)
    assert client.get(reverse("resource-edit", args=[board.pk])).status_code == 403
    login(client, demo, "coordinator")
    edit = client.post(
        reverse("resource-edit", args=[board.pk]),
        {**data, "body": demo.board.pk, "budget_sek": "99", "opened_version": board.version},
    )
    assert edit.status_code == 302
    board.refresh_from_db()
    assert board.budget_sek == Decimal("99")
    assert client.post(reverse("resource-delete", args=[board.pk])).status_code == 302
    assert not Resource.objects.filter(pk=board.pk).exists()
    login(client, demo, "vadstena-coordinator")
    own = Resource.objects.get(body=demo.own_committee, year=2031)
    assert client.get(reverse("resource-edit", args=[own.pk])).status_code == 404


def test_negative_budget_is_refused(client, demo):
    login(client, demo, "coordinator")
    response = client.post(
        reverse("resource-create"),
        {"body": demo.board.pk, "year": "2031", "budget_sek": "-1", "staff_fte": "-0.5"},
    )
    assert {"budget_sek", "staff_fte"} <= set(response.context["form"].errors)
    assert not Resource.objects.filter(body=demo.board, year=2031).exists()
