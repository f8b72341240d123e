"""The dashboard's and the report's figures are cached until an action changes the municipality."""

import datetime

from samverkan.activities import actions as activity_actions
from samverkan.activities.models import Activity
from samverkan.followup import compliance, figures
from samverkan.lib import changes
from samverkan.lib.actions import SYSTEM

LAST_YEAR = datetime.date.today().year - 1
KEY = "activities_eu_share"


def shown(municipality) -> float:
    return next(
        row.value for row in compliance.dashboard(municipality, LAST_YEAR) if row.key == KEY
    )


def test_a_change_through_an_action_invalidates_the_cached_dashboard_figure(
    demo, django_capture_on_commit_callbacks
):
    # Start outside any change of this test's transaction, as a page request does.
    with django_capture_on_commit_callbacks(execute=True):
        pass
    before = shown(demo.motala)
    assert before == compliance.compute(demo.motala, LAST_YEAR, KEY).value

    # Written past the actions: the cached figure stays (it is a cache, not a query).
    year_activities = Activity.objects.filter(municipality=demo.motala, start_date__year=LAST_YEAR)
    year_activities.update(eu_priority=False)
    assert shown(demo.motala) == before

    # Any action on a record of the municipality: the figure is computed anew.
    activity = year_activities.first()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        activity_actions.update_activity(
            activity, {"title": "Changed"}, expected_version=None, acting_user=SYSTEM
        )
    assert callbacks  # the version moves when the change commits
    assert shown(demo.motala) == compliance.compute(demo.motala, LAST_YEAR, KEY).value == 0


def test_another_municipality_keeps_its_cache(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pass
    other = changes.version(demo.vadstena.pk)
    own = changes.version(demo.motala.pk)
    activity = Activity.objects.filter(municipality=demo.motala).first()
    with django_capture_on_commit_callbacks(execute=True):
        activity_actions.update_activity(
            activity, {"title": "Changed"}, expected_version=None, acting_user=SYSTEM
        )
    assert changes.version(demo.motala.pk) != own
    assert changes.version(demo.vadstena.pk) == other


def test_within_the_changing_transaction_the_figures_are_fresh(demo):
    # A test (or a view in a transaction) that changes and then reads sees its own change.
    activity = Activity.objects.filter(municipality=demo.motala, start_date__year=LAST_YEAR).first()
    before = figures.overview(demo.motala, LAST_YEAR).participants_total
    activity_actions.update_activity(
        activity,
        {"participants_residents": activity.participants_residents + 5},
        expected_version=None,
        acting_user=SYSTEM,
    )
    assert figures.overview(demo.motala, LAST_YEAR).participants_total == before + 5
