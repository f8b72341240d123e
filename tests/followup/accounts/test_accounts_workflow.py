"""The yearly accounts' workflow (P15): transitions, who may do what, frozen figures, lateness."""

import datetime

import pytest
from django.utils import timezone, translation

from samverkan.followup import actions, queries
from samverkan.followup.models import AccountRound, YearlyAccount
from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Body

Status = YearlyAccount.Status
YEAR = 2024  # the demo's round is last year's; tests open their own


@pytest.fixture(autouse=True)
def _english():
    # Error messages are built in the active language; the assertions read English msgids.
    with translation.override("en"):
        yield


@pytest.fixture
def round_(demo):
    return actions.open_round(demo.motala, YEAR, acting_user=demo.users["coordinator"])


def _account(round_, body) -> YearlyAccount:
    return YearlyAccount.objects.select_related("round", "body").get(round=round_, body=body)


def _fill(account, user):
    values = {name: f"{name} text" for name in YearlyAccount.SECTIONS}
    values.update({f"{name}_ready": True for name in YearlyAccount.SECTIONS})
    actions.save_sections(account, values, expected_version=None, acting_user=user)


def test_opening_a_round_makes_one_draft_per_accountable_body(demo, round_):
    bodies = set(
        Body.objects.filter(
            municipality=demo.motala, kind__in=[Body.Kind.EXECUTIVE_BOARD, Body.Kind.COMMITTEE]
        ).values_list("pk", flat=True)
    )
    made = YearlyAccount.objects.filter(round=round_)
    assert set(made.values_list("body_id", flat=True)) == bodies
    assert demo.council.pk not in bodies
    assert set(made.values_list("status", flat=True)) == {Status.DRAFT}
    assert round_.deadline == datetime.date(YEAR + 1, 3, 31)


def test_opening_again_keeps_the_accounts_and_adds_new_committees(demo, round_):
    account = _account(round_, demo.own_committee)
    _fill(account, demo.users["editor"])
    new = Body.objects.create(municipality=demo.motala, kind=Body.Kind.COMMITTEE, name="Ny nämnd")
    again = actions.open_round(demo.motala, YEAR, acting_user=demo.users["coordinator"])
    assert again.pk == round_.pk
    assert YearlyAccount.objects.filter(round=round_, body=new).exists()
    assert _account(round_, demo.own_committee).summary == "summary text"


def test_a_year_out_of_range_is_refused(demo):
    with pytest.raises(actions.AccountError):
        actions.open_round(demo.motala, timezone.localdate().year + 5, acting_user=SYSTEM)


def test_the_full_path_draft_submit_return_resubmit_approve(demo, round_):
    editor, coordinator = demo.users["editor"], demo.users["coordinator"]
    account = _account(round_, demo.own_committee)
    with pytest.raises(actions.AccountError, match="ready"):
        actions.submit_account(account, acting_user=editor)
    _fill(account, editor)
    actions.submit_account(account, acting_user=editor)
    assert account.status == Status.SUBMITTED and account.submitted_by == editor
    with pytest.raises(actions.AccountError):
        actions.save_sections(
            account, {"summary": "late edit"}, expected_version=None, acting_user=editor
        )
    with pytest.raises(actions.AccountError):
        actions.return_account(account, comment="  ", acting_user=coordinator)
    actions.return_account(account, comment="Say more about results.", acting_user=coordinator)
    account.refresh_from_db()
    assert account.status == Status.RETURNED
    assert account.return_comment == "Say more about results."
    actions.save_sections(
        account, {"results": "Better results."}, expected_version=None, acting_user=editor
    )
    actions.submit_account(account, acting_user=editor)
    with pytest.raises(actions.AccountError):
        actions.approve_account(
            account, decision_date=None, paragraph="12", acting_user=coordinator
        )
    actions.approve_account(
        account,
        decision_date=datetime.date(YEAR + 1, 3, 2),
        paragraph="12",
        acting_user=coordinator,
    )
    account.refresh_from_db()
    assert account.status == Status.APPROVED
    assert account.decision_paragraph == "12" and account.approved_by == coordinator
    assert account.frozen_figures is not None
    # The history names each step and who took it.
    reasons = list(account.history.values_list("history_change_reason", "history_user__username"))
    assert ("Approved", "coordinator") in reasons
    assert ("Submitted", "editor") in reasons


def test_transitions_not_in_the_table_are_refused(demo, round_):
    account = _account(round_, demo.own_committee)
    coordinator = demo.users["coordinator"]
    with pytest.raises(actions.AccountError):
        actions.approve_account(
            account,
            decision_date=datetime.date(YEAR + 1, 3, 2),
            paragraph="1",
            acting_user=coordinator,
        )
    with pytest.raises(actions.AccountError):
        actions.return_account(account, comment="No.", acting_user=coordinator)
    account.refresh_from_db()
    assert account.status == Status.DRAFT and account.frozen_figures is None


def test_a_section_cannot_be_ready_while_empty(demo, round_):
    account = _account(round_, demo.own_committee)
    with pytest.raises(actions.AccountError):
        actions.save_sections(
            account, {"lessons_ready": True}, expected_version=None, acting_user=SYSTEM
        )


@pytest.mark.parametrize(
    ("username", "own", "other", "manage"),
    [
        ("admin", True, True, True),
        ("coordinator", True, True, True),
        ("editor", True, False, False),
        ("registrar", False, False, False),
        ("reader", False, False, False),
        ("vadstena-coordinator", False, False, False),
    ],
)
def test_permissions_by_role(demo, round_, username, own, other, manage):
    user = demo.users[username]
    mine = _account(round_, demo.own_committee)
    theirs = _account(round_, demo.other_committee)
    assert user.has_perm("followup.change_account", mine) is own
    assert user.has_perm("followup.change_account", theirs) is other
    assert user.has_perm("followup.manage_accounts", mine) is manage
    assert user.has_perm("followup.view_account", mine) is (username != "vadstena-coordinator")


def test_the_named_reporter_may_write_their_account(demo, round_):
    account = _account(round_, demo.other_committee)
    registrar = demo.users["registrar"]
    assert not registrar.has_perm("followup.change_account", account)
    actions.name_reporter(account, registrar, acting_user=demo.users["coordinator"])
    assert registrar.has_perm("followup.change_account", account)
    with pytest.raises(actions.AccountError):
        actions.name_reporter(account, demo.users["vadstena-coordinator"], acting_user=SYSTEM)


def test_approved_figures_are_frozen_and_differences_shown(demo, round_):
    from samverkan.activities.models import Activity

    coordinator = demo.users["coordinator"]
    account = _account(round_, demo.own_committee)
    _fill(account, coordinator)
    actions.submit_account(account, acting_user=coordinator)
    actions.approve_account(
        account, decision_date=datetime.date(YEAR + 1, 3, 2), paragraph="4", acting_user=coordinator
    )
    account.refresh_from_db()
    frozen = account.frozen_figures
    assert frozen == queries.live_figures(account).to_json()
    assert queries.figure_differences(account) == []
    template = Activity.objects.filter(municipality=demo.motala).first()
    Activity.objects.create(
        municipality=demo.motala,
        committee=demo.own_committee,
        title="Added after approval",
        kind=template.kind,
        status=template.status,
        start_date=datetime.date(YEAR, 6, 1),
    )
    account.refresh_from_db()
    assert account.frozen_figures == frozen  # the approved account does not move
    # Read back as typed figures, the frozen JSON is what was approved.
    assert queries.figures_of(account).to_json() == frozen
    assert queries.figures_of(account).activities == frozen["activities"]
    assert queries.figure_differences(account), "the new activity shows as a difference"


def test_accounts_not_approved_by_deadline(demo, round_):
    coordinator = demo.users["coordinator"]
    on_time = _account(round_, demo.board)
    _fill(on_time, coordinator)
    actions.submit_account(on_time, acting_user=coordinator)
    actions.approve_account(
        on_time, decision_date=datetime.date(YEAR + 1, 3, 2), paragraph="1", acting_user=coordinator
    )
    YearlyAccount.objects.filter(pk=on_time.pk).update(
        approved_at=timezone.make_aware(datetime.datetime(YEAR + 1, 3, 3, 12))
    )
    late = _account(round_, demo.own_committee)
    _fill(late, coordinator)
    actions.submit_account(late, acting_user=coordinator)
    actions.approve_account(
        late, decision_date=datetime.date(YEAR + 1, 4, 20), paragraph="9", acting_user=coordinator
    )
    YearlyAccount.objects.filter(pk=late.pk).update(
        approved_at=timezone.make_aware(datetime.datetime(YEAR + 1, 4, 21, 12))
    )
    total = YearlyAccount.objects.filter(round=round_).count()
    before_deadline = datetime.date(YEAR + 1, 3, 1)
    after_deadline = datetime.date(YEAR + 1, 6, 1)
    missed = queries.accounts_not_approved_by_deadline(demo.motala, YEAR, today=before_deadline)
    # Before the deadline the open accounts are not late yet; a late approval always is.
    assert list(missed) == [late]
    missed = queries.accounts_not_approved_by_deadline(demo.motala, YEAR, today=after_deadline)
    assert on_time not in missed and late in missed
    assert missed.count() == total - 1
    assert not queries.accounts_not_approved_by_deadline(
        demo.vadstena, YEAR, today=after_deadline
    ).exists()


def test_deadlines_reach_reporters_and_coordinators_not_others(demo, round_):
    from samverkan.followup.deadlines import account_deadlines

    start, end = datetime.date(YEAR + 1, 1, 1), datetime.date(YEAR + 1, 12, 31)
    editor_deadlines = account_deadlines(demo.users["editor"], demo.motala, start, end)
    assert [d.path for d in editor_deadlines] == [
        f"/follow-up/accounts/account/{_account(round_, demo.own_committee).pk}/"
    ]
    assert editor_deadlines[0].date == round_.deadline and editor_deadlines[0].kind == "account"
    coordinator_deadlines = account_deadlines(demo.users["coordinator"], demo.motala, start, end)
    assert [d.path for d in coordinator_deadlines] == [f"/follow-up/accounts/{YEAR}/"]
    assert account_deadlines(demo.users["reader"], demo.motala, start, end) == []
    assert account_deadlines(demo.users["editor"], demo.motala, start, start) == []
    # Once submitted, the committee hears no more.
    account = _account(round_, demo.own_committee)
    _fill(account, demo.users["editor"])
    actions.submit_account(account, acting_user=demo.users["editor"])
    assert account_deadlines(demo.users["editor"], demo.motala, start, end) == []


def test_the_demo_round_has_every_state(demo):
    round_ = AccountRound.objects.get(municipality=demo.motala)
    assert round_.year == timezone.localdate().year - 1
    states = list(round_.accounts.values_list("status", flat=True))
    assert states.count(Status.APPROVED) >= 2
    assert states.count(Status.RETURNED) == 1 and states.count(Status.DRAFT) == 1
    assert not round_.accounts.filter(reporter=None).exists()
    approved = round_.accounts.filter(status=Status.APPROVED)
    assert all(a.frozen_figures is not None and a.decision_paragraph for a in approved)
    # Running the demo again adds nothing.
    from samverkan.followup.demo import create_followup_demo

    create_followup_demo()
    assert AccountRound.objects.filter(municipality=demo.motala).count() == 1


def test_the_actions_check_the_rights_themselves(demo, round_):
    """Whoever calls them (a page, the API, a command), the workflow's rights hold."""
    from django.core.exceptions import PermissionDenied

    account = _account(round_, demo.own_committee)
    reader = demo.users["reader"]
    with pytest.raises(PermissionDenied):
        actions.save_sections(account, {"summary": "X"}, expected_version=None, acting_user=reader)
    with pytest.raises(PermissionDenied):
        actions.open_round(demo.motala, YEAR, acting_user=demo.users["editor"])
    _fill(account, demo.users["editor"])
    actions.submit_account(account, acting_user=demo.users["editor"])
    with pytest.raises(PermissionDenied):
        actions.approve_account(
            account,
            decision_date=datetime.date(YEAR + 1, 3, 2),
            paragraph="4",
            acting_user=demo.users["editor"],
        )
    account.refresh_from_db()
    assert account.status == Status.SUBMITTED
