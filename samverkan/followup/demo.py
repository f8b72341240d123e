"""Demo data for the followup app: Motala's round of yearly accounts for last year.

The accounts are in every state: approved (KS and two committees), submitted, returned
with a comment, and a draft, each with a named reporter. The texts are invented for the
demonstration and say so. Everything goes through the workflow's own functions.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from samverkan.lib.actions import SYSTEM
from samverkan.organisation.models import Municipality

from . import actions
from .models import AccountRound, YearlyAccount

DEMO_NOTE = "(Demodata.)"

TEXTS = {
    "summary": (
        "{body} har under året deltagit i internationellt samarbete enligt kommunens policy. "
        "Arbetet har främst skett med vänorterna och i EU-finansierade projekt. " + DEMO_NOTE
    ),
    "results": (
        "Medarbetare har deltagit i studiebesök och utbyten; erfarenheterna har tagits "
        "tillvara i verksamhetens utvecklingsarbete. " + DEMO_NOTE
    ),
    "lessons": (
        "Samarbetet fungerar bäst när det är kopplat till verksamhetens egna mål och har "
        "en utsedd kontaktperson. " + DEMO_NOTE
    ),
    "plans": (
        "Nästa år planerar nämnden att söka medel ur Erasmus+ och fördjupa samarbetet "
        "med Daugavpils. " + DEMO_NOTE
    ),
}

# Body name → (reporter username, state); the state is reached through the workflow.
PLAN = {
    "Kommunstyrelsen": ("coordinator", "approved", "10", 3),
    "Samhällsbyggnadsnämnden": ("coordinator", "approved", "27", 12),
    "Miljö- och hälsoskyddsnämnden": ("admin", "approved", "18", 20),
    "Kultur- och fritidsnämnden": ("admin", "submitted", "", 0),
    "Socialnämnden": ("registrar", "returned", "", 0),
    "Bildningsnämnden": ("editor", "draft", "", 0),
}
NOON = datetime.time(12, 0)
RETURN_COMMENT = "Beskriv gärna resultaten mer konkret: vad har utbytet gett brukarna? " + DEMO_NOTE


def _texts(body) -> dict:
    values = {name: text.format(body=body.name) for name, text in TEXTS.items()}
    values.update({f"{name}_ready": True for name in TEXTS})
    return values


@transaction.atomic
def create_followup_demo() -> None:
    """Create the followup demo for Motala, unless it exists already.

    `samverkan demo_data --if-empty` calls this on an older demo database too, so it
    must do nothing when the app's demo records are there.
    """
    motala = Municipality.objects.filter(code="0583").first()
    if motala is None or AccountRound.objects.filter(municipality=motala).exists():
        return
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["coordinator", "admin", "editor", "registrar"]
        )
    }
    # Each step is taken by the demo's people, as in use (their names are in the history);
    # the server itself stands in for one the demo lacks.
    coordinator = users.get("coordinator") or SYSTEM
    year = timezone.localdate().year - 1
    round_ = actions.open_round(motala, year, acting_user=coordinator)
    for account in round_.accounts.select_related("body"):
        reporter_name, state, paragraph, day = PLAN.get(account.body.name, ("", "draft", "", 0))
        reporter = users.get(reporter_name)
        if reporter is not None:
            actions.name_reporter(account, reporter, acting_user=coordinator)
        else:
            reporter = SYSTEM
        if state == "draft":
            actions.save_sections(
                account,
                {"summary": TEXTS["summary"].format(body=account.body.name), "summary_ready": True},
                expected_version=None,
                acting_user=reporter,
            )
            continue
        actions.save_sections(
            account, _texts(account.body), expected_version=None, acting_user=reporter
        )
        actions.submit_account(account, acting_user=reporter)
        if state == "returned":
            actions.return_account(account, comment=RETURN_COMMENT, acting_user=coordinator)
        elif state == "approved":
            decided = datetime.date(year + 1, 3, day)
            actions.approve_account(
                account, decision_date=decided, paragraph=paragraph, acting_user=coordinator
            )
            # Approved in the spring, before the deadline, as it would have been: the
            # demo backdates the times the action stamped (no change of the account's own).
            YearlyAccount.objects.filter(pk=account.pk).update(
                submitted_at=timezone.make_aware(
                    datetime.datetime.combine(decided - datetime.timedelta(days=14), NOON)
                ),
                approved_at=timezone.make_aware(datetime.datetime.combine(decided, NOON)),
            )
