"""The role matrix: role × action × own/other committee, through the rules and the pages."""

import pytest
from django.urls import reverse

from samverkan.organisation.models import Body, Goal

ACTIONS = ["view", "add", "change", "delete", "manage_structure", "restore"]

# What each role may do with a committee's record: (own committee, other committee).
# "own" means the editor's committee; for other roles the two columns are the same.
EXPECTED = {
    "admin": dict.fromkeys(ACTIONS, (True, True)),
    "coordinator": {**dict.fromkeys(ACTIONS, (True, True)), "restore": (False, False)},
    "editor": {
        "view": (True, True),
        "add": (True, False),
        "change": (True, False),
        "delete": (True, False),
        "manage_structure": (False, False),
        "restore": (False, False),
    },
    "registrar": {**dict.fromkeys(ACTIONS, (False, False)), "view": (True, True)},
    "reader": {**dict.fromkeys(ACTIONS, (False, False)), "view": (True, True)},
    "vadstena-coordinator": dict.fromkeys(ACTIONS, (False, False)),
}


def _perm(action):
    return {
        "view": "samverkan.view_record",
        "add": "samverkan.add_record",
        "change": "samverkan.change_record",
        "delete": "samverkan.delete_record",
        "manage_structure": "samverkan.manage_structure",
        "restore": "samverkan.restore_record",
    }[action]


@pytest.mark.parametrize("username", list(EXPECTED))
@pytest.mark.parametrize("action", ACTIONS)
def test_role_matrix_on_committee_records(demo, username, action):
    user = demo.users[username]
    own, other = EXPECTED[username][action]
    assert user.has_perm(_perm(action), demo.own_committee) is own
    assert user.has_perm(_perm(action), demo.other_committee) is other


@pytest.mark.parametrize("username", list(EXPECTED))
def test_records_without_a_committee_are_for_coordinators(demo, username):
    """A goal belongs to no committee: only administrator and coordinator change it."""
    user = demo.users[username]
    expected = username in {"admin", "coordinator"}
    assert user.has_perm("samverkan.change_record", demo.motala_goal) is expected
    assert user.has_perm("samverkan.view_record", demo.motala_goal) is (
        username != "vadstena-coordinator"
    )


def test_anonymous_has_no_permission(demo):
    from django.contrib.auth.models import AnonymousUser

    for action in ACTIONS:
        assert not AnonymousUser().has_perm(_perm(action), demo.own_committee)


# The same matrix through the pages: status codes of edit and delete pages.
PAGE_EXPECTED = {
    # username: (edit own committee, edit other committee, delete committee, edit goal)
    "admin": (200, 200, 200, 200),
    "coordinator": (200, 200, 200, 200),
    "editor": (200, 403, 403, 403),
    "registrar": (403, 403, 403, 403),
    "reader": (403, 403, 403, 403),
    "vadstena-coordinator": (404, 404, 404, 404),
}


@pytest.mark.parametrize("username", list(PAGE_EXPECTED))
def test_role_matrix_on_pages(client, demo, username):
    client.force_login(demo.users[username])
    codes = (
        client.get(reverse("body-edit", args=[demo.own_committee.pk])).status_code,
        client.get(reverse("body-edit", args=[demo.other_committee.pk])).status_code,
        client.get(reverse("body-delete", args=[demo.own_committee.pk])).status_code,
        client.get(reverse("goal-edit", args=[demo.motala_goal.pk])).status_code,
    )
    assert codes == PAGE_EXPECTED[username]


def test_editor_changes_only_description_of_own_committee(client, demo):
    client.force_login(demo.users["editor"])
    body = demo.own_committee
    response = client.post(
        reverse("body-edit", args=[body.pk]),
        {
            "name": "Omdöpt",
            "kind": "council",
            "administration": "Bildningsförvaltningen",
            "description": "Skolor och förskolor.",
            "opened_version": body.version,
        },
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.description == "Skolor och förskolor."
    assert (body.name, body.kind) == ("Bildningsnämnden", Body.Kind.COMMITTEE)


def test_refused_post_writes_nothing(client, demo):
    client.force_login(demo.users["reader"])
    count = Goal.objects.count()
    response = client.post(
        reverse("goal-create"), {"level": "vision", "title": "X", "valid_from_year": 2025}
    )
    assert response.status_code == 403
    assert Goal.objects.count() == count
