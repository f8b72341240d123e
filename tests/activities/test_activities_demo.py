"""The activities demo: Motala's real international work with its sources, invented rows
marked demo, and enough of everything for the pages and the yearly follow-up."""

import datetime
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samverkan.activities import queries
from samverkan.activities.demo import create_activities_demo
from samverkan.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityCountry,
    FundingLine,
    Milestone,
    Resource,
    Training,
)
from samverkan.organisation.models import Body

D = datetime.date
MODELS = [Activity, ActivityCountry, FundingLine, Milestone, ActivityAttachment, Training, Resource]


def _years():
    year = timezone.localdate().year
    return list(range(year - 4, year + 1))


def _snapshot():
    """Rows and history rows of every model the demo command fills."""
    return {
        model._meta.label: model.objects.count()
        for app in ("activities", "registry", "organisation", "policy")
        for model in apps.get_app_config(app).get_models()
    }


def _motala(demo):
    return Activity.objects.filter(municipality=demo.motala)


def test_the_demo_is_idempotent(demo):
    before = _snapshot()
    assert before["activities.Activity"] > 0
    create_activities_demo()
    call_command("demo_data", stdout=io.StringIO())
    assert _snapshot() == before


def test_the_upgrade_path_adds_the_activities_to_an_older_demo(demo):
    Activity.objects.filter(parent__isnull=False).delete()
    Activity.objects.all().delete()
    out = io.StringIO()
    call_command("demo_data", if_empty=True, stdout=out)
    assert "Added the activities demo" in out.getvalue()
    assert _motala(demo).filter(title__startswith="INSURE").exists()


def test_it_stays_modest(demo):
    assert 100 <= Activity.objects.count() <= 300


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_model_has_motala_rows(demo, model):
    assert model.objects.filter(municipality=demo.motala).exists()


def test_insure(demo):
    insure = _motala(demo).get(title__startswith="INSURE")
    assert not insure.is_demo
    assert "Länsstyrelsen Östergötland" in insure.description
    assert "https://www.motala.se/" in insure.description
    assert [p.name for p in insure.partners.all()] == ["Länsstyrelsen Östergötland"]
    line = insure.funding_lines.get()
    assert (line.source, line.programme) == (
        FundingLine.Source.EU_PROGRAMME,
        "Interreg Central Baltic",
    )
    assert (line.amount, line.currency) == (Decimal("304458"), "EUR")
    assert line.exchange_rate and line.rate_date
    assert line.amount_sek == (line.amount * line.exchange_rate).quantize(Decimal("0.01"))
    assert insure.eu_priority
    assert insure.goals.filter(code="2.2").exists()
    assert insure.milestones.count() == 3


def test_nykyrka_skola_and_its_exchange_with_busseto(demo):
    school = _motala(demo).get(title__startswith="Nykyrka skola –")
    assert school.committee == demo.own_committee
    assert not school.is_demo and "https://www.motala.se/" in school.description
    assert {p.name for p in school.partners.all()} == {"Skola i Busseto", "Linköpings universitet"}
    assert [c.country.code for c in school.countries.all()] == ["IT"]
    assert school.eu_priority
    visits = _motala(demo).filter(title__startswith="Nykyrka skola besöker skolan i Busseto")
    assert visits.count() >= 3
    assert all(v.is_demo and "(demo)" in v.title for v in visits)


def test_the_eu_school_ambassadors_and_the_eu_handslag(demo):
    ambassadors = _motala(demo).get(title__startswith="EU-skolambassadörer")
    assert ambassadors.committee == demo.own_committee
    assert "två i gymnasiet och två i högstadiet" in ambassadors.description
    signed = _motala(demo).get(title="EU-handslag för ökad EU-delaktighet")
    assert signed.start_date == D(2017, 5, 23) and signed.committee == demo.board
    follow_up = _motala(demo).get(title="Uppföljning av EU-handslaget på Europadagen 2018")
    assert follow_up.start_date == D(2018, 5, 9)
    assert "handslag-for-okad-eu-delaktighet-foljdes-upp" in follow_up.description


def test_europe_day_every_year(demo):
    days = _motala(demo).filter(title__startswith="Europadagen 9 maj")
    assert sorted(a.start_date for a in days) == [D(year, 5, 9) for year in _years()]
    assert all(a.is_demo and "eu-handslag" in a.description for a in days)
    attachment = ActivityAttachment.objects.get(municipality=demo.motala)
    assert attachment.activity in days and attachment.content_type == "application/pdf"


def test_links_to_the_registers(demo):
    activities = _motala(demo)
    assert {"Hyvinge", "Daugavpils"} <= set(
        activities.values_list("twin_towns__partner__name", flat=True)
    )
    assert activities.filter(memberships__organisation__name__startswith="SERN").exists()
    assert activities.filter(partners__kind="university").exists()  # P4
    local = activities.filter(partners__is_local_actor=True)  # P7
    assert local.exists() and all(a.is_demo for a in local)


def test_real_rows_carry_a_source_and_invented_rows_say_demo(demo):
    for activity in Activity.objects.all():
        if activity.is_demo:
            assert "(demo)" in activity.title, activity
        else:
            assert "https://" in activity.description, activity
    for model in (Training, Resource):
        assert all(row.is_demo for row in model.objects.all())
    assert all("(demo)" in t.title for t in Training.objects.all())


def test_every_committee_has_activities_in_most_years(demo):
    years = set(_years())
    seen = defaultdict(set)
    for body_id, start in (
        _motala(demo).filter(start_date__year__in=years).values_list("committee", "start_date")
    ):
        seen[body_id].add(start.year)
    bodies = Body.objects.filter(municipality=demo.motala).exclude(kind=Body.Kind.COUNCIL)
    assert bodies.count() == 6
    for body in bodies:
        assert len(seen[body.pk]) >= 4, body
        assert _motala(demo).filter(committee=body, start_date__year=max(years)).exists(), body


def test_a_mix_of_kinds_statuses_regions_and_money(demo):
    activities = _motala(demo).filter(start_date__year__in=_years())
    assert set(activities.values_list("kind", flat=True)) == set(Activity.Kind.values) - {
        Activity.Kind.TRAINING
    }
    # Next year's plans are planned whatever the day of the year.
    statuses = set(_motala(demo).values_list("status", flat=True))
    assert statuses == set(Activity.Status.values)
    for region, _label in queries.REGIONS:
        assert queries.filter_activities(activities, {"region": region}).exists(), region
    for year in _years():
        in_year = activities.filter(start_date__year=year)
        eu = in_year.filter(eu_priority=True).count()
        assert 0 < eu < in_year.count(), year  # the EU share is a real share every year
    lines = FundingLine.objects.filter(municipality=demo.motala)
    assert set(lines.values_list("source", flat=True)) == set(FundingLine.Source.values)
    for line in lines.filter(currency="EUR"):
        assert line.exchange_rate and line.rate_date and line.amount_sek > line.amount
    figures = queries.totals(activities)
    assert figures["participants"] > 1000
    assert figures["own_costs"] > 0 and figures["external_funding"] > 0
    groups = [
        "participants_elected",
        "participants_employees",
        "participants_residents",
        "participants_young",
    ]
    for group in groups:
        assert activities.filter(**{f"{group}__gt": 0}).exists(), group
    assert activities.filter(is_public=False).exists()


def test_eu_priority_is_derived_right(demo):
    for activity in Activity.objects.prefetch_related("countries", "funding_lines"):
        assert activity.eu_priority == activity.compute_eu_priority(), activity


def test_a_project_rolls_up_its_parts(demo):
    project = _motala(demo).get(title__startswith="Vätternstranden")
    parts = list(project.parts.order_by("start_date"))
    assert [(p.weight, p.progress) for p in parts] == [(1, 100), (2, 60), (1, 0)]
    assert project.rolled_up_progress() == 55  # (100·1 + 60·2 + 0·1) / 4
    assert len({p.committee_id for p in parts}) == 3
    assert Milestone.objects.filter(municipality=demo.motala, done_on__isnull=False).exists()
    assert Milestone.objects.filter(municipality=demo.motala, done_on__isnull=True).exists()


def test_a_few_activities_have_no_goal(demo):
    activities = _motala(demo).filter(start_date__year__in=_years())
    without = activities.filter(goals__isnull=True).count()
    assert 0 < without < activities.count() / 4
    assert any(a.needs_goal_warning for a in activities.filter(goals__isnull=True)[:1])


def test_trainings_every_year_for_both_audiences_and_all_topics(demo):
    trainings = Training.objects.filter(municipality=demo.motala)
    for year in _years():
        in_year = trainings.filter(held_on__year=year)
        assert in_year.filter(participants_elected__gt=0).exists(), year
        assert in_year.filter(participants_employees__gt=0).exists(), year
    topics = {topic for t in trainings for topic in t.topics}
    assert {"eu_knowledge", "funding_applications", "languages", "intercultural"} <= topics
    assert trainings.filter(named_participants=demo.users["editor"]).exists()


def test_resources_per_body_and_year_with_one_gap_this_year(demo):
    year = max(_years())
    expected = set(
        Body.objects.filter(municipality=demo.motala)
        .exclude(kind=Body.Kind.COUNCIL)
        .values_list("name", flat=True)
    )
    this_year = set(
        Resource.objects.filter(municipality=demo.motala, year=year).values_list(
            "body__name", flat=True
        )
    )
    assert expected - this_year == {"Miljö- och hälsoskyddsnämnden"}
    for earlier in _years()[:-1]:
        count = Resource.objects.filter(municipality=demo.motala, year=earlier).count()
        assert count >= 5, earlier


def test_every_demo_row_passes_its_own_validation(demo):
    for model in (Activity, FundingLine, Training, Resource):
        for row in model.objects.all():
            row.full_clean()


def test_vadstena_has_its_own_rows_and_none_of_motalas(demo):
    for model in (Activity, Training, Resource):
        rows = model.objects.filter(municipality=demo.vadstena)
        assert rows.exists(), model
        assert all(row.is_demo for row in rows)
    vadstena = Activity.objects.filter(municipality=demo.vadstena)
    assert not vadstena.exclude(committee__municipality=demo.vadstena).exists()
    assert not vadstena.filter(partners__isnull=False).exists()
    assert not Activity.objects.filter(
        municipality=demo.motala, committee__municipality=demo.vadstena
    ).exists()


def test_the_demo_pages_open(client, demo):
    client.force_login(demo.users["reader"])
    year = max(_years())
    listing = client.get(reverse("activity-list"), {"year": year})
    assert listing.status_code == 200 and listing.context["totals"]["count"] > 10
    project = _motala(demo).get(title__startswith="Vätternstranden")
    assert client.get(reverse("activity-detail", args=[project.pk])).status_code == 200
    assert client.get(reverse("training-list"), {"year": year}).status_code == 200
    assert client.get(reverse("resource-list"), {"year": year}).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_the_back_office_lists_and_opens_the_demo_rows(client, demo, model):
    client.force_login(demo.users["operator"])
    label = f"admin:activities_{model._meta.model_name}"
    assert client.get(reverse(f"{label}_changelist"), {"q": "a"}).status_code == 200
    record = model.objects.filter(municipality=demo.motala).first()
    assert client.get(reverse(f"{label}_change", args=[record.pk])).status_code == 200
    assert client.get(reverse(f"{label}_history", args=[record.pk])).status_code == 200


def test_a_committee_with_demo_records_is_kept_when_deleted(client, demo, unused_committee):
    client.force_login(demo.users["coordinator"])
    response = client.post(reverse("body-delete", args=[demo.own_committee.pk]), follow=True)
    assert Body.objects.filter(pk=demo.own_committee.pk).exists()
    assert "Bildningsnämnden" in response.content.decode()
    # A committee nothing refers to goes to the trash as before.
    client.post(reverse("body-delete", args=[unused_committee.pk]))
    assert not Body.objects.filter(pk=unused_committee.pk).exists()
