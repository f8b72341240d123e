"""The control log of register items through the API: the same rules as on the pages."""

import pytest

from samverkan.registry.models import (
    Agreement,
    ControlLogEntry,
    Decision,
    NetworkMembership,
    Partner,
    TwinTown,
)

REGISTERS = [
    ("decisions", Decision),
    ("agreements", Agreement),
    ("twin-towns", TwinTown),
    ("memberships", NetworkMembership),
    ("partners", Partner),
]
REVIEW = {
    "reviewed_on": "2026-11-20",
    "reviewed_by": "Kommunstyrelsens presidium",
    "findings": "Inga anmärkningar.",
}


def _item(demo, model):
    return (
        model.objects.filter(municipality=demo.motala)
        .exclude(**({"kind": Partner.Kind.CITIZEN} if model is Partner else {}))
        .order_by("pk")
        .first()
    )


@pytest.mark.parametrize(("path", "model"), REGISTERS)
def test_a_coordinator_records_and_reads_a_review(demo, call_as, path, model):
    item = _item(demo, model)
    api = call_as("coordinator", via="token")
    created = api.post(f"/{path}/{item.pk}/control-log", REVIEW)
    assert created.status_code == 201, created.content
    assert created.json()["findings"] == "Inga anmärkningar."
    listed = api.get(f"/{path}/{item.pk}/control-log")
    assert listed.status_code == 200
    assert [entry["id"] for entry in listed.json()][:1] == [created.json()["id"]]
    assert listed.json()[0]["reviewed_on"] == "2026-11-20"
    entry = ControlLogEntry.objects.get(pk=created.json()["id"])
    assert (entry.item, entry.municipality) == (item, demo.motala)


def test_bad_input_is_a_400_naming_the_fields_and_writes_nothing(demo, call_as):
    decision = _item(demo, Decision)
    api = call_as("coordinator")
    count = ControlLogEntry.objects.count()
    response = api.post(
        f"/decisions/{decision.pk}/control-log",
        {"reviewed_on": "2026-11-20", "reviewed_by": "", "findings": ""},
    )
    assert response.status_code == 400, response.content
    assert sorted({e["field"] for e in response.json()["errors"]}) == ["findings", "reviewed_by"]
    bad_date = api.post(f"/decisions/{decision.pk}/control-log", {**REVIEW, "reviewed_on": "snart"})
    assert bad_date.status_code == 400
    assert ControlLogEntry.objects.count() == count


@pytest.mark.parametrize("username", ["reader", "registrar"])
def test_readers_read_the_log_but_add_nothing(demo, call_as, username):
    agreement = _item(demo, Agreement)
    api = call_as(username)
    assert api.get(f"/agreements/{agreement.pk}/control-log").status_code == 200
    assert api.post(f"/agreements/{agreement.pk}/control-log", REVIEW).status_code == 403
    assert not ControlLogEntry.objects.filter(
        object_id=agreement.pk, findings=REVIEW["findings"]
    ).exists()


def test_another_municipality_neither_reads_nor_writes(demo, call_as):
    twin_town = _item(demo, TwinTown)
    foreign = call_as("vadstena-coordinator", via="token")
    assert foreign.get(f"/twin-towns/{twin_town.pk}/control-log").status_code == 404
    assert foreign.post(f"/twin-towns/{twin_town.pk}/control-log", REVIEW).status_code == 404
    assert not ControlLogEntry.objects.filter(findings=REVIEW["findings"]).exists()


def test_anonymous_callers_are_refused(demo, call_as):
    decision = _item(demo, Decision)
    assert call_as(None).get(f"/decisions/{decision.pk}/control-log").status_code == 401
