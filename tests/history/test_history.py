"""Every change is versioned; deletion is reversible; no lost updates."""

import pytest
from django.urls import reverse

from samverkan.history.actions import RestoreConflict, delete_record, restore_record
from samverkan.history.models import DeletedRecord
from samverkan.organisation.models import Body, Goal, RoleAssignment


def test_change_is_recorded_with_who_and_which_fields(client, demo):
    client.force_login(demo.users["coordinator"])
    body = demo.other_committee
    client.post(
        reverse("body-edit", args=[body.pk]),
        {
            "kind": "committee",
            "name": body.name,
            "abbreviation": "SOC",
            "administration": body.administration,
            "description": body.description,
            "opened_version": body.version,
        },
    )
    latest = body.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == demo.users["coordinator"]
    page = client.get(reverse("body-detail", args=[body.pk])).content.decode()
    assert "SOC" in page and "SN" in page  # the new and the old value
    assert "coordinator" in page or "Internationell" in page


def test_deleted_goal_is_restored_with_its_children(demo):
    area = Goal.objects.filter(municipality=demo.motala, level=Goal.Level.AREA).first()
    area_id = area.pk
    child_ids = set(area.children.values_list("pk", flat=True))
    assert child_ids
    entry = delete_record(area, acting_user=demo.users["coordinator"])
    assert not Goal.objects.filter(pk__in=child_ids | {area_id}).exists()
    assert Goal.history.filter(id=area_id, history_type="-").exists()

    restore_record(entry, acting_user=demo.users["admin"])
    restored = Goal.objects.get(pk=area_id)
    assert set(restored.children.values_list("pk", flat=True)) == child_ids
    entry.refresh_from_db()
    assert entry.restored_by == demo.users["admin"]
    assert restored.history.first().history_user == demo.users["admin"]


def test_deleted_committee_comes_back_with_its_editors_link(demo, unused_committee):
    body = unused_committee
    body_id = body.pk
    editor_membership = RoleAssignment.objects.get(user=demo.users["editor"])
    editor_membership.committees.add(body)
    entry = delete_record(body, acting_user=demo.users["coordinator"])
    assert body_id not in editor_membership.committees.values_list("pk", flat=True)
    assert demo.own_committee in editor_membership.committees.all()
    restore_record(entry, acting_user=demo.users["admin"])
    assert Body.objects.get(pk=body_id) in editor_membership.committees.all()


def test_restore_refuses_a_clash_and_writes_nothing(demo, unused_committee):
    body = unused_committee
    body_id = body.pk
    entry = delete_record(body, acting_user=demo.users["coordinator"])
    Body.objects.create(
        pk=body_id, municipality=demo.motala, kind="committee", name="Ny nämnd med samma id"
    )
    with pytest.raises(RestoreConflict):
        restore_record(entry, acting_user=demo.users["admin"])
    entry.refresh_from_db()
    assert entry.restored_at is None


def test_trash_page_and_restore_are_for_administrators(client, demo):
    client.force_login(demo.users["coordinator"])
    client.post(reverse("goal-delete", args=[demo.motala_goal.pk]))
    entry = DeletedRecord.objects.get(object_id=str(demo.motala_goal.pk))
    assert client.get(reverse("trash")).status_code == 403
    assert client.post(reverse("trash-restore", args=[entry.pk])).status_code == 403

    client.force_login(demo.users["admin"])
    assert demo.motala_goal.title in client.get(reverse("trash")).content.decode()
    client.post(reverse("trash-restore", args=[entry.pk]))
    assert Goal.objects.filter(pk=demo.motala_goal.pk).exists()


def test_trash_of_another_municipality_is_invisible(client, demo):
    entry = delete_record(demo.vadstena_goal, acting_user=demo.users["vadstena-coordinator"])
    client.force_login(demo.users["admin"])
    assert demo.vadstena_goal.title not in client.get(reverse("trash")).content.decode()
    assert client.post(reverse("trash-restore", args=[entry.pk])).status_code == 404


def _body_form(body, **changes):
    data = {
        "kind": body.kind,
        "name": body.name,
        "abbreviation": body.abbreviation,
        "administration": body.administration,
        "description": body.description,
        "opened_version": body.version,
    }
    return {**data, **changes}


def test_stale_edit_gets_a_conflict_showing_both_versions(client, demo):
    body = demo.other_committee
    opened = _body_form(body)  # Both editors open version 1.
    client.force_login(demo.users["admin"])
    assert (
        client.post(
            reverse("body-edit", args=[body.pk]), {**opened, "description": "Admins text"}
        ).status_code
        == 302
    )

    client.force_login(demo.users["coordinator"])
    response = client.post(
        reverse("body-edit", args=[body.pk]), {**opened, "description": "Coordinators text"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Admins text" in page and "Coordinators text" in page
    body.refresh_from_db()
    assert body.description == "Admins text"  # nothing silently overwritten

    # Saving again from the conflict form (which now carries the new version) wins.
    again = {**opened, "description": "Coordinators text", "opened_version": body.version}
    assert client.post(reverse("body-edit", args=[body.pk]), again).status_code == 302
    body.refresh_from_db()
    assert body.description == "Coordinators text"


def test_edit_form_without_version_is_refused(client, demo):
    client.force_login(demo.users["coordinator"])
    data = _body_form(demo.other_committee, description="x")
    del data["opened_version"]
    response = client.post(reverse("body-edit", args=[demo.other_committee.pk]), data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
