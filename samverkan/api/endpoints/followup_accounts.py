"""Yearly accounts: list, read, write the sections, and the workflow's actions.

Accounts are fetched through samverkan.followup.access and changed through
samverkan.followup.actions, as on the pages; the actions check the rights
(followup.view_account, change_account, manage_accounts) and the workflow. A move the
workflow does not allow answers 409 with the reason; bad input 400.
"""

import datetime
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
from samverkan.followup import access, actions, queries
from samverkan.followup.models import YearlyAccount
from samverkan.lib.actions import VersionConflict, authorize
from samverkan.organisation import tenancy
from samverkan.registry.models import Decision

from ..auth import SIGNED_IN
from ..errors import InvalidInputError
from ..schemas import Error, InvalidInput

router = Router(auth=SIGNED_IN, tags=["accounts"])

# The error answers each kind of operation may give, for the OpenAPI document.
LIST = {400: InvalidInput, 401: Error, 403: Error}
READ = {401: Error, 403: Error, 404: Error}
WRITE = {400: InvalidInput, **READ}
ACTION = {**WRITE, 409: Error}


# Schemas -----------------------------------------------------------------------------------

AccountStatus = Literal[tuple(YearlyAccount.Status.values)]


class AccountOut(Schema):
    id: int
    year: int
    deadline: datetime.date
    body: int
    body_name: str
    reporter: int | None = Field(description="Id of the user who writes the account.")
    reporter_name: str | None
    status: AccountStatus
    summary: str
    summary_ready: bool
    results: str
    results_ready: bool
    lessons: str
    lessons_ready: bool
    plans: str
    plans_ready: bool
    sections_ready: int = Field(description="How many of the four sections are marked ready.")
    return_comment: str
    decision_date: datetime.date | None
    decision_paragraph: str
    decision: int | None = Field(description="Id of the decision in the registry, if linked.")
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    late: bool = Field(description="Approved after the deadline, or open after it passed.")
    version: int

    @staticmethod
    def resolve_year(obj):
        return obj.round.year

    @staticmethod
    def resolve_deadline(obj):
        return obj.round.deadline

    @staticmethod
    def resolve_body(obj):
        return obj.body_id

    @staticmethod
    def resolve_body_name(obj):
        return obj.body.name

    @staticmethod
    def resolve_reporter(obj):
        return obj.reporter_id

    @staticmethod
    def resolve_reporter_name(obj):
        if obj.reporter is None:
            return None
        return obj.reporter.get_full_name() or obj.reporter.get_username()

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id

    @staticmethod
    def resolve_late(obj):
        return queries.is_late(obj)


class AccountDetailOut(AccountOut):
    figures: dict[str, Any] = Field(
        description="The account's figures: live until approval, frozen on approval."
    )
    figures_frozen: bool
    figure_differences: list[dict[str, Any]] = Field(
        description="For an approved account: figures that changed since (figure, frozen, live)."
    )


class AccountFilter(Schema):
    year: int | None = Field(None, ge=1900, le=2200)
    body: int | None = Field(None, description="Id of a body (KS or a committee).")
    status: AccountStatus | None = None


class AccountSections(Schema):
    """The committee's texts; leave a field out to keep it as it is."""

    summary: str | None = None
    summary_ready: bool | None = None
    results: str | None = None
    results_ready: bool | None = None
    lessons: str | None = None
    lessons_ready: bool | None = None
    plans: str | None = None
    plans_ready: bool | None = None
    version: int = Field(description="The version you read; a newer one answers 409.")


class AccountApproval(Schema):
    decision_date: datetime.date = Field(description="The date of the committee's decision.")
    decision_paragraph: str = Field(min_length=1, max_length=20, description="The § number.")
    decision: int | None = Field(None, description="Id of the decision in the registry.")


class AccountReturn(Schema):
    comment: str = Field(min_length=1, description="What the committee should change.")


class AccountConflict(Schema):
    message: str
    current: AccountOut


# Endpoints ---------------------------------------------------------------------------------


def _detail(account) -> YearlyAccount:
    account.figures = queries.figures_of(account).to_json()
    account.figures_frozen = account.is_approved and account.frozen_figures is not None
    account.figure_differences = queries.figure_differences(account)
    return account


def _read(request, account_id) -> YearlyAccount:
    return _detail(access.get_account_for(request, account_id))


def _refused(error: actions.AccountError):
    """Bad input (a field named) is 400; a move the account's state refuses is 409."""
    if error.field:
        raise InvalidInputError([(error.field, error.message)])
    return Status(409, {"message": error.message})


@router.get("/accounts", response={200: list[AccountOut], **LIST})
@paginate(PageNumberPagination)
def list_accounts(request, filters: Query[AccountFilter]):
    authorize(request.user, access.VIEW, request.municipality)
    rows = access.accounts_for(request).order_by("-round__year", "body__kind", "body__name", "pk")
    if filters.year is not None:
        rows = rows.filter(round__year=filters.year)
    if filters.body is not None:
        rows = rows.filter(body_id=filters.body)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows


@router.get("/accounts/{account_id}", response={200: AccountDetailOut, **READ})
def get_account(request, account_id: int):
    return _read(request, account_id)


@router.put(
    "/accounts/{account_id}/sections",
    response={200: AccountDetailOut, **ACTION, 409: AccountConflict},
)
def update_account_sections(request, account_id: int, payload: AccountSections):
    account = access.get_account_for(request, account_id, perm=actions.CHANGE)
    values = payload.dict(exclude_unset=True, exclude_none=True)
    version = values.pop("version")
    try:
        actions.save_sections(account, values, expected_version=version, acting_user=request.user)
    except VersionConflict:
        current = access.get_account_for(request, account_id)
        return Status(
            409,
            {
                "message": _("The account changed since version %(version)s: read it again.")
                % {"version": version},
                "current": current,
            },
        )
    except actions.AccountError as error:
        if error.field:
            raise InvalidInputError([(error.field, error.message)]) from None
        # Submitted or approved: no longer the committee's to edit.
        current = access.get_account_for(request, account_id)
        return Status(409, {"message": error.message, "current": current})
    return _read(request, account_id)


@router.post("/accounts/{account_id}/submit", response={200: AccountDetailOut, **ACTION})
def submit_account(request, account_id: int):
    account = access.get_account_for(request, account_id, perm=actions.CHANGE)
    try:
        actions.submit_account(account, acting_user=request.user)
    except actions.AccountError as error:
        return Status(409, {"message": error.message})
    return _read(request, account_id)


@router.post("/accounts/{account_id}/approve", response={200: AccountDetailOut, **ACTION})
def approve_account(request, account_id: int, payload: AccountApproval):
    account = access.get_account_for(request, account_id, perm=actions.MANAGE)
    decision = None
    if payload.decision is not None:
        # Another municipality's id is no valid choice, like a missing one.
        decision = tenancy.scoped(request, Decision).filter(pk=payload.decision).first()
        if decision is None:
            raise InvalidInputError([("decision", _("Choose a decision of this body."))])
    try:
        actions.approve_account(
            account,
            decision_date=payload.decision_date,
            paragraph=payload.decision_paragraph,
            decision=decision,
            acting_user=request.user,
        )
    except actions.AccountError as error:
        return _refused(error)
    return _read(request, account_id)


@router.post("/accounts/{account_id}/return", response={200: AccountDetailOut, **ACTION})
def return_account(request, account_id: int, payload: AccountReturn):
    account = access.get_account_for(request, account_id, perm=actions.MANAGE)
    try:
        actions.return_account(account, comment=payload.comment, acting_user=request.user)
    except actions.AccountError as error:
        return _refused(error)
    return _read(request, account_id)


routers: list = [router]
