"""Activities: EU priority is derived by date, progress rolls up by weight, periods are checked."""

import datetime
from decimal import Decimal

import pytest

from samverkan.activities import actions
from samverkan.activities.forms import ActivityForm, FundingLineForm
from samverkan.activities.models import Activity, FundingLine
from samverkan.lib.actions import SYSTEM


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


def _create(demo, form):
    assert form.is_valid(), form.errors
    return actions.create_activity(demo.motala, form.changes(), acting_user=SYSTEM)


def test_eu_priority_follows_the_country_on_the_activity_date(demo):
    # The UK was in the EU in 2019 but not in 2021.
    assert _create(demo, _form(demo, countries=["GB"])).eu_priority is True
    after = _form(demo, countries=["GB"], start_date="2021-06-01", title="Senare")
    assert _create(demo, after).eu_priority is False


def test_eu_funding_makes_an_eu_priority_without_eu_countries(demo):
    activity = _create(demo, _form(demo, countries=["NO"]))
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
    saved = actions.add_funding_line(activity, line.changes(), acting_user=SYSTEM)
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
    from samverkan.history.actions import restore_record

    activity = _create(demo, _form(demo, countries=["NO"]))
    coordinator, admin = demo.users["coordinator"], demo.users["admin"]

    def line(source, amount):
        return actions.add_funding_line(
            activity, {"source": source, "amount": Decimal(amount)}, acting_user=coordinator
        )

    line("own", "5000")  # the municipality's own money is not external
    national = line("national_programme", "20000.50")
    line("partner", "1000")
    activity.refresh_from_db()
    assert activity.external_funding_sek == Decimal("21000.50")

    entry = actions.delete_funding_line(national, acting_user=coordinator)
    activity.refresh_from_db()
    assert activity.external_funding_sek == Decimal("1000.00")

    restore_record(entry, acting_user=admin)
    activity.refresh_from_db()
    assert activity.external_funding_sek == Decimal("21000.50")


def test_a_restored_activity_keeps_its_external_funding(demo):
    from samverkan.history.actions import restore_record

    activity = _create(demo, _form(demo, countries=["NO"]))
    actions.add_funding_line(
        activity, {"source": "partner", "amount": Decimal("1500")}, acting_user=SYSTEM
    )
    pk = activity.pk
    entry = actions.delete_activity(activity, acting_user=demo.users["coordinator"])
    assert not Activity.objects.filter(pk=pk).exists()
    restore_record(entry, acting_user=demo.users["admin"])
    restored = Activity.objects.get(pk=pk)
    assert restored.external_funding_sek == Decimal("1500.00")
    assert restored.funding_lines.get().amount_sek == Decimal("1500.00")


def test_the_action_refuses_what_the_form_would_and_writes_nothing(demo):
    values = {
        "title": "Utan regler",
        "committee": demo.own_committee,
        "start_date": datetime.date(2025, 6, 1),
        "end_date": datetime.date(2025, 5, 1),
    }
    with pytest.raises(actions.RuleViolation) as refused:
        actions.create_activity(demo.motala, values, acting_user=SYSTEM)
    assert refused.value.errors[0][0] == "end_date"
    assert not Activity.objects.filter(title="Utan regler").exists()
