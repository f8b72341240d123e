"""What /api/v1/accounts takes and gives: the yearly accounts (P15) and their workflow."""

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from samverkan.followup.models import YearlyAccount

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
        from samverkan.followup.accounts import is_late

        return is_late(obj)


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
