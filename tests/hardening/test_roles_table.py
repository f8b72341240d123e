"""The role matrix is one table (organisation/roles.py): the rules are built from it,
docs/roles.md is generated from it, and decisions follow one coherent rule."""

import datetime
import re
from pathlib import Path

import pytest
import rules
from django.core.management import call_command
from django.urls import reverse

from samverkan.organisation import roles
from samverkan.registry.models import Decision

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_roles_doc_is_the_generated_one(capsys):
    call_command("roles", "--markdown")
    generated = capsys.readouterr().out
    assert (ROOT / "docs" / "roles.md").read_text(encoding="utf-8") == generated, (
        "docs/roles.md is out of date: run `samverkan roles --markdown > docs/roles.md`"
    )


def test_every_permission_of_the_table_is_a_rule_and_every_rule_is_in_the_table():
    ours = ("samverkan.", "followup.")
    registered = {name for name in rules.permissions.permissions if name.startswith(ours)}
    assert registered == set(roles.BY_NAME)


def test_every_permission_the_code_checks_is_in_the_table():
    checked = set()
    for path in (ROOT / "samverkan").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        checked |= set(re.findall(r'"((?:samverkan|followup)\.[a-z_]+)"', text))
    # Permissions are named verb_noun; module names (samverkan.api) have no underscore.
    checked = {name for name in checked if "_" in name.split(".", 1)[1]}
    assert checked <= set(roles.BY_NAME), checked - set(roles.BY_NAME)


def test_every_role_appears_in_the_table_and_every_grant_is_a_known_condition():
    for permission in roles.PERMISSIONS:
        assert set(permission.grants) <= set(roles.ROLE_ORDER)
        for conditions in permission.grants.values():
            assert conditions <= set(roles.CONDITION_TEXT)


# Decisions: one rule for record, change, delete and documents --------------------------

MEETING = datetime.date(2026, 5, 11)


def _decision_data(body, paragraph):
    return {
        "body": body.pk,
        "decision_type": "other",
        "meeting_date": MEETING.isoformat(),
        "registration_number": f"26/BIN {paragraph:04d}",
        "paragraph": paragraph,
        "title": f"Rollbeslut {paragraph}",
    }


def _decision(demo, body, paragraph):
    return Decision.objects.create(
        municipality=demo.motala,
        body=body,
        decision_type="other",
        meeting_date=MEETING,
        registration_number=f"26/X {paragraph:04d}",
        paragraph=paragraph,
        title=f"Rollbeslut {paragraph}",
    )


def test_an_editor_records_changes_and_deletes_their_committees_decisions(client, demo):
    client.force_login(demo.users["editor"])
    form = client.get(reverse("decision-create"))
    assert form.status_code == 200
    # Only their own committee is offered.
    offered = list(form.context["form"].fields["body"].queryset)
    assert offered == [demo.own_committee]
    assert (
        client.post(reverse("decision-create"), _decision_data(demo.own_committee, 931)).status_code
        == 302
    )
    created = Decision.objects.get(body=demo.own_committee, paragraph=931)
    # Another committee's decision is refused by the form (not a choice), then the action.
    answer = client.post(reverse("decision-create"), _decision_data(demo.other_committee, 932))
    assert answer.status_code == 200 and "body" in answer.context["form"].errors
    assert not Decision.objects.filter(paragraph=932).exists()
    assert client.get(reverse("decision-edit", args=[created.pk])).status_code == 200
    assert client.post(reverse("decision-delete", args=[created.pk])).status_code == 302
    assert not Decision.objects.filter(pk=created.pk).exists()


def test_an_editor_cannot_touch_another_bodys_decision(client, demo, call_as):
    other = _decision(demo, demo.other_committee, 933)
    api = call_as("editor")
    assert api.post("/decisions", _decision_data(demo.other_committee, 934)).status_code == 403
    assert api.delete(f"/decisions/{other.pk}").status_code == 403
    assert client.get(reverse("decision-edit", args=[other.pk])).status_code == 403
    assert Decision.objects.filter(pk=other.pk).exists()


def test_an_editor_records_their_committees_decision_through_the_api(demo, call_as):
    answer = call_as("editor").post("/decisions", _decision_data(demo.own_committee, 935))
    assert answer.status_code == 201, answer.content


@pytest.mark.parametrize("username", ["registrar", "coordinator", "admin"])
def test_the_register_keepers_delete_any_bodys_decision(demo, call_as, username):
    decision = _decision(demo, demo.council, 936)
    assert call_as(username).delete(f"/decisions/{decision.pk}").status_code == 204
    assert not Decision.objects.filter(pk=decision.pk).exists()


def test_a_reader_may_not_delete_a_decision(demo, call_as):
    decision = _decision(demo, demo.council, 937)
    assert call_as("reader").delete(f"/decisions/{decision.pk}").status_code == 403
