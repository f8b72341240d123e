"""The start page's "To do" by role (samverkan.views.to_do).

The wording is being translated, so these tests look at links, dates and data attributes."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from samverkan.activities.models import Activity
from samverkan.followup.models import AccountRound, YearlyAccount
from samverkan.registry.authority import violations


def _todo(client, username, demo) -> str:
    client.force_login(demo.users[username])
    page = client.get("/").content.decode()
    found = re.search(r'<section class="todo"[^>]*>(.*?)</section>', page, re.S)
    assert found, "no To do on the start page"
    return found.group(1)


def test_an_editor_sees_their_account_with_its_parts_and_deadline(client, demo):
    round_ = AccountRound.objects.filter(municipality=demo.motala).order_by("-year").first()
    account = YearlyAccount.objects.get(round=round_, body=demo.own_committee)
    other = YearlyAccount.objects.get(round=round_, body=demo.other_committee)
    todo = _todo(client, "editor", demo)
    url = reverse("account-detail", args=[account.pk])
    item = re.search(rf'<li data-ready="(\d)" data-parts="(\d)"><a href="{url}">', todo)
    assert item, todo
    assert (int(item.group(1)), int(item.group(2))) == (account.sections_ready, 4)
    assert f'<time datetime="{round_.deadline:%Y-%m-%d}">' in todo
    assert reverse("account-detail", args=[other.pk]) not in todo


def test_an_editor_sees_their_activities_without_a_goal(client, demo):
    editor = demo.users["editor"]
    mine = Activity.objects.filter(municipality=demo.motala, committee=demo.own_committee).first()
    theirs = Activity.objects.filter(
        municipality=demo.motala, committee=demo.other_committee
    ).first()
    mine.goals.clear()
    theirs.goals.clear()
    Activity.objects.filter(pk=mine.pk).update(status=Activity.Status.ONGOING)
    assert editor.role_assignments.get().committees.filter(pk=demo.own_committee.pk).exists()
    todo = _todo(client, "editor", demo)
    assert reverse("activity-edit", args=[mine.pk]) in todo
    assert reverse("activity-edit", args=[theirs.pk]) not in todo


def test_an_editor_without_an_open_round_is_told_so(client, demo):
    AccountRound.objects.filter(municipality=demo.motala).delete()
    todo = _todo(client, "editor", demo)
    assert 'class="empty"' in todo
    assert "data-ready" not in todo


def test_a_coordinator_sees_deadlines_within_30_days_and_the_rule_violations(client, demo):
    today = timezone.localdate()
    round_ = AccountRound.objects.filter(municipality=demo.motala).order_by("-year").first()
    AccountRound.objects.filter(pk=round_.pk).update(deadline=today + datetime.timedelta(days=10))
    todo = _todo(client, "coordinator", demo)
    due = today + datetime.timedelta(days=10)
    assert f'<time datetime="{due:%Y-%m-%d}">' in todo
    assert f'href="{reverse("account-board", args=[round_.year])}"' in todo
    assert f'href="{reverse("rule-violations")}"' in todo
    count = len(violations(demo.motala.pk))
    assert count > 0
    link = re.search(rf'<a href="{reverse("rule-violations")}">([^<]*)</a>', todo).group(1)
    assert re.search(rf"\b{count}\b", link)


def test_a_deadline_beyond_30_days_is_not_shown(client, demo):
    today = timezone.localdate()
    round_ = AccountRound.objects.filter(municipality=demo.motala).order_by("-year").first()
    far = today + datetime.timedelta(days=45)
    AccountRound.objects.filter(pk=round_.pk).update(deadline=far)
    todo = _todo(client, "admin", demo)
    assert f'<time datetime="{far:%Y-%m-%d}">' not in todo


def test_a_coordinator_sees_the_late_accounts(client, demo):
    round_ = AccountRound.objects.filter(municipality=demo.motala).order_by("-year").first()
    today = timezone.localdate()
    AccountRound.objects.filter(pk=round_.pk).update(deadline=today - datetime.timedelta(days=1))
    late = YearlyAccount.objects.filter(round=round_).exclude(status="approved").count()
    assert late > 0
    todo = _todo(client, "coordinator", demo)
    board = reverse("account-board", args=[round_.year])
    link = re.search(rf'<a href="{board}">([^<]*)</a>', todo).group(1)
    assert re.search(rf"\b{late}\b", link)


def test_a_reader_sees_the_years_key_figures(client, demo):
    year = timezone.localdate().year
    count = Activity.objects.filter(municipality=demo.motala, start_date__year=year).count()
    todo = _todo(client, "reader", demo)
    assert re.search(r'<dl class="figures">', todo)
    link = re.search(rf'<a href="{reverse("activity-list")}\?year={year}">([^<]*)</a>', todo)
    assert link and link.group(1).replace("\xa0", "").replace(" ", "") == str(count)
    assert f'href="{reverse("compliance-dashboard", args=[year])}"' in todo
    assert reverse("rule-violations") not in todo


def test_anonymous_visitors_get_no_to_do(client, demo):
    assert '<section class="todo"' not in client.get("/").content.decode()


def test_the_coordinators_to_do_is_kept_until_an_action_changes_it(
    client, demo, django_capture_on_commit_callbacks
):
    """Kept under the data version (lib.changes): a write past the actions is not seen, an
    action is, also by a municipality the changed agreement is shared with."""
    from samverkan.lib.actions import SYSTEM
    from samverkan.registry import actions as registry_actions
    from samverkan.registry.models import Agreement, Partner

    # Start outside any change of this test's transaction, as a page request does.
    with django_capture_on_commit_callbacks(execute=True):
        pass
    today = timezone.localdate()
    due = today + datetime.timedelta(days=12)
    assert f'<time datetime="{due:%Y-%m-%d}">' not in _todo(client, "vadstena-coordinator", demo)

    # Written past the actions: the kept list is what the page shows.
    agreement = Agreement.objects.create(
        municipality=demo.motala,
        kind=Agreement.Kind.COOPERATION,
        title="Delat avtal",
        valid_from=today - datetime.timedelta(days=300),
        valid_until=due,
    )
    agreement.parties.add(Partner.objects.filter(municipality=demo.motala).first())
    agreement.shared_with.add(demo.vadstena)
    link = reverse("agreement-detail", args=[agreement.pk])
    assert link not in _todo(client, "vadstena-coordinator", demo)

    # Through an action of the municipality that registered it: fresh for the party too.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registry_actions.update_agreement(
            agreement, {"title": "Delat avtal, ändrat"}, acting_user=SYSTEM
        )
    assert callbacks
    shown = _todo(client, "vadstena-coordinator", demo)
    assert link in shown and f'<time datetime="{due:%Y-%m-%d}">' in shown
