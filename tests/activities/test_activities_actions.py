"""The activity actions hold their rules and rights for every caller (a command, the demo,
an import), not only behind a page's or the API's form."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from samverkan.activities import actions
from samverkan.activities.models import Activity, Resource, Training
from samverkan.lib.actions import SYSTEM, RuleViolation, VersionConflict


def _activity(demo, committee=None, **values):
    return actions.create_activity(
        demo.motala,
        {
            "title": "Studiebesök",
            "committee": committee or demo.own_committee,
            "start_date": datetime.date(2031, 4, 1),
            **values,
        },
        acting_user=SYSTEM,
    )


def _field(refused) -> str:
    return refused.value.errors[0][0]


def test_a_committee_editor_changes_only_their_own_committees_activities(demo):
    editor = demo.users["editor"]
    theirs = _activity(demo, committee=demo.other_committee)
    with pytest.raises(PermissionDenied):
        actions.update_activity(
            theirs, {"title": "Ändrad"}, expected_version=None, acting_user=editor
        )
    with pytest.raises(PermissionDenied):
        actions.delete_activity(theirs, acting_user=editor)
    mine = _activity(demo)
    # Nor may they move their own activity out of their reach.
    with pytest.raises(PermissionDenied):
        actions.update_activity(
            mine, {"committee": demo.other_committee}, expected_version=None, acting_user=editor
        )
    assert Activity.objects.get(pk=mine.pk).committee == demo.own_committee


def test_another_municipalitys_links_and_a_taken_external_id_are_refused(demo):
    with pytest.raises(RuleViolation) as refused:
        _activity(demo, goals=[demo.vadstena_goal])
    assert _field(refused) == "goals"
    _activity(demo, external_id="EXT-1")
    with pytest.raises(RuleViolation) as refused:
        _activity(demo, title="Andra", external_id=" EXT-1 ")
    assert _field(refused) == "external_id"
    assert not Activity.objects.filter(title="Andra").exists()


def test_a_stale_version_is_a_conflict_and_changes_nothing(demo):
    activity = _activity(demo)
    stale = activity.version
    actions.update_activity(
        activity, {"title": "Först"}, expected_version=stale, acting_user=SYSTEM
    )
    again = Activity.objects.get(pk=activity.pk)
    with pytest.raises(VersionConflict):
        actions.update_activity(
            again, {"title": "Sist"}, expected_version=stale, acting_user=SYSTEM
        )
    assert Activity.objects.get(pk=activity.pk).title == "Först"


def test_a_new_start_date_moves_the_eu_priority(demo):
    # The United Kingdom was in the EU in 2019, not in 2021.
    activity = _activity(demo, start_date=datetime.date(2019, 6, 1), countries=["GB"])
    assert activity.eu_priority is True
    actions.update_activity(
        activity,
        {"start_date": datetime.date(2021, 6, 1)},
        expected_version=activity.version,
        acting_user=SYSTEM,
    )
    assert Activity.objects.get(pk=activity.pk).eu_priority is False


def test_funding_in_eur_needs_its_rate(demo):
    activity = _activity(demo)
    with pytest.raises(RuleViolation) as refused:
        actions.add_funding_line(
            activity,
            {"source": "partner", "amount": Decimal("10"), "currency": "EUR"},
            acting_user=SYSTEM,
        )
    assert _field(refused) == "exchange_rate"
    assert not activity.funding_lines.exists()


def test_the_council_records_no_resources_and_a_year_is_recorded_once(demo):
    with pytest.raises(RuleViolation) as refused:
        actions.create_resource(
            demo.motala, {"body": demo.council, "year": 2031}, acting_user=SYSTEM
        )
    assert _field(refused) == "body"
    actions.create_resource(demo.motala, {"body": demo.board, "year": 2031}, acting_user=SYSTEM)
    with pytest.raises(RuleViolation) as refused:
        actions.create_resource(demo.motala, {"body": demo.board, "year": 2031}, acting_user=SYSTEM)
    assert _field(refused) == "year"
    assert Resource.objects.filter(body=demo.board, year=2031).count() == 1


def test_a_training_names_only_people_of_the_municipality(demo):
    values = {
        "title": "EU-kunskap",
        "held_on": datetime.date(2031, 3, 5),
        "hours": Decimal("2"),
        "named_participants": [demo.users["vadstena-coordinator"]],
    }
    with pytest.raises(RuleViolation) as refused:
        actions.create_training(demo.motala, values, acting_user=SYSTEM)
    assert _field(refused) == "named_participants"
    values["named_participants"] = [demo.users["coordinator"]]
    training = actions.create_training(demo.motala, values, acting_user=SYSTEM)
    assert list(training.named_participants.all()) == [demo.users["coordinator"]]
    assert Training.objects.filter(pk=training.pk).for_year(2031).totals().count == 1
