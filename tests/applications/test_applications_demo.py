"""The applications demo: across the life cycle, real facts marked apart from invented ones."""

import time

from django.utils import timezone

from samverkan.applications.deadlines import application_deadlines
from samverkan.applications.demo import create_applications_demo
from samverkan.applications.models import Application, Status


def test_demo_covers_the_life_cycle_and_marks_what_is_invented(demo):
    applications = Application.objects.for_municipality(demo.motala)
    statuses = set(applications.values_list("status", flat=True))
    assert {Status.IDEA, Status.IN_PREPARATION, Status.SUBMITTED, Status.REJECTED} <= statuses
    assert {Status.RUNNING, Status.CLOSED} <= statuses
    insure = applications.get(title__startswith="INSURE")
    assert not insure.is_demo and "motala.se" in insure.description
    assert all("(demo)" in a.title for a in applications.filter(is_demo=True))
    running = applications.get(status=Status.RUNNING)
    assert running.payment_claims.filter(paid_on__isnull=False).exists()
    assert running.co_financing_sek > 0


def test_demo_has_a_report_due_soon_for_the_reminders(demo):
    today = timezone.localdate()
    found = application_deadlines(
        demo.users["coordinator"], demo.motala, today, today + timezone.timedelta(days=14)
    )
    assert any(d.kind == "application_report" for d in found)
    assert any(d.kind == "application" for d in found)


def test_demo_runs_again_without_change_and_fast(demo):
    before = Application.objects.count()
    started = time.perf_counter()
    create_applications_demo()
    assert time.perf_counter() - started < 0.5
    assert Application.objects.count() == before
