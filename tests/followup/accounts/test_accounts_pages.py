"""The yearly account pages with the fixed cast: who sees and does what, forms, query counts."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samverkan.followup import actions
from samverkan.followup.models import AccountRound, YearlyAccount
from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Body

Status = YearlyAccount.Status
YEAR = 2024


def _client(demo, username):
    client = Client()
    # Assertions read English msgids, whatever the Swedish catalogue holds.
    client.cookies["django_language"] = "en"
    if username:
        client.force_login(demo.users[username])
    return client


@pytest.fixture
def round_(demo):
    return actions.open_round(demo.motala, YEAR, acting_user=demo.users["coordinator"])


def _account(round_, body):
    return YearlyAccount.objects.get(round=round_, body=body)


def _sections(account, **changes):
    data = {"opened_version": account.version}
    for name in YearlyAccount.SECTIONS:
        data[name] = f"Our {name}."
        data[f"{name}_ready"] = "on"
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("coordinator", 200),
        ("editor", 200),
        ("reader", 200),
        ("vadstena-coordinator", 404),
        (None, 302),
    ],
)
def test_the_account_page_by_role(demo, round_, username, status):
    account = _account(round_, demo.own_committee)
    response = _client(demo, username).get(f"/follow-up/accounts/account/{account.pk}/")
    assert response.status_code == status


def test_rounds_page_lists_years_and_only_managers_can_open(demo, round_):
    with translation.override("en"):
        page = _client(demo, "coordinator").get("/follow-up/accounts/").content.decode()
        assert f"Accounts {YEAR}" in page and "Open the round" in page
        page = _client(demo, "editor").get("/follow-up/accounts/").content.decode()
        assert f"Accounts {YEAR}" in page and "Open the round" not in page
    assert _client(demo, "editor").post("/follow-up/accounts/", {"year": 2023}).status_code == 403
    assert not AccountRound.objects.filter(municipality=demo.motala, year=2023).exists()


def test_the_coordinator_opens_a_round(demo):
    client = _client(demo, "coordinator")
    response = client.post("/follow-up/accounts/", {"year": 2023, "deadline": "2024-04-15"})
    assert response.status_code == 302 and response.url == "/follow-up/accounts/2023/"
    round_ = AccountRound.objects.get(municipality=demo.motala, year=2023)
    assert (
        round_.deadline == datetime.date(2024, 4, 15)
        and round_.opened_by == demo.users["coordinator"]
    )
    bad = client.post("/follow-up/accounts/", {"year": "soon"})
    assert bad.status_code == 200 and b"error-summary" in bad.content
    far = client.post("/follow-up/accounts/", {"year": 2999})
    assert b"error-summary" in far.content
    assert not AccountRound.objects.filter(municipality=demo.motala, year=2999).exists()


def test_the_board_shows_progress_and_filters(demo, round_):
    client = _client(demo, "reader")
    with translation.override("en"):
        page = client.get(f"/follow-up/accounts/{YEAR}/").content.decode()
    assert "Bildningsnämnden" in page and "0/4" in page and "Late" in page
    filtered = client.get(f"/follow-up/accounts/{YEAR}/", {"status": "approved"}).content.decode()
    assert "Bildningsnämnden" not in filtered
    searched = client.get(f"/follow-up/accounts/{YEAR}/", {"q": "Social"}).content.decode()
    assert "Socialnämnden" in searched and "Bildningsnämnden" not in searched
    assert (
        client.get(f"/follow-up/accounts/{YEAR}/", {"status": "bogus", "sort": "x"}).status_code
        == 200
    )
    assert client.get("/follow-up/accounts/1999/").status_code == 404


def test_the_board_costs_the_same_queries_with_more_bodies(demo, round_, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(demo, "coordinator")
    client.get(f"/follow-up/accounts/{YEAR}/")
    with CaptureQueriesContext(connection) as before:
        client.get(f"/follow-up/accounts/{YEAR}/")
    for number in range(5):
        Body.objects.create(
            municipality=demo.motala, kind=Body.Kind.COMMITTEE, name=f"Nämnd {number}"
        )
    actions.open_round(demo.motala, YEAR, acting_user=SYSTEM)
    with CaptureQueriesContext(connection) as after:
        response = client.get(f"/follow-up/accounts/{YEAR}/")
    assert b"N\xc3\xa4mnd 4" in response.content
    assert len(after) == len(before)


def test_the_editor_writes_and_submits_their_account_only(demo, round_):
    client = _client(demo, "editor")
    mine = _account(round_, demo.own_committee)
    theirs = _account(round_, demo.other_committee)
    assert client.get(f"/follow-up/accounts/account/{theirs.pk}/edit/").status_code == 403
    assert client.post(f"/follow-up/accounts/account/{theirs.pk}/submit/").status_code == 403
    response = client.post(f"/follow-up/accounts/account/{mine.pk}/edit/", _sections(mine))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.summary == "Our summary." and mine.sections_ready == 4
    assert client.post(f"/follow-up/accounts/account/{mine.pk}/submit/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.SUBMITTED
    # Submitted: the editor may not decide, nor edit any more.
    assert client.get(f"/follow-up/accounts/account/{mine.pk}/approve/").status_code == 403
    assert client.get(f"/follow-up/accounts/account/{mine.pk}/edit/").status_code == 302


def test_an_empty_section_marked_ready_is_a_form_error(demo, round_):
    account = _account(round_, demo.own_committee)
    response = _client(demo, "editor").post(
        f"/follow-up/accounts/account/{account.pk}/edit/", _sections(account, lessons="")
    )
    assert response.status_code == 400 and b"error-summary" in response.content
    account.refresh_from_db()
    assert account.summary == ""


def test_a_stale_edit_answers_409_and_keeps_the_newer_text(demo, round_):
    account = _account(round_, demo.own_committee)
    client = _client(demo, "editor")
    stale = _sections(account)
    client.post(
        f"/follow-up/accounts/account/{account.pk}/edit/", _sections(account, summary="First.")
    )
    response = client.post(f"/follow-up/accounts/account/{account.pk}/edit/", stale)
    assert response.status_code == 409
    account.refresh_from_db()
    assert account.summary == "First."


def test_submitting_unready_sections_says_why(demo, round_):
    account = _account(round_, demo.own_committee)
    client = _client(demo, "editor")
    with translation.override("en"):
        response = client.post(f"/follow-up/accounts/account/{account.pk}/submit/", follow=True)
    assert "Mark every section ready" in response.content.decode()
    account.refresh_from_db()
    assert account.status == Status.DRAFT


def test_the_coordinator_returns_and_approves(demo, round_):
    account = _account(round_, demo.own_committee)
    actions.save_sections(
        account,
        {k: v for k, v in _sections(account).items() if k != "opened_version"}
        | {f"{n}_ready": True for n in YearlyAccount.SECTIONS},
        expected_version=None,
        acting_user=SYSTEM,
    )
    actions.submit_account(account, acting_user=demo.users["editor"])
    client = _client(demo, "coordinator")
    empty = client.post(f"/follow-up/accounts/account/{account.pk}/return/", {"return_comment": ""})
    assert empty.status_code == 400
    response = client.post(
        f"/follow-up/accounts/account/{account.pk}/return/", {"return_comment": "More on results."}
    )
    assert response.status_code == 302
    with translation.override("en"):
        page = _client(demo, "editor").get(f"/follow-up/accounts/account/{account.pk}/").content
    assert b"More on results." in page
    actions.submit_account(account, acting_user=demo.users["editor"])
    bad = client.post(f"/follow-up/accounts/account/{account.pk}/approve/", {"decision_date": "x"})
    assert bad.status_code == 400
    response = client.post(
        f"/follow-up/accounts/account/{account.pk}/approve/",
        {"decision_date": "2025-03-04", "decision_paragraph": "17"},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == Status.APPROVED and account.decision_paragraph == "17"
    # Approving twice says no, politely.
    again = client.post(
        f"/follow-up/accounts/account/{account.pk}/approve/",
        {"decision_date": "2025-03-04", "decision_paragraph": "17"},
    )
    assert again.status_code == 400


def test_naming_a_reporter(demo, round_):
    account = _account(round_, demo.other_committee)
    client = _client(demo, "coordinator")
    reader = demo.users["reader"]
    response = client.post(
        f"/follow-up/accounts/account/{account.pk}/reporter/", {"reporter": reader.pk}
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.reporter == reader
    foreign = demo.users["vadstena-coordinator"]
    client.post(f"/follow-up/accounts/account/{account.pk}/reporter/", {"reporter": foreign.pk})
    account.refresh_from_db()
    assert account.reporter == reader
    assert (
        _client(demo, "editor")
        .post(f"/follow-up/accounts/account/{account.pk}/reporter/", {"reporter": ""})
        .status_code
        == 403
    )
    # From the board, the coordinator names reporters row by row and stays on the board.
    board = client.get(f"/follow-up/accounts/{YEAR}/").content.decode()
    assert f'id="reporter-{account.pk}"' in board
    response = client.post(
        f"/follow-up/accounts/account/{account.pk}/reporter/",
        {"reporter": demo.users["editor"].pk, "back": "board"},
    )
    assert response.status_code == 302 and response.url == f"/follow-up/accounts/{YEAR}/"
    account.refresh_from_db()
    assert account.reporter == demo.users["editor"]


def test_the_follow_up_section_links_to_the_accounts(demo):
    page = _client(demo, "reader").get(reverse("section", args=["follow-up"]))
    assert b"/follow-up/accounts/" in page.content


def test_an_approved_account_page_shows_what_changed_since(demo, round_):
    from samverkan.activities.models import Activity

    account = _account(round_, demo.own_committee)
    values = {name: f"Our {name}." for name in YearlyAccount.SECTIONS}
    values |= {f"{name}_ready": True for name in YearlyAccount.SECTIONS}
    actions.save_sections(account, values, expected_version=None, acting_user=SYSTEM)
    actions.submit_account(account, acting_user=SYSTEM)
    actions.approve_account(
        account, decision_date=datetime.date(2025, 3, 4), paragraph="5", acting_user=SYSTEM
    )
    client = _client(demo, "reader")
    assert (
        b'id="figure-differences"'
        not in client.get(f"/follow-up/accounts/account/{account.pk}/").content
    )
    Activity.objects.create(
        municipality=demo.motala,
        committee=demo.own_committee,
        title="Later addition",
        start_date=datetime.date(YEAR, 9, 1),
    )
    page = client.get(f"/follow-up/accounts/account/{account.pk}/").content.decode()
    assert 'id="figure-differences"' in page
