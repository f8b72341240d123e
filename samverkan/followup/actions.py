"""The yearly accounts' workflow: every change of an account is a named action here.

States and the moves between them are one table (TRANSITIONS); `transition_to` checks it and
writes the change with who and why in the account's history. Pages, the API and the demo
call the named actions below (open_round, name_reporter, save_sections, submit_account,
approve_account, return_account), never set the status themselves. Each checks the acting
user's right (followup.rules) itself, so no caller can skip it.

Figures come from samverkan.followup.figures (one source of truth): live until approval,
frozen into the account on approval (queries.live_figures).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.lib.actions import RuleViolation, authorize, history_user, stamp
from samverkan.lib.versioning import save_versioned

from .models import AccountRound, YearlyAccount
from .queries import accountable_bodies, default_deadline, live_figures

Status = YearlyAccount.Status

TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.RETURNED: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.APPROVED, Status.RETURNED},
    Status.APPROVED: set(),
}
# The states in which the committee may still edit its text.
EDITABLE = {Status.DRAFT, Status.RETURNED}

TRANSITION_REASONS = {
    Status.SUBMITTED: gettext_lazy("Submitted"),
    Status.APPROVED: gettext_lazy("Approved"),
    Status.RETURNED: gettext_lazy("Returned"),
}


CHANGE = "followup.change_account"
MANAGE = "followup.manage_accounts"


class AccountError(RuleViolation):
    """A change the workflow does not allow; `message` says why, for a form or a 4xx answer.

    With a `field` it is bad input (a page shows it at the field, the API answers 400);
    without one the account's state refuses the move (the API answers 409).
    """

    def __init__(self, message, field: str = ""):
        super().__init__(message, field)
        self.field = field


# Changes -------------------------------------------------------------------------------


def _record(account, reason, fields, acting_user):
    stamp(account, acting_user, reason)
    account.version += 1
    account.save(update_fields=[*fields, "version"])


@transaction.atomic
def open_round(municipality, year: int, *, deadline=None, acting_user) -> AccountRound:
    """Open the year's round: one draft account for KS and each committee.

    Opening again keeps what is there and adds accounts for bodies that have none (a
    committee created since), so it is safe to repeat.
    """
    authorize(acting_user, MANAGE, municipality)
    if year < 2000 or year > timezone.localdate().year + 1:
        raise AccountError(_("Choose a year between 2000 and next year."), "year")
    round_, created = AccountRound.objects.get_or_create(
        municipality=municipality,
        year=year,
        defaults={
            "deadline": deadline or default_deadline(year),
            "opened_by": history_user(acting_user),
        },
    )
    if not created and deadline and deadline != round_.deadline:
        round_.deadline = deadline
        stamp(round_, acting_user)
        round_.save(update_fields=["deadline"])
    have = set(round_.accounts.values_list("body_id", flat=True))
    for body in accountable_bodies(municipality).exclude(pk__in=have):
        account = YearlyAccount(municipality=municipality, round=round_, body=body)
        stamp(account, acting_user, _("Round opened"))
        account.save()
    return round_


@transaction.atomic
def name_reporter(account, reporter, *, acting_user) -> None:
    authorize(acting_user, MANAGE, account)
    if (
        reporter is not None
        and not reporter.role_assignments.filter(municipality_id=account.municipality_id).exists()
    ):
        raise AccountError(_("The reporter must have a role in the municipality."), "reporter")
    account.reporter = reporter
    _record(account, _("Reporter named"), ["reporter"], acting_user)


@transaction.atomic
def save_sections(account, values: dict, *, expected_version: int | None, acting_user) -> None:
    """Write the free-text sections and their ready flags (only while draft or returned).

    `values` maps section names and "<section>_ready" to new values; others are ignored.
    With `expected_version`, a stale edit raises VersionConflict instead of overwriting.
    """
    authorize(acting_user, CHANGE, account)
    if account.status not in EDITABLE:
        raise AccountError(
            _("The account is %(status)s and can no longer be edited.")
            % {"status": account.get_status_display().lower()}
        )
    allowed = [*YearlyAccount.SECTIONS, *(f"{name}_ready" for name in YearlyAccount.SECTIONS)]
    fields = [name for name in allowed if name in values]
    for name in fields:
        setattr(account, name, values[name])
    for name in YearlyAccount.SECTIONS:
        if getattr(account, f"{name}_ready") and not getattr(account, name).strip():
            raise AccountError(_("An empty section cannot be marked ready."), f"{name}_ready")
    if expected_version is not None:
        stamp(account, acting_user, _("Sections edited"))
        save_versioned(account, expected_version=expected_version, fields=fields)
        return
    _record(account, _("Sections edited"), fields, acting_user)


def transition_to(account, new_status: str, *, acting_user, fields=(), reason=None) -> None:
    """Move `account` to `new_status` if the table allows it; history records who and why.

    The status is read again under a row lock, so two coordinators cannot both decide.
    """
    account.status = (
        YearlyAccount.objects.select_for_update()
        .filter(pk=account.pk)
        .values_list("status", flat=True)
        .get()
    )
    if new_status not in TRANSITIONS[account.status]:
        raise AccountError(
            _("An account that is %(current)s cannot be %(new)s.")
            % {
                "current": account.get_status_display().lower(),
                "new": Status(new_status).label.lower(),
            }
        )
    account.status = new_status
    _record(account, reason or TRANSITION_REASONS[new_status], ["status", *fields], acting_user)


@transaction.atomic
def submit_account(account, *, acting_user) -> None:
    """The committee sends its account to the coordinator; every section must be ready."""
    authorize(acting_user, CHANGE, account)
    missing = [row["label"] for row in account.section_rows() if not row["ready"]]
    if missing and account.status in EDITABLE:
        raise AccountError(
            _("Mark every section ready before submitting: %(sections)s.")
            % {"sections": ", ".join(str(label) for label in missing)}
        )
    account.submitted_at = timezone.now()
    account.submitted_by = history_user(acting_user)
    transition_to(
        account, Status.SUBMITTED, acting_user=acting_user, fields=["submitted_at", "submitted_by"]
    )


@transaction.atomic
def approve_account(account, *, decision_date, paragraph: str, decision=None, acting_user) -> None:
    """Record the committee's decision and freeze the figures as they are now.

    A decision from the registry must be the account's body's own.
    """
    authorize(acting_user, MANAGE, account)
    if decision_date is None:
        raise AccountError(_("Give the date of the committee's decision."), "decision_date")
    if not str(paragraph or "").strip():
        raise AccountError(
            _("Give the paragraph (§) of the committee's decision."), "decision_paragraph"
        )
    if decision is not None and decision.municipality_id != account.municipality_id:
        raise AccountError(_("Choose a decision of this municipality."), "decision")
    if decision is not None and decision.body_id != account.body_id:
        raise AccountError(_("Choose a decision of this body."), "decision")
    account.decision_date = decision_date
    account.decision_paragraph = str(paragraph).strip()
    account.decision = decision
    if Status.APPROVED not in TRANSITIONS[account.status]:
        transition_to(account, Status.APPROVED, acting_user=acting_user)  # raises, says why
    account.frozen_figures = live_figures(account).to_json()
    account.approved_at = timezone.now()
    account.approved_by = history_user(acting_user)
    transition_to(
        account,
        Status.APPROVED,
        acting_user=acting_user,
        fields=[
            "decision_date",
            "decision_paragraph",
            "decision",
            "frozen_figures",
            "approved_at",
            "approved_by",
        ],
    )


@transaction.atomic
def return_account(account, *, comment: str, acting_user) -> None:
    """Send the account back to the committee with a comment saying what to change."""
    authorize(acting_user, MANAGE, account)
    comment = (comment or "").strip()
    if not comment:
        raise AccountError(
            _("Say in a comment what the committee should change."), "return_comment"
        )
    account.return_comment = comment
    transition_to(
        account,
        Status.RETURNED,
        acting_user=acting_user,
        fields=["return_comment"],
        reason=_("Returned: %(comment)s") % {"comment": comment[:80]},
    )
