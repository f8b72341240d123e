"""Activities: EU priority is derived by date, progress rolls up by weight, periods are checked."""

import datetime
from decimal import Decimal

import pytest

from samverkan.activities.forms import ActivityForm, FundingLineForm
from samverkan.activities.models import Activity, FundingLine


def _form(demo, **data):
    values = {
        "title": "Studiebesök",
        "committee": demo.own_committee.pk,
        "kind": "study_visit",
        "status": "completed",
        "start_date": "2019-06-01",
        "participants_elected": 0,
        "participants_employees": 3,
        "participants_residents": 0,
        "participants_young": 0,
        "own_costs": "12500.50",
        "weight": "1",
    }
    values.update(data)
    return ActivityForm(
        values, instance=Activity(municipality=demo.motala), municipality=demo.motala
    )


def test_eu_priority_follows_the_country_on_the_activity_date(demo):
    # The UK was in the EU in 2019 but not in 2021.
    before = _form(demo, countries=["GB"])
    assert before.is_valid(), before.errors
    assert before.save().eu_priority is True
    after = _form(demo, countries=["GB"], start_date="2021-06-01", title="Senare")
    assert after.is_valid(), after.errors
    assert after.save().eu_priority is False


def test_eu_funding_makes_an_eu_priority_without_eu_countries(demo):
    form = _form(demo, countries=["NO"])
    assert form.is_valid(), form.errors
    activity = form.save()
    assert activity.eu_priority is False
    line = FundingLineForm(
        {
            "source": "eu_programme",
            "programme": "Erasmus+",
            "amount": "1000",
            "currency": "EUR",
            "exchange_rate": "11.20",
            "rate_date": "2019-05-31",
        },
        instance=FundingLine(municipality=demo.motala, activity=activity),
        municipality=demo.motala,
    )
    assert line.is_valid(), line.errors
    saved = line.save()
    assert saved.amount_sek == Decimal("11200.00")
    activity.refresh_from_db()
    assert activity.eu_priority is True


def test_eur_needs_a_rate(demo):
    activity = Activity.objects.create(
        municipality=demo.motala,
        title="X",
        committee=demo.own_committee,
        start_date=datetime.date(2025, 1, 1),
    )
    line = FundingLineForm(
        {"source": "partner", "amount": "10", "currency": "EUR"},
        instance=FundingLine(municipality=demo.motala, activity=activity),
        municipality=demo.motala,
    )
    assert not line.is_valid()
    assert "exchange_rate" in line.errors


@pytest.mark.parametrize(
    "data, field",
    [
        ({"end_date": "2019-05-01"}, "end_date"),
        ({"own_costs": "-1"}, "own_costs"),
        ({"own_costs": "tusen"}, "own_costs"),
        ({"countries": ["XX"]}, "countries"),
        ({"agenda_2030_goals": ["18"]}, "agenda_2030_goals"),
        ({"committee": "999999"}, "committee"),
    ],
)
def test_bad_input_is_refused_with_a_field_error(demo, data, field):
    form = _form(demo, **data)
    assert not form.is_valid()
    assert field in form.errors


def test_a_projects_progress_is_the_weighted_mean_of_its_parts(demo):
    def make(title, **fields):
        return Activity.objects.create(
            municipality=demo.motala,
            title=title,
            committee=demo.own_committee,
            start_date=datetime.date(2025, 1, 1),
            **fields,
        )

    project = make("Projekt", progress=10)
    make("Del A", parent=project, progress=100, weight=Decimal("3"))
    make("Del B", parent=project, progress=None, weight=Decimal("1"))
    # (3 × 100 + 1 × 0) / 4 = 75; the project's own figure gives way to its parts.
    assert project.rolled_up_progress() == 75


def test_stored_external_funding_follows_its_lines_through_delete_and_restore(demo):
    from samverkan.history.actions import delete_record, restore_record

    form = _form(demo, countries=["NO"])
    assert form.is_valid(), form.errors
    activity = form.save()
    coordinator, admin = demo.users["coordinator"], demo.users["admin"]

    def line(source, amount):
        return FundingLine.objects.create(
            municipality=demo.motala, activity=activity, source=source, amount=Decimal(amount)
        )

    line("own", "5000")  # the municipality's own money is not external
    national = line("national_programme", "20000.50")
    line("partner", "1000")
    activity.refresh_from_db()
    assert activity.external_funding_sek == Decimal("21000.50")

    entry = delete_record(national, acting_user=coordinator)
    activity.refresh_from_db()
    assert activity.external_funding_sek == Decimal("1000.00")

    restore_record(entry, acting_user=admin)
    activity.refresh_from_db()
    assert activity.external_funding_sek == Decimal("21000.50")
