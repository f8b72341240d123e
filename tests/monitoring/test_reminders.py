"""send_reminders: one digest per user, each deadline once, in the user's language, with links."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from samverkan.monitoring.models import SentReminder, WatchItem

DAY = "2031-03-01"


@pytest.fixture
def mailed(demo, own_item, settings):
    settings.SAMVERKAN_BASE_URL = "https://samverkan.example.se/"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for username in ("coordinator", "editor", "reader"):
        user = demo.users[username]
        user.email = f"{username}@example.se"
        user.save(update_fields=["email"])
    own_item.next_date = datetime.date(2031, 3, 10)
    own_item.next_step = "Omröstning"
    own_item.save()
    WatchItem.objects.create(
        municipality=demo.motala,
        title="Långt fram",
        committee=demo.own_committee,
        next_date=datetime.date(2031, 3, 16),  # day 15: outside the default 14 days
    )
    return own_item


def _by_recipient():
    return {message.to[0]: message for message in mail.outbox}


def test_one_digest_per_user_with_absolute_links(demo, mailed):
    demo.motala.default_language = "en"
    demo.motala.save()
    call_command("send_reminders", "--date", DAY)
    sent = _by_recipient()
    # The reader has no deadline; the coordinator and the committee's editor have one each.
    assert set(sent) == {"coordinator@example.se", "editor@example.se"}
    body = sent["editor@example.se"].body
    assert "2031-03-10 (in 9 days): Omröstning: Europeiska utbildningsområdet" in body
    assert f"https://samverkan.example.se/monitoring/{mailed.pk}/" in body
    assert "Långt fram" not in body
    assert sent["editor@example.se"].subject == "Samverkan: 1 deadline in the coming 14 days"
    assert sent["editor@example.se"].from_email
    assert "https://samverkan.example.se/monitoring/calendar/" in body


def test_running_twice_sends_nothing_twice(demo, mailed):
    call_command("send_reminders", "--date", DAY)
    first = len(mail.outbox)
    assert first >= 2
    call_command("send_reminders", "--date", DAY)
    assert len(mail.outbox) == first
    assert SentReminder.objects.filter(user=demo.users["editor"]).count() == 1
    # The next day brings the far deadline into the window: only that is sent.
    call_command("send_reminders", "--date", "2031-03-02")
    new = mail.outbox[first:]
    assert {m.to[0] for m in new} >= {"editor@example.se"}
    editor_mail = next(m for m in new if m.to[0] == "editor@example.se")
    assert "Långt fram" in editor_mail.body and "Europeiska" not in editor_mail.body


def test_a_moved_deadline_is_reminded_again(demo, mailed):
    call_command("send_reminders", "--date", DAY)
    mailed.next_date = datetime.date(2031, 3, 12)
    mailed.save()
    before = len(mail.outbox)
    call_command("send_reminders", "--date", DAY)
    assert "2031-03-12" in _by_recipient()["editor@example.se"].body
    assert len(mail.outbox) > before


def test_swedish_is_the_default_language(demo, mailed):
    call_command("send_reminders", "--date", DAY, "--days", "14")
    body = _by_recipient()["editor@example.se"].body
    assert "2031-03-10" in body and "Europeiska utbildningsområdet" in body


def test_inactive_users_and_users_without_email_get_nothing(demo, mailed):
    editor = demo.users["editor"]
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    coordinator = demo.users["coordinator"]
    coordinator.email = ""
    coordinator.save(update_fields=["email"])
    call_command("send_reminders", "--date", DAY)
    assert mail.outbox == []


def test_dry_run_sends_and_logs_nothing(demo, mailed, capsys):
    call_command("send_reminders", "--date", DAY, "--dry-run")
    assert mail.outbox == [] and not SentReminder.objects.exists()
    assert "editor: would get 1 deadline(s)" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["--date", "1/3/2031"], ["--days", "-1"]])
def test_bad_arguments_are_clear_errors(db, args):
    with pytest.raises(CommandError):
        call_command("send_reminders", *args)


def test_a_saved_search_reports_its_new_calls_once(demo, mailed):
    from django.utils import timezone

    from samverkan.funding.models import Call, SavedSearch

    coordinator = demo.users["coordinator"]
    search = SavedSearch.objects.create(
        municipality=demo.motala,
        owner=coordinator,
        name="Skolutbyten",
        words="skolutbyte",
        created_at=timezone.now() - datetime.timedelta(days=2),
    )
    Call.objects.create(
        municipality=demo.motala,
        reference="TEST-SKOLUTBYTE-1",
        identifier="TEST-SKOLUTBYTE-1",
        title="Skolutbyte i Östersjöregionen",
    )
    Call.objects.create(  # seen before the search was saved: not new to it
        municipality=demo.motala,
        reference="TEST-SKOLUTBYTE-0",
        identifier="TEST-SKOLUTBYTE-0",
        title="Äldre skolutbyte",
        first_seen=timezone.now() - datetime.timedelta(days=5),
    )
    call_command("send_reminders", "--date", DAY)
    body = _by_recipient()["coordinator@example.se"].body
    assert "Skolutbyten" in body
    assert "Skolutbyte i Östersjöregionen" in body
    assert "Äldre skolutbyte" not in body
    search.refresh_from_db()
    assert search.last_reported_at is not None

    # The next run reports neither the deadlines nor the calls again.
    mail.outbox.clear()
    call_command("send_reminders", "--date", DAY)
    assert "coordinator@example.se" not in _by_recipient()
