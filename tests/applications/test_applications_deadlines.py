"""Application deadlines for the reminders and the calendar feeds."""

import datetime
from decimal import Decimal

from samverkan.applications.deadlines import application_deadlines
from samverkan.applications.models import ReportDue, Status
from samverkan.lib import deadlines

START = datetime.date(2042, 3, 1)
END = datetime.date(2042, 3, 14)


def test_call_deadlines_and_reports_due_with_stable_uids(demo, make_application):
    idea = make_application("Idé", call_deadline=datetime.date(2042, 3, 5))
    make_application("Skickad", status=Status.SUBMITTED, call_deadline=datetime.date(2042, 3, 5))
    make_application("Senare", call_deadline=datetime.date(2042, 4, 5))
    running = make_application("Pågår", status=Status.RUNNING, amount_granted=Decimal("1000"))
    report = ReportDue.objects.create(
        municipality=demo.motala, application=running, kind="interim", due_on=START
    )
    ReportDue.objects.create(  # submitted already: nothing to remind
        municipality=demo.motala,
        application=running,
        kind="final",
        due_on=START,
        submitted_on=START,
    )
    found = application_deadlines(demo.users["coordinator"], demo.motala, START, END)
    assert [(d.date, d.uid) for d in found] == [
        (datetime.date(2042, 3, 5), f"application-{idea.pk}-deadline-2042-03-05"),
        (START, f"application-{running.pk}-report-{report.pk}"),
    ]
    assert all(d.path == f"/applications/{int(d.uid.split('-')[1])}/" for d in found)
    # Asked again, the same answer: the uids stay.
    again = application_deadlines(demo.users["coordinator"], demo.motala, START, END)
    assert [d.uid for d in again] == [d.uid for d in found]


def test_each_user_hears_of_the_applications_they_may_change(demo, make_application):
    make_application("Egen", lead_body=demo.own_committee, call_deadline=START)
    make_application("Annans", lead_body=demo.other_committee, call_deadline=START)
    editor = application_deadlines(demo.users["editor"], demo.motala, START, END)
    assert [d.title for d in editor if "Egen" in d.title or "Annans" in d.title] == [
        d.title for d in editor if "Egen" in d.title
    ]
    assert len([d for d in editor if "Egen" in d.title]) == 1
    assert application_deadlines(demo.users["reader"], demo.motala, START, END) == []
    assert application_deadlines(demo.users["vadstena-coordinator"], demo.motala, START, END) == []


def test_the_provider_is_part_of_the_merged_deadlines(demo, make_application):
    make_application("Via gemensamma", call_deadline=START)
    merged = deadlines.upcoming(demo.users["coordinator"], demo.motala, START, END)
    assert any(d.kind == "application" and "Via gemensamma" in d.title for d in merged)


def test_without_its_own_date_the_calls_next_deadline_counts(demo, make_application):
    from django.utils import timezone

    from samverkan.funding.models import Call

    deadline = timezone.make_aware(datetime.datetime(2042, 3, 9, 17, 0))
    call = Call.objects.create(
        municipality=demo.motala, reference="DL-REF", title="Utlysning", next_deadline=deadline
    )
    application = make_application("Från utlysning", call=call)
    found = application_deadlines(demo.users["coordinator"], demo.motala, START, END)
    assert [(d.date, d.uid) for d in found if "Från utlysning" in d.title] == [
        (datetime.date(2042, 3, 9), f"application-{application.pk}-deadline-2042-03-09")
    ]
