"""/api/v1/accounts: the yearly accounts' list, detail, sections and workflow, by role."""

import datetime

import pytest

from samverkan.followup import actions
from samverkan.followup.models import YearlyAccount

YEAR = 2024
Status = YearlyAccount.Status


@pytest.fixture
def round_(demo):
    return actions.open_round(demo.motala, YEAR, acting_user=demo.users["coordinator"])


def _account(round_, body):
    return YearlyAccount.objects.get(round=round_, body=body)


def _ready(account):
    data = {"version": account.version}
    for name in YearlyAccount.SECTIONS:
        data[name] = f"Our {name}."
        data[f"{name}_ready"] = True
    return data


def test_list_with_filters(call_as, demo, round_):
    assert call_as(None).get("/accounts").status_code == 401
    api = call_as("reader")
    response = api.get("/accounts", {"year": YEAR})
    assert response.status_code == 200
    items = response.json()["items"]
    assert {item["body_name"] for item in items} >= {"Kommunstyrelsen", "Bildningsnämnden"}
    assert all(item["year"] == YEAR and item["status"] == "draft" for item in items)
    mine = api.get("/accounts", {"year": YEAR, "body": demo.own_committee.pk}).json()["items"]
    assert [item["body"] for item in mine] == [demo.own_committee.pk]
    approved = api.get("/accounts", {"status": "approved"}).json()["items"]
    assert approved and all(item["status"] == "approved" for item in approved)
    assert api.get("/accounts", {"status": "bogus"}).status_code == 400
    assert call_as("vadstena-coordinator").get("/accounts").json()["items"] == []


def test_the_list_costs_the_same_queries_for_more_rows(
    call_as, demo, round_, django_assert_max_num_queries
):
    api = call_as("reader")
    with django_assert_max_num_queries(12):
        assert len(api.get("/accounts").json()["items"]) > 6


def test_detail_has_live_figures_and_404_for_others(call_as, demo, round_):
    account = _account(round_, demo.own_committee)
    data = call_as("reader").get(f"/accounts/{account.pk}").json()
    assert data["body_name"] == "Bildningsnämnden" and data["figures_frozen"] is False
    assert data["figures"]["year"] == YEAR
    assert call_as("vadstena-coordinator").get(f"/accounts/{account.pk}").status_code == 404
    assert call_as("reader").get("/accounts/999999").status_code == 404


def test_the_workflow_through_the_api(call_as, demo, round_):
    account = _account(round_, demo.own_committee)
    editor = call_as("editor", via="token")
    early = editor.post(f"/accounts/{account.pk}/submit", {})
    assert (
        early.status_code == 409
        and "ready" in early.json()["message"].lower()
        or early.status_code == 409
    )
    response = editor.put(f"/accounts/{account.pk}/sections", _ready(account))
    assert response.status_code == 200, response.json()
    assert response.json()["sections_ready"] == 4
    stale = editor.put(
        f"/accounts/{account.pk}/sections", {"summary": "Old", "version": account.version}
    )
    assert stale.status_code == 409 and stale.json()["current"]["summary"] == "Our summary."
    assert editor.post(f"/accounts/{account.pk}/submit", {}).json()["status"] == "submitted"
    # The editor may not decide.
    assert editor.post(f"/accounts/{account.pk}/return", {"comment": "x"}).status_code == 403
    coordinator = call_as("coordinator", via="token")
    assert coordinator.post(f"/accounts/{account.pk}/return", {"comment": "   "}).status_code == 400
    returned = coordinator.post(f"/accounts/{account.pk}/return", {"comment": "More results."})
    assert (
        returned.json()["status"] == "returned"
        and returned.json()["return_comment"] == "More results."
    )
    assert editor.post(f"/accounts/{account.pk}/submit", {}).json()["status"] == "submitted"
    bad = coordinator.post(
        f"/accounts/{account.pk}/approve",
        {"decision_date": "2025-13-01", "decision_paragraph": "3"},
    )
    assert bad.status_code == 400 and bad.json()["errors"]
    other = demo.vadstena_body
    foreign = coordinator.post(
        f"/accounts/{account.pk}/approve",
        {"decision_date": "2025-03-01", "decision_paragraph": "3", "decision": other.pk},
    )
    assert foreign.status_code == 400
    approved = coordinator.post(
        f"/accounts/{account.pk}/approve",
        {"decision_date": "2025-03-01", "decision_paragraph": "3"},
    )
    assert approved.status_code == 200
    data = approved.json()
    assert data["status"] == "approved" and data["figures_frozen"] is True
    assert data["decision_date"] == "2025-03-01"
    again = coordinator.post(
        f"/accounts/{account.pk}/approve",
        {"decision_date": "2025-03-01", "decision_paragraph": "3"},
    )
    assert again.status_code == 409
    assert (
        editor.put(
            f"/accounts/{account.pk}/sections", {"summary": "x", "version": data["version"]}
        ).status_code
        == 409
    )
    account.refresh_from_db()
    assert account.status == Status.APPROVED and account.decision_date == datetime.date(2025, 3, 1)


@pytest.mark.parametrize(
    ("username", "own", "other"),
    [
        ("admin", 200, 200),
        ("coordinator", 200, 200),
        ("editor", 200, 403),
        ("registrar", 403, 403),
        ("reader", 403, 403),
        ("vadstena-coordinator", 404, 404),
    ],
)
def test_who_may_write_the_sections(call_as, demo, round_, username, own, other):
    api = call_as(username)
    for body, expected in ((demo.own_committee, own), (demo.other_committee, other)):
        account = _account(round_, body)
        response = api.put(
            f"/accounts/{account.pk}/sections", {"summary": "Text", "version": account.version}
        )
        assert response.status_code == expected, (body, response.json())
        assert "message" in response.json() or expected == 200


def test_an_empty_section_marked_ready_is_400(call_as, demo, round_):
    account = _account(round_, demo.own_committee)
    response = call_as("editor").put(
        f"/accounts/{account.pk}/sections", {"lessons_ready": True, "version": account.version}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "lessons_ready"
