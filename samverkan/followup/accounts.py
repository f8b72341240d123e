"""The yearly accounts' workflow (P15): every change of an account goes through a function here.

States and the moves between them are one table (TRANSITIONS); `transition_to` checks it and
writes the change with who and why in the account's history. Pages, the API and the demo
call the named actions below (open_round, name_reporter, save_sections, submit_account,
approve_account, return_account), never set the status themselves.

Figures come from samverkan.followup.figures (one source of truth): live until approval,
frozen into the account on approval.
"""

import datetime
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.lib.versioning import save_versioned
from samverkan.organisation.models import Body

from .models import AccountRound, YearlyAccount

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


class AccountError(Exception):
    """A change the workflow does not allow; `message` says why, for a form or a 4xx answer."""

    def __init__(self, message, field: str = ""):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


# Reads ---------------------------------------------------------------------------------


def default_deadline(year: int) -> datetime.date:
    """The deadline of a year's accounts: by default 31 March of the following year.

    The setting SAMVERKAN_ACCOUNT_DEADLINE ("MM-DD", in the following year) changes it.
    """
    month_day = getattr(settings, "SAMVERKAN_ACCOUNT_DEADLINE", "03-31")
    month, day = (int(part) for part in month_day.split("-"))
    return datetime.date(year + 1, month, day)


def accounts_not_approved_by_deadline(
    municipality, year: int, today: datetime.date | None = None
) -> QuerySet:
    """The year's accounts that missed their deadline (P15).

    Approved after the deadline, or not approved and the deadline has passed. Before the
    deadline an unapproved account is not late yet.
    """
    today = today or timezone.localdate()
    late_approval = Q(status=Status.APPROVED, approved_at__date__gt=F("round__deadline"))
    still_open = ~Q(status=Status.APPROVED) & Q(round__deadline__lt=today)
    return (
        YearlyAccount.objects.for_municipality(municipality)
        .for_year(year)
        .filter(late_approval | still_open)
        .select_related("body", "round")
    )


def is_late(account, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    deadline = account.round.deadline
    if account.status == Status.APPROVED:
        return timezone.localdate(account.approved_at) > deadline
    return today > deadline


def accountable_bodies(municipality) -> QuerySet:
    """KS and every committee give an account (the council does not)."""
    return Body.objects.for_municipality(municipality).filter(
        kind__in=[Body.Kind.EXECUTIVE_BOARD, Body.Kind.COMMITTEE]
    )


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def live_figures(account) -> dict:
    """The account's figures computed now from the year's data (figures.overview)."""
    from . import figures

    return _jsonable(figures.overview(account.municipality, account.round.year, body=account.body))


def figures_of(account) -> dict:
    """What the account shows: frozen on approval, otherwise live."""
    if account.status == Status.APPROVED and account.frozen_figures is not None:
        return account.frozen_figures
    return live_figures(account)


def _flatten(value, prefix=()) -> dict:
    if isinstance(value, dict):
        flat = {}
        for key, item in value.items():
            flat.update(_flatten(item, (*prefix, str(key))))
        return flat
    if isinstance(value, list):
        flat = {}
        for index, item in enumerate(value):
            label = None
            if isinstance(item, dict):
                label = next(
                    (str(item[k]) for k in ("key", "code", "name", "label", "year") if k in item),
                    None,
                )
            flat.update(_flatten(item, (*prefix, label if label is not None else str(index))))
        return flat
    return {" / ".join(prefix): value}


def figure_differences(account) -> list[dict]:
    """Where the frozen figures of an approved account differ from the live ones.

    Each row: the figure's path (e.g. "per_country / SE / count"), frozen and live value.
    """
    if account.status != Status.APPROVED or account.frozen_figures is None:
        return []
    frozen = _flatten(account.frozen_figures)
    live = _flatten(live_figures(account))
    rows = []
    for key in sorted(set(frozen) | set(live)):
        if frozen.get(key) != live.get(key):
            rows.append({"figure": key, "frozen": frozen.get(key), "live": live.get(key)})
    return rows


# Changes -------------------------------------------------------------------------------


def _record(account, reason, fields, acting_user):
    account._change_reason = str(reason)
    account._history_user = acting_user
    account.version += 1
    account.save(update_fields=[*fields, "version"])


@transaction.atomic
def open_round(municipality, year: int, *, deadline=None, acting_user) -> AccountRound:
    """Open the year's round: one draft account for KS and each committee.

    Opening again keeps what is there and adds accounts for bodies that have none (a
    committee created since), so it is safe to repeat.
    """
    if year < 2000 or year > timezone.localdate().year + 1:
        raise AccountError(_("Choose a year between 2000 and next year."), "year")
    round_, created = AccountRound.objects.get_or_create(
        municipality=municipality,
        year=year,
        defaults={"deadline": deadline or default_deadline(year), "opened_by": acting_user},
    )
    if not created and deadline and deadline != round_.deadline:
        round_.deadline = deadline
        round_._history_user = acting_user
        round_.save(update_fields=["deadline"])
    have = set(round_.accounts.values_list("body_id", flat=True))
    for body in accountable_bodies(municipality).exclude(pk__in=have):
        account = YearlyAccount(municipality=municipality, round=round_, body=body)
        account._history_user = acting_user
        account._change_reason = _("Round opened")
        account.save()
    return round_


@transaction.atomic
def name_reporter(account, reporter, *, acting_user) -> None:
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
        account._change_reason = str(_("Sections edited"))
        account._history_user = acting_user
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
    missing = [row["label"] for row in account.section_rows() if not row["ready"]]
    if missing and account.status in EDITABLE:
        raise AccountError(
            _("Mark every section ready before submitting: %(sections)s.")
            % {"sections": ", ".join(str(label) for label in missing)}
        )
    account.submitted_at = timezone.now()
    account.submitted_by = acting_user
    transition_to(
        account, Status.SUBMITTED, acting_user=acting_user, fields=["submitted_at", "submitted_by"]
    )


@transaction.atomic
def approve_account(account, *, decision_date, paragraph: str, decision=None, acting_user) -> None:
    """Record the committee's decision and freeze the figures as they are now."""
    if decision_date is None:
        raise AccountError(_("Give the date of the committee's decision."), "decision_date")
    if not str(paragraph or "").strip():
        raise AccountError(
            _("Give the paragraph (§) of the committee's decision."), "decision_paragraph"
        )
    if decision is not None and decision.municipality_id != account.municipality_id:
        raise AccountError(_("Choose a decision of this municipality."), "decision")
    account.decision_date = decision_date
    account.decision_paragraph = str(paragraph).strip()
    account.decision = decision
    if Status.APPROVED not in TRANSITIONS[account.status]:
        transition_to(account, Status.APPROVED, acting_user=acting_user)  # raises, says why
    account.frozen_figures = live_figures(account)
    account.approved_at = timezone.now()
    account.approved_by = acting_user
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
