"""History people can read: one row per save, names instead of ids, what changed in words."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from samverkan.activities import actions as activity_actions
from samverkan.activities.models import Activity
from samverkan.history.display import history_entries
from samverkan.organisation.models import Goal
from samverkan.registry.models import Partner


@pytest.fixture
def activity(demo):
    return Activity.objects.filter(municipality=demo.motala, parent__isnull=True).first()


def _edit(activity, user, **values):
    activity.refresh_from_db()
    return activity_actions.update_activity(
        activity, values, expected_version=activity.version, acting_user=user
    )


def test_one_save_through_an_action_is_one_history_row_with_its_links(demo, activity):
    goals = list(Goal.objects.filter(municipality=demo.motala, level=Goal.Level.GOAL)[:2])
    partners = list(Partner.objects.filter(municipality=demo.motala)[:2])
    rows_before = activity.history.count()
    _edit(
        activity,
        demo.users["coordinator"],
        status=Activity.Status.ONGOING,
        goals=goals,
        partners=partners,
    )
    assert activity.history.count() == rows_before + 1
    latest = activity.history.order_by("-history_date", "-history_id").first()
    # The row holds the links as they are after the save, not as they were before it.
    assert {row.goal_id for row in latest.goals.all()} == {goal.pk for goal in goals}
    assert {row.partner_id for row in latest.partners.all()} == {p.pk for p in partners}

    _edit(activity, demo.users["coordinator"], goals=[goals[0]])
    assert activity.history.count() == rows_before + 2


def test_a_new_record_with_links_is_one_row(demo):
    goal = Goal.objects.filter(municipality=demo.motala, level=Goal.Level.GOAL).first()
    activity = activity_actions.create_activity(
        demo.motala,
        {
            "title": "Provaktivitet med mål",
            "committee": demo.own_committee,
            "start_date": "2026-05-01",
            "goals": [goal],
        },
        acting_user=demo.users["coordinator"],
    )
    assert activity.history.count() == 1
    assert [row.goal_id for row in activity.history.first().goals.all()] == [goal.pk]


def test_history_shows_names_labels_and_words_not_ids(client, demo, activity):
    goal = Goal.objects.filter(municipality=demo.motala, level=Goal.Level.GOAL).first()
    partner = Partner.objects.filter(municipality=demo.motala).first()
    activity.refresh_from_db()
    _edit(activity, demo.users["coordinator"], goals=[], partners=[], is_public=False)
    _edit(
        activity,
        demo.users["coordinator"],
        goals=[goal],
        partners=[partner],
        status=Activity.Status.CANCELLED,
        is_public=True,
    )
    with translation.override("en"):
        latest = history_entries(activity)[0]
        changes = {change["field"]: change for change in latest["changes"]}
        goals_label = str(Activity._meta.get_field("goals").verbose_name)
        assert changes[goals_label]["added"] == [str(goal)]
        partners_label = str(Activity._meta.get_field("partners").verbose_name)
        assert changes[partners_label]["added"] == [str(partner)]
        status = changes[str(Activity._meta.get_field("status").verbose_name)]
        assert status["new"] == str(Activity.Status.CANCELLED.label)
        public = changes[str(Activity._meta.get_field("is_public").verbose_name)]
        assert (public["old"], public["new"]) == (translation.gettext("No"), "Yes")
        coordinator = demo.users["coordinator"]
        assert latest["who"] == (coordinator.get_full_name() or coordinator.get_username())

    client.force_login(demo.users["coordinator"])
    page = client.get(reverse("activity-detail", args=[activity.pk])).content.decode()
    assert str(goal) in page and partner.name in page
    assert f"'goal': {goal.pk}" not in page and "[{" not in page


def test_rows_of_one_save_written_before_are_read_as_one(demo, activity):
    """Rows written by a plain save and its link signals (as before the actions wrote one
    row per save) show as one entry."""
    goal = Goal.objects.filter(municipality=demo.motala, level=Goal.Level.GOAL).first()
    entries_before = len(history_entries(activity))
    activity._history_user = demo.users["coordinator"]
    activity.title = "Ny titel"
    activity.save()
    activity.goals.set([goal])  # a row of its own (post_remove / post_add)
    activity.goals.add(*Goal.objects.filter(municipality=demo.motala)[:1])
    entries = history_entries(activity)
    assert len(entries) == entries_before + 1
    with translation.override("en"):
        words = {change["field"] for change in history_entries(activity)[0]["changes"]}
        assert str(Activity._meta.get_field("title").verbose_name) in words


def test_history_queries_do_not_grow_with_the_rows(demo, activity):
    goals = list(Goal.objects.filter(municipality=demo.motala, level=Goal.Level.GOAL)[:3])

    def queries():
        activity.refresh_from_db()
        with CaptureQueriesContext(connection) as captured:
            history_entries(activity)
        return len(captured)

    _edit(activity, demo.users["coordinator"], goals=[goals[0]], title="Första")
    few = queries()
    for number, goal in enumerate(goals * 3):
        _edit(activity, demo.users["coordinator"], goals=[goal], title=f"Titel {number}")
    assert len(history_entries(activity)) >= 10
    assert queries() == few
