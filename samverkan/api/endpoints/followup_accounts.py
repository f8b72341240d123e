"""Yearly accounts (P15): list, read, write the sections, and the workflow's actions.

The same functions as the pages (samverkan.followup.accounts) and the same permissions
(followup.view_account, change_account, manage_accounts). A move the workflow does not
allow answers 409 with the reason; bad input 400.
"""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from samverkan.followup import accounts
from samverkan.followup.models import YearlyAccount
from samverkan.lib.versioning import VersionConflict
from samverkan.lib.views import require
from samverkan.organisation import tenancy
from samverkan.registry.models import Decision

from ..auth import SIGNED_IN
from ..errors import InvalidInputError
from ..schemas import Error
from ..schemas_followup_accounts import (
    AccountApproval,
    AccountConflict,
    AccountDetailOut,
    AccountFilter,
    AccountOut,
    AccountReturn,
    AccountSections,
)
from .registry import LIST, READ, WRITE

router = Router(auth=SIGNED_IN, tags=["accounts"])
ACTION = {**WRITE, 409: Error}


def _accounts(request):
    return tenancy.scoped(request, YearlyAccount).select_related("round", "body", "reporter")


def _get(request, account_id) -> YearlyAccount:
    account = tenancy.get_scoped_or_404(request, YearlyAccount, account_id, _accounts(request))
    require(request, "followup.view_account", account)
    return account


def _detail(account) -> YearlyAccount:
    account.figures = accounts.figures_of(account)
    account.figures_frozen = account.is_approved and account.frozen_figures is not None
    account.figure_differences = accounts.figure_differences(account)
    return account


def _refused(error: accounts.AccountError):
    if error.field:
        raise InvalidInputError([(error.field, error.message)])
    return Status(409, {"message": error.message})


@router.get("/accounts", response={200: list[AccountOut], **LIST})
@paginate(PageNumberPagination)
def list_accounts(request, filters: Query[AccountFilter]):
    require(request, "followup.view_account", request.municipality)
    rows = _accounts(request).order_by("-round__year", "body__kind", "body__name", "pk")
    if filters.year is not None:
        rows = rows.filter(round__year=filters.year)
    if filters.body is not None:
        rows = rows.filter(body_id=filters.body)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows


@router.get("/accounts/{account_id}", response={200: AccountDetailOut, **READ})
def get_account(request, account_id: int):
    return _detail(_get(request, account_id))


@router.put(
    "/accounts/{account_id}/sections",
    response={200: AccountDetailOut, **ACTION, 409: AccountConflict},
)
def update_account_sections(request, account_id: int, payload: AccountSections):
    account = _get(request, account_id)
    require(request, "followup.change_account", account)
    values = payload.dict(exclude_unset=True, exclude_none=True)
    version = values.pop("version")
    try:
        accounts.save_sections(account, values, expected_version=version, acting_user=request.user)
    except VersionConflict:
        current = _get(request, account_id)
        return Status(
            409,
            {
                "message": _("The account changed since version %(version)s: read it again.")
                % {"version": version},
                "current": current,
            },
        )
    except accounts.AccountError as error:
        if error.field:
            raise InvalidInputError([(error.field, error.message)]) from None
        # Submitted or approved: no longer the committee's to edit.
        return Status(409, {"message": error.message, "current": _get(request, account_id)})
    return _detail(_get(request, account_id))


@router.post("/accounts/{account_id}/submit", response={200: AccountDetailOut, **ACTION})
def submit_account(request, account_id: int):
    account = _get(request, account_id)
    require(request, "followup.change_account", account)
    try:
        accounts.submit_account(account, acting_user=request.user)
    except accounts.AccountError as error:
        return Status(409, {"message": error.message})
    return _detail(_get(request, account_id))


@router.post("/accounts/{account_id}/approve", response={200: AccountDetailOut, **ACTION})
def approve_account(request, account_id: int, payload: AccountApproval):
    account = _get(request, account_id)
    require(request, "followup.manage_accounts", account)
    decision = None
    if payload.decision is not None:
        decision = (
            tenancy.scoped(request, Decision)
            .filter(pk=payload.decision, body_id=account.body_id)
            .first()
        )
        if decision is None:
            raise InvalidInputError([("decision", _("Choose a decision of this body."))])
    try:
        accounts.approve_account(
            account,
            decision_date=payload.decision_date,
            paragraph=payload.decision_paragraph,
            decision=decision,
            acting_user=request.user,
        )
    except accounts.AccountError as error:
        return _refused(error)
    return _detail(_get(request, account_id))


@router.post("/accounts/{account_id}/return", response={200: AccountDetailOut, **ACTION})
def return_account(request, account_id: int, payload: AccountReturn):
    account = _get(request, account_id)
    require(request, "followup.manage_accounts", account)
    try:
        accounts.return_account(account, comment=payload.comment, acting_user=request.user)
    except accounts.AccountError as error:
        return _refused(error)
    return _detail(_get(request, account_id))


routers: list = [router]
