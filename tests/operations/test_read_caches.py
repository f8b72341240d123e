"""What a signed-in request reads is kept where it is read far more than written (issue 16).

The activity list's rows, the calls list's rows, the activities API's pages, the start
page's and the dashboard's figures and a role's committees are kept under the
municipality's data version (lib/changes.py): a write past the actions is not seen (it is
a cache), an action is seen at once. The session and the user with their roles are read
with fixed statements (organisation/sessions.py, organisation/backends.py).
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from samverkan.activities import actions as activity_actions
from samverkan.activities.models import Activity
from samverkan.funding.models import Call
from samverkan.lib.actions import SYSTEM
from samverkan.organisation import actions as organisation_actions
from samverkan.organisation.backends import user_with_roles
from samverkan.organisation.models import RoleAssignment


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run `change()` as a committed transaction would (the data version moves)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            result = change()
        assert callbacks, "an action moves the data version when it commits"
        return result

    # Start outside any change of this test's transaction, as a page request does.
    with django_capture_on_commit_callbacks(execute=True):
        pass
    return run


def _newest_activity(demo):
    return Activity.objects.filter(municipality=demo.motala).order_by("-start_date", "title")[0]


def test_the_activity_list_is_kept_until_an_action_changes_an_activity(client, demo, committed):
    client.force_login(demo.users["coordinator"])
    activity = _newest_activity(demo)
    assert activity.title in client.get(reverse("activity-list")).content.decode()

    Activity.objects.filter(pk=activity.pk).update(title="Ändrad förbi handlingarna")
    page = client.get(reverse("activity-list")).content.decode()
    assert "Ändrad förbi handlingarna" not in page and activity.title in page

    activity.refresh_from_db()
    committed(
        lambda: activity_actions.update_activity(
            activity,
            {"title": "Ändrad genom handlingen"},
            expected_version=None,
            acting_user=SYSTEM,
        )
    )
    assert "Ändrad genom handlingen" in client.get(reverse("activity-list")).content.decode()


def test_the_activity_list_keeps_each_query_apart(client, demo):
    client.force_login(demo.users["coordinator"])
    title = _newest_activity(demo).title
    everything = client.get(reverse("activity-list")).content.decode()
    none = client.get(reverse("activity-list"), {"q": "inget-sådant-ord-finns"}).content.decode()
    # The kept rows of the whole list are not shown for the search, nor the other way.
    assert title in everything and title not in none
    assert title in client.get(reverse("activity-list")).content.decode()


def test_the_calls_list_is_kept_until_an_action_and_shows_marks_by_permission(
    client, demo, committed
):
    from samverkan.funding import actions as funding_actions

    url = reverse("call-list")
    client.force_login(demo.users["coordinator"])
    page = client.get(url).content.decode()
    call = Call.objects.get(pk=int(re.search(r'href="/funding/calls/(\d+)/"', page).group(1)))
    client.force_login(demo.users["reader"])
    # The reader may not mark: the coordinator's kept rows (with buttons) are not theirs.
    assert "formaction" in page and "formaction" not in client.get(url).content.decode()

    client.force_login(demo.users["coordinator"])
    Call.objects.filter(pk=call.pk).update(title="Förbi handlingarna")
    assert "Förbi handlingarna" not in client.get(url).content.decode()
    committed(
        lambda: funding_actions.mark_call(call, "follow", acting_user=demo.users["coordinator"])
    )
    assert "Förbi handlingarna" in client.get(url).content.decode()


def test_the_activities_api_page_is_kept_until_an_action(call_as, demo, committed):
    api = call_as("coordinator")
    params = {"page_size": 100, "sort": "-start_date"}
    activity = _newest_activity(demo)
    first = api.get("/activities", params).json()
    assert any(row["id"] == activity.pk for row in first["items"])

    Activity.objects.filter(pk=activity.pk).update(title="Förbi handlingarna")
    assert api.get("/activities", params).json() == first

    activity.refresh_from_db()
    committed(
        lambda: activity_actions.update_activity(
            activity, {"title": "Genom handlingen"}, expected_version=None, acting_user=SYSTEM
        )
    )
    rows = {row["id"]: row for row in api.get("/activities", params).json()["items"]}
    assert rows[activity.pk]["title"] == "Genom handlingen"
    assert rows[activity.pk]["version"] == Activity.objects.get(pk=activity.pk).version


def test_a_change_of_role_reaches_the_next_request_at_once(client, demo, committed):
    editor = demo.users["editor"]
    client.force_login(editor)
    other = Activity.objects.filter(
        municipality=demo.motala, committee=demo.other_committee
    ).first()
    assert other is not None
    edit = reverse("activity-edit", args=[other.pk])
    assert client.get(edit).status_code == 403  # not their committee

    assignment = RoleAssignment.objects.get(user=editor, municipality=demo.motala)
    committed(
        lambda: organisation_actions.change_role(
            assignment,
            role=assignment.role,
            committees=[demo.other_committee],
            acting_user=demo.users["admin"],
        )
    )
    assert client.get(edit).status_code == 200


def test_committees_changed_past_the_actions_also_reach_the_next_request(
    client, demo, django_capture_on_commit_callbacks
):
    # The operator's admin pages set a role's committees directly: the signal marks it.
    editor = demo.users["editor"]
    client.force_login(editor)
    other = Activity.objects.filter(
        municipality=demo.motala, committee=demo.other_committee
    ).first()
    edit = reverse("activity-edit", args=[other.pk])
    with django_capture_on_commit_callbacks(execute=True):
        pass
    assert client.get(edit).status_code == 403
    assignment = RoleAssignment.objects.get(user=editor, municipality=demo.motala)
    with django_capture_on_commit_callbacks(execute=True):
        assignment.committees.add(demo.other_committee)
    assert client.get(edit).status_code == 200


def test_the_user_is_read_with_their_roles_in_one_query(demo, django_assert_num_queries):
    coordinator = demo.users["coordinator"]
    with django_assert_num_queries(1):
        user = user_with_roles(coordinator.pk)
        roles = user._samverkan_role_rows
        assert [role.municipality.code for role in roles] == ["0583"]
        assert roles[0].user is user and user.username == "coordinator"
        assert roles[0].municipality.policy_terms == demo.motala.policy_terms
    # Without any role: the user alone (as Django reads them); a missing id: nobody.
    lone = get_user_model().objects.create_user("utan-roll", password="x-Passw0rd-x")
    assert user_with_roles(lone.pk) == lone and user_with_roles(lone.pk)._samverkan_role_rows == []
    assert user_with_roles(10**9) is None


def test_an_inactive_user_is_signed_out_and_an_expired_session_is_nobody(client, demo):
    reader = demo.users["reader"]
    client.force_login(reader)
    assert client.get("/").context["user"].is_authenticated
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert not client.get("/").context["user"].is_authenticated

    client.force_login(reader)
    get_user_model().objects.filter(pk=reader.pk).update(is_active=False)
    assert not client.get("/").context["user"].is_authenticated
