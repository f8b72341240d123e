"""Bad input to the registers: 400 with a message on the field, and nothing saved.

The rules are the pages' (the same forms and model checks), so the messages are too:
a decision by a body without authority quotes the policy's clause.
"""

import datetime

import pytest

from samverkan.organisation.models import Body
from samverkan.registry.models import (
    Agreement,
    Contact,
    Decision,
    NetworkMembership,
    Partner,
    TwinTown,
)

D = datetime.date
MODELS = {
    "partners": Partner,
    "contacts": Contact,
    "decisions": Decision,
    "twin-towns": TwinTown,
    "agreements": Agreement,
    "memberships": NetworkMembership,
}


def _errors(response) -> dict[str, list[str]]:
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["message"]
    found = {}
    for error in data["errors"]:
        assert error["message"]
        found.setdefault(error["field"], []).append(error["message"])
    return found


def _refused(api, resource, payload) -> dict[str, list[str]]:
    model = MODELS[resource]
    count, history = model.objects.count(), model.history.count()
    errors = _errors(api.post(f"/{resource}", payload))
    # Nothing partly saved: no row, no history.
    assert (model.objects.count(), model.history.count()) == (count, history)
    return errors


@pytest.fixture
def coordinator(call_as):
    return call_as("coordinator")


@pytest.fixture
def motala(demo):
    """Some of Motala's records by their real names."""

    def partner(name):
        return Partner.objects.get(municipality=demo.motala, name=name)

    def decision(number):
        return Decision.objects.get(municipality=demo.motala, registration_number=number)

    return type(
        "Motala", (), {"partner": staticmethod(partner), "decision": staticmethod(decision)}
    )


def _decision_payload(demo, **changes):
    return {
        "body": demo.council.pk,
        "decision_type": "twin_town_agreement",
        "meeting_date": "2025-06-16",
        "registration_number": "25/KS 0200",
        "paragraph": 88,
        "title": "Vänortsavtal med Tartu",
        **changes,
    }


# Decisions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision_type", "message"),
    [
        ("twin_town_agreement", "Vänortsavtal beslutas av kommunfullmäktige (P12)."),
        ("policy", "Policyn för internationell samverkan beslutas av kommunfullmäktige (P12)."),
    ],
)
def test_a_decision_by_a_body_without_authority_quotes_the_clause(
    demo, coordinator, decision_type, message
):
    payload = _decision_payload(demo, body=demo.board.pk, decision_type=decision_type)
    assert _refused(coordinator, "decisions", payload) == {"body": [message]}


def test_the_same_decision_by_the_council_is_recorded(demo, coordinator):
    response = coordinator.post("/decisions", _decision_payload(demo))
    assert response.status_code == 201, response.content


def test_a_committee_may_not_decide_a_municipality_wide_membership(demo, coordinator):
    payload = _decision_payload(
        demo, body=demo.own_committee.pk, decision_type="membership_municipality"
    )
    errors = _refused(coordinator, "decisions", payload)
    assert list(errors) == ["body"]
    assert "(P13)" in errors["body"][0]


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"registration_number": "KS-2025-200"}, ["registration_number"]),
        ({"registration_number": "25/KS 200"}, ["registration_number"]),
        ({"meeting_date": "1998-05-25", "paragraph": 61}, ["paragraph"]),
        (
            {"meeting_date": "1998-05-25", "paragraph": 70, "registration_number": "98/KS 0153"},
            ["registration_number"],
        ),
        ({"decision_type": "treaty"}, ["decision_type"]),
        ({"meeting_date": "yesterday"}, ["meeting_date"]),
        ({"paragraph": "§ 4"}, ["paragraph"]),
        ({"title": ""}, ["title"]),
        ({"body": 999_999}, ["body"]),
    ],
    ids=[
        "malformed-number",
        "short-number",
        "duplicate-paragraph",
        "duplicate-case-at-meeting",
        "unknown-type",
        "date-not-a-date",
        "paragraph-not-a-number",
        "no-title",
        "missing-body",
    ],
)
def test_bad_decision_input_answers_400(demo, coordinator, changes, fields):
    errors = _refused(coordinator, "decisions", _decision_payload(demo, **changes))
    assert sorted(errors) == fields


def test_empty_decision_names_every_missing_field(demo, coordinator):
    errors = _refused(coordinator, "decisions", {})
    assert set(errors) == {
        "body",
        "decision_type",
        "meeting_date",
        "registration_number",
        "paragraph",
        "title",
    }


def test_another_municipalitys_body_is_not_a_choice(demo, coordinator):
    errors = _refused(coordinator, "decisions", _decision_payload(demo, body=demo.vadstena_body.pk))
    assert list(errors) == ["body"]


def test_an_edit_that_breaks_the_rules_changes_nothing(demo, coordinator, motala):
    # The board's cooperation agreement of 2024, under the policy of 2016.
    decision = motala.decision("24/KS 0187")
    read = coordinator.get(f"/decisions/{decision.pk}").json()
    payload = {name: read[name] for name in _decision_payload(demo)} | {
        "body": demo.council.pk,
        "version": read["version"],
    }
    errors = _errors(coordinator.put(f"/decisions/{decision.pk}", payload))
    assert errors == {"body": ["Samarbetsavtal tecknas av kommunstyrelsen (P13)."]}
    decision.refresh_from_db()
    assert (decision.body, decision.version) == (demo.board, 1)


def test_a_decision_from_before_the_policy_is_judged_by_no_rule_of_it(demo, coordinator, motala):
    # The council's twin-town agreement of 1998: the policy of 2016 does not judge it.
    decision = motala.decision("98/KS 0154")
    read = coordinator.get(f"/decisions/{decision.pk}").json()
    payload = {name: read[name] for name in _decision_payload(demo)} | {
        "body": demo.board.pk,
        "version": read["version"],
    }
    response = coordinator.put(f"/decisions/{decision.pk}", payload)
    assert response.status_code == 200, response.content
    assert response.json()["flags"] == []


# Partners and contacts -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"country": "XX"}, ["country"]),
        ({"country": "Finland"}, ["country"]),
        ({"country": ""}, ["country"]),
        ({"kind": "castle"}, ["kind"]),
        ({"name": "Hyvinge", "country": "FI"}, ["name"]),
        ({"website": "not a web address"}, ["website"]),
        ({"name": "N" * 201}, ["name"]),
    ],
    ids=[
        "unknown-country",
        "country-name",
        "no-country",
        "unknown-kind",
        "taken",
        "bad-url",
        "long",
    ],
)
def test_bad_partner_input_answers_400(demo, coordinator, changes, fields):
    payload = {"name": "Tartu", "kind": "municipality", "country": "EE", **changes}
    assert sorted(_refused(coordinator, "partners", payload)) == fields


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"email": "not-an-e-mail"}, ["email"]),
        ({"email": "anna@"}, ["email"]),
        ({"legal_basis": "because"}, ["legal_basis"]),
        ({"last_contact_on": "last spring"}, ["last_contact_on"]),
        ({"name": ""}, ["name"]),
        ({"partner": 999_999}, ["partner"]),
    ],
    ids=["not-an-e-mail", "half-an-e-mail", "unknown-basis", "bad-date", "no-name", "no-partner"],
)
def test_bad_contact_input_answers_400(demo, coordinator, motala, changes, fields):
    payload = {"partner": motala.partner("Hyvinge").pk, "name": "Anna Exempel", **changes}
    assert sorted(_refused(coordinator, "contacts", payload)) == fields


def test_a_contact_at_another_municipalitys_partner_is_refused(demo, coordinator):
    vadstena_partner = Partner.objects.filter(municipality=demo.vadstena).first()
    payload = {"partner": vadstena_partner.pk, "name": "Anna Exempel"}
    assert list(_refused(coordinator, "contacts", payload)) == ["partner"]


# Twin towns, agreements, memberships ------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"since": "2025-01-01", "ended_on": "2024-01-01"}, ["ended_on"]),
        ({"status": "paused"}, ["status_reason"]),
        ({"status": "ended", "status_reason": "Sanktioner."}, ["end_decision", "ended_on"]),
        ({"status": "dormant"}, ["status"]),
        ({"contacts": [999_999]}, ["contacts"]),
        ({"contacts": "all"}, ["contacts"]),
    ],
    ids=[
        "ends-before-it-starts",
        "paused-without-reason",
        "ended-without-decision",
        "unknown-status",
        "missing-contact",
        "contacts-not-a-list",
    ],
)
def test_bad_twin_town_input_answers_400(demo, coordinator, changes, fields):
    partner = Partner.objects.create(
        municipality=demo.motala, name="Tartu", kind="municipality", country="EE"
    )
    payload = {"partner": partner.pk, **changes}
    assert sorted(_refused(coordinator, "twin-towns", payload)) == fields


def test_a_twin_town_is_a_municipality_abroad(demo, coordinator, motala):
    network = motala.partner("SERN – Sweden Emilia Romagna Network")
    assert list(_refused(coordinator, "twin-towns", {"partner": network.pk})) == ["partner"]


def test_a_twin_town_decided_by_the_board_is_refused(demo, coordinator):
    partner = Partner.objects.create(
        municipality=demo.motala, name="Tartu", kind="municipality", country="EE"
    )
    by_board = Decision.objects.create(
        municipality=demo.motala,
        body=demo.board,
        decision_type="twin_town_relation",
        meeting_date=D(2025, 3, 4),
        registration_number="25/KS 0300",
        paragraph=300,
        title="Importerat",
    )
    errors = _refused(
        coordinator,
        "twin-towns",
        {
            "partner": partner.pk,
            "status": "decided",
            "decision": by_board.pk,
            **dict.fromkeys(TwinTown.CONSIDERATION_FIELDS, "Övervägt."),
        },
    )
    assert list(errors) == ["decision"]
    assert "(P12)" in errors["decision"][0]


def test_a_new_twin_town_needs_its_consideration_before_the_decision(demo, coordinator):
    partner = Partner.objects.create(
        municipality=demo.motala, name="Tartu", kind="municipality", country="EE"
    )
    decision = Decision.objects.create(
        municipality=demo.motala,
        body=demo.council,
        decision_type="twin_town_relation",
        meeting_date=D(2025, 3, 4),
        registration_number="25/KS 0301",
        paragraph=301,
        title="Vänort Tartu",
    )
    payload = {"partner": partner.pk, "status": "decided", "decision": decision.pk}
    errors = _refused(coordinator, "twin-towns", payload)
    assert list(errors) == ["decision"]
    assert "(P11)" in errors["decision"][0]


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"valid_from": "2025-01-01", "valid_until": "2024-12-31"}, ["valid_until"]),
        ({"parties": []}, ["parties"]),
        ({"parties": [999_999]}, ["parties"]),
        ({"kind": "treaty"}, ["kind"]),
        ({"signing_body": 999_999}, ["signing_body"]),
    ],
    ids=["ends-before-it-starts", "no-parties", "missing-party", "unknown-kind", "missing-body"],
)
def test_bad_agreement_input_answers_400(demo, coordinator, motala, changes, fields):
    payload = {
        "kind": "cooperation_agreement",
        "title": "Samarbetsavtal",
        "parties": [motala.partner("Linköpings universitet").pk],
        **changes,
    }
    assert sorted(_refused(coordinator, "agreements", payload)) == fields


def test_an_agreement_decided_by_the_wrong_body_quotes_the_clause(demo, coordinator, motala):
    payload = {
        "kind": "twin_town_agreement",
        "title": "Vänortsavtal med Hyvinge",
        "parties": [motala.partner("Hyvinge").pk],
        "decision": motala.decision("19/KS 0140").pk,  # the imported breach, by the board
    }
    errors = _refused(coordinator, "agreements", payload)
    assert errors == {"decision": ["Vänortsavtal beslutas av kommunfullmäktige (P12)."]}


def test_an_agreement_with_a_decision_of_another_type_is_refused(demo, coordinator, motala):
    payload = {
        "kind": "cooperation_agreement",
        "title": "Samarbetsavtal",
        "parties": [motala.partner("Linköpings universitet").pk],
        "decision": motala.decision("08/KS 0210").pk,  # a membership decision
    }
    assert list(_refused(coordinator, "agreements", payload)) == ["decision"]


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"ended_on": "2008-12-31"}, ["ended_on"]),
        ({"scope": "committee"}, ["committee"]),
        ({"scope": "region"}, ["scope"]),
        ({"started_on": None}, ["started_on"]),
        ({"participating_committees": ["BIN"]}, ["participating_committees.0"]),
    ],
    ids=[
        "ends-before-it-starts",
        "committee-scope-without-committee",
        "unknown-scope",
        "no-start",
        "committee-not-an-id",
    ],
)
def test_bad_membership_input_answers_400(demo, coordinator, motala, changes, fields):
    payload = {
        "organisation": motala.partner("SERN – Sweden Emilia Romagna Network").pk,
        "started_on": "2009-01-01",
        **changes,
    }
    assert sorted(_refused(coordinator, "memberships", payload)) == fields


def test_only_committees_take_part_in_a_membership(demo, coordinator, motala):
    payload = {
        "organisation": motala.partner("SERN – Sweden Emilia Romagna Network").pk,
        "started_on": "2009-01-01",
        "participating_committees": [demo.council.pk],
    }
    assert list(_refused(coordinator, "memberships", payload)) == ["participating_committees"]


def test_a_membership_decided_by_the_wrong_body_quotes_the_rule(demo, coordinator, motala):
    by_council = Decision.objects.create(
        municipality=demo.motala,
        body=demo.council,
        decision_type="membership_municipality",
        meeting_date=D(2025, 3, 4),
        registration_number="25/KS 0302",
        paragraph=302,
        title="Medlemskap, fel organ",
    )
    payload = {
        "organisation": motala.partner("SERN – Sweden Emilia Romagna Network").pk,
        "started_on": "2009-01-01",
        "decision": by_council.pk,
    }
    errors = _refused(coordinator, "memberships", payload)
    assert list(errors) == ["decision"]
    assert "(P13)" in errors["decision"][0]


# Queries -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/agreements?renewal_within_days=-1",
        "/agreements?renewal_within_days=soon",
        "/decisions?year=last",
        "/twin-towns?status=dormant",
        "/memberships?active=maybe",
        "/partners?group=nato",
    ],
)
def test_bad_filters_answer_400(demo, call_as, path):
    response = call_as("reader").get(path)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_bodies_are_still_the_organisations(demo):
    # The rules above rely on the demo's bodies being what their kinds say.
    assert (demo.council.kind, demo.board.kind, demo.own_committee.kind) == (
        Body.Kind.COUNCIL,
        Body.Kind.EXECUTIVE_BOARD,
        Body.Kind.COMMITTEE,
    )
