"""The site's own pages, above every app (ADR 5): the start page.

The start page begins with what the signed-in user has to do ("To do"), by role: a
committee editor their committees' yearly accounts and activities without a goal; a
coordinator or administrator the deadlines of the next 30 days (every app's, through
lib.deadlines), the records that break the decision rules and the accounts that are late;
a reader or registrar the year's key figures. The number of queries does not grow with
the number of records.
"""

import datetime

from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language

from samverkan.activities import access as activities_access
from samverkan.activities.queries import NO_GOAL, ActivityFilters
from samverkan.followup import access as followup_access
from samverkan.followup import figures
from samverkan.followup.models import YearlyAccount
from samverkan.followup.queries import accounts_not_approved_by_deadline
from samverkan.lib import changes
from samverkan.lib.deadlines import upcoming
from samverkan.organisation import tenancy
from samverkan.organisation.models import Body, Goal, Role
from samverkan.policy.access import policies_for
from samverkan.registry.authority import violations

DEADLINE_DAYS = 30
SHOWN = 5  # rows of a list on the start page; the rest behind a link


def home(request):
    context = {}
    if request.municipality is not None:
        own_committees = list(request.role_assignment.committees.all())

        def overview() -> dict:
            policy = policies_for(request).first()
            return {
                "policy": policy,
                "review_overdue": (
                    policy.is_review_overdue(timezone.localdate()) if policy else False
                ),
                "body_counts": dict(
                    tenancy.scoped(request, Body)
                    .values_list("kind")
                    .annotate(n=Count("id"))
                    .values_list("kind", "n")
                ),
                "goal_count": tenancy.scoped(request, Goal).count(),
            }

        # Changed only by actions: kept under the data version, per day (review dates).
        context.update(
            changes.cached(
                request.municipality.pk, f"home-overview:{timezone.localdate()}", overview
            ),
            own_committees=own_committees,
            # The roles tenancy has read already (the switcher between municipalities).
            roles=sorted(
                getattr(request.user, "_samverkan_roles", {}).values(),
                key=lambda role: role.municipality.name,
            ),
            todo=to_do(request, own_committees),
        )
    return TemplateResponse(request, "organisation/home.html", context)


def to_do(request, own_committees) -> dict:
    """What the start page asks of the user, by role (see the module's docstring)."""
    today = timezone.localdate()
    role = request.role_assignment.role
    # Opened and closed only by actions: kept under the data version.
    current_round = changes.cached(
        request.municipality.pk,
        "current-account-round",
        lambda: followup_access.rounds_for(request).first(),
    )
    todo = {"role": role, "today": today, "round": current_round}
    if role == Role.COMMITTEE_EDITOR:
        todo.update(_editor(request, own_committees, current_round))
    elif role in (Role.ADMINISTRATOR, Role.COORDINATOR):
        todo.update(_coordinator(request, today, current_round))
    else:
        todo.update(_key_figures(request, today.year))
    return todo


def _editor(request, committees, current_round) -> dict:
    accounts = []
    if current_round is not None and committees:
        accounts = [
            {
                "account": account,
                "ready": account.sections_ready,
                "parts": len(YearlyAccount.SECTIONS),
                "url": reverse("account-detail", args=[account.pk]),
            }
            for account in followup_access.accounts_for(request).filter(
                round=current_round, body__in=committees
            )
        ]
    without_goal = (
        activities_access.activities_for(request)
        .filtered(ActivityFilters(goal=NO_GOAL))
        .filter(committee__in=committees)
        .exclude(status="cancelled")
        .order_by("-start_date", "title")
    )
    rows = list(without_goal.only("pk", "title", "start_date")[: SHOWN + 1])
    return {
        "accounts": accounts,
        "without_goal": rows[:SHOWN],
        "without_goal_count": without_goal.count() if len(rows) > SHOWN else len(rows),
        "without_goal_lists": [
            {
                "committee": committee,
                "url": reverse("activity-list")
                + "?"
                + urlencode({"committee": committee.pk, "goal": NO_GOAL}),
            }
            for committee in committees
        ],
    }


def _coordinator(request, today, current_round) -> dict:
    """Deadlines, rule violations and late accounts: read on every visit to the start page,
    changed only by actions, so kept under the municipality's data version (lib.changes)
    per user (deadlines depend on the user's role), day and language."""
    municipality = request.municipality

    def compute() -> dict:
        deadlines = upcoming(
            request.user, municipality, today, today + datetime.timedelta(days=DEADLINE_DAYS)
        )
        late = (
            accounts_not_approved_by_deadline(municipality, current_round.year, today).count()
            if current_round is not None
            else 0
        )
        return {
            "deadlines": deadlines,
            "violation_count": len(violations(municipality.pk)),
            "late_accounts": late,
        }

    name = f"start-page:{request.user.pk}:{today}:{get_language()}"
    return {**changes.cached(municipality.pk, name, compute), "deadline_days": DEADLINE_DAYS}


def _key_figures(request, year: int) -> dict:
    """The year's key figures: the cheap parts of figures.overview()."""
    activities = figures.year_activities(request.municipality, year).totals()
    trainings = figures.trainings_summary(request.municipality, year)
    return {
        "year": year,
        "figures": {
            "activities": activities.count,
            "participants": activities.participants,
            "external_funding": activities.external_funding,
            "trainings": trainings.trainings,
            "training_participants": trainings.participants,
        },
    }
