"""Pages of the yearly accounts: the rounds, a year's board, one account and its workflow.

HTTP glue only: accounts are fetched through samverkan.followup.access, changed through
samverkan.followup.actions (which check the rights and the workflow), and their figures
come from samverkan.followup.figures through queries.figures_of.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverkan.history.display import history_entries
from samverkan.lib.actions import VersionConflict
from samverkan.lib.listing import Listing, list_controls
from samverkan.lib.views import require, run_action

from . import access, actions, queries
from .forms import (
    ApproveForm,
    OpenRoundForm,
    ReporterForm,
    ReturnForm,
    SectionsForm,
    reporter_choices,
)
from .models import YearlyAccount
from .report.tables import figure_tables

SORTS = {
    "body__name": gettext_lazy("Body"),
    "status": gettext_lazy("Status"),
}


@login_required
def account_rounds(request):
    """Every year's round with its progress, and the form that opens a new one."""
    require(request, "followup.view_account", request.municipality)
    rounds = access.rounds_for(request)
    can_manage = request.user.has_perm("followup.manage_accounts", request.municipality)
    form = OpenRoundForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        require(request, "followup.manage_accounts", request.municipality)
        if form.is_valid():
            round_, ok = run_action(
                form,
                lambda: actions.open_round(
                    request.municipality,
                    form.cleaned_data["year"],
                    deadline=form.cleaned_data["deadline"],
                    acting_user=request.user,
                ),
            )
            if ok:
                messages.success(
                    request,
                    _("The round for %(year)s is open: each body has an account to write.")
                    % {"year": round_.year},
                )
                return redirect("account-board", year=round_.year)
    return TemplateResponse(
        request,
        "followup/accounts/rounds.html",
        {"rounds": rounds, "form": form, "can_manage": can_manage},
    )


@login_required
def account_board(request, year: int):
    """Each body's progress in the year's round: status, sections ready, reporter, late."""
    require(request, "followup.view_account", request.municipality)
    round_ = access.get_round_for(request, year)
    rows = access.accounts_for(request).filter(round=round_)
    listing = Listing(
        request,
        rows,
        search=["body__name", "body__abbreviation"],
        filters={"status": YearlyAccount.Status.choices},
        sorts=SORTS,
        default_sort="body__name",
        per_page=50,
    )
    can_manage = request.user.has_perm("followup.manage_accounts", round_)
    context = {
        **listing.context(),
        **list_controls(
            listing,
            {"status": _("Status")},
            label=_("Filter the accounts"),
            search_label=_("Search bodies"),
        ),
    }
    today = timezone.localdate()
    for account in context["page"]:
        account.late = queries.is_late(account, today)
    return TemplateResponse(
        request,
        "followup/accounts/board.html",
        {
            **context,
            "round": round_,
            "statuses": YearlyAccount.Status.choices,
            "deadline_passed": today > round_.deadline,
            "can_manage": can_manage,
            "reporters": list(reporter_choices(request.municipality)) if can_manage else [],
            "report_url": reverse("account-report", args=[year]),
        },
    )


@login_required
def account_detail(request, pk):
    account = access.get_account_for(request, pk)
    user = request.user
    can_manage = user.has_perm("followup.manage_accounts", account)
    can_change = user.has_perm("followup.change_account", account)
    figures = queries.figures_of(account)
    status = account.status
    return TemplateResponse(
        request,
        "followup/accounts/detail.html",
        {
            "account": account,
            "sections": account.section_rows(),
            "figure_tables": figure_tables(figures),
            "figures_frozen": account.is_approved and account.frozen_figures is not None,
            "differences": queries.figure_differences(account),
            "late": queries.is_late(account),
            "can_edit": can_change and status in actions.EDITABLE,
            "can_submit": can_change and status in actions.EDITABLE,
            "can_decide": can_manage and status == YearlyAccount.Status.SUBMITTED,
            "can_name_reporter": can_manage and not account.is_approved,
            "reporter_form": ReporterForm(
                initial={"reporter": account.reporter_id}, municipality=account.municipality
            )
            if can_manage
            else None,
            "history": history_entries(account),
        },
    )


def _workflow_page(request, account, form, *, title, template, action):
    """A small workflow form (approve, return, edit): run `action` on a valid POST."""
    if request.method == "POST" and form.is_valid():
        message, ok = run_action(form, lambda: action(form))
        if ok:
            messages.success(request, message)
            return redirect("account-detail", pk=account.pk)
    return TemplateResponse(
        request,
        template,
        {"account": account, "form": form, "title": title},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def account_edit(request, pk):
    account = access.get_account_for(request, pk, perm=actions.CHANGE)
    if account.status not in actions.EDITABLE:
        messages.error(request, _("The account is submitted or approved and cannot be edited."))
        return redirect("account-detail", pk=account.pk)
    form = SectionsForm(request.POST or None, account=account)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            _saved, ok = run_action(
                form,
                lambda: actions.save_sections(
                    account,
                    form.values(),
                    expected_version=form.cleaned_data["opened_version"],
                    acting_user=request.user,
                ),
            )
        except VersionConflict as error:
            ok = False
            current = error.current
            conflict = {
                "rows": [
                    {
                        "label": form.fields[name].label,
                        "mine": form.cleaned_data.get(name),
                        "theirs": getattr(current, name),
                    }
                    for name in YearlyAccount.SECTIONS
                    if form.cleaned_data.get(name) != getattr(current, name)
                ],
                "who": None,
            }
            data = request.POST.copy()
            data["opened_version"] = current.version
            form = SectionsForm(data, account=current)
            form.is_valid()
        if ok:
            messages.success(request, _("The account was saved."))
            return redirect("account-detail", pk=account.pk)
    return TemplateResponse(
        request,
        "followup/accounts/edit.html",
        {
            "account": account,
            "form": form,
            "conflict": conflict,
            "title": _("Edit the account: %(body)s %(year)s")
            % {"body": account.body, "year": account.round.year},
        },
        status=409 if conflict else (400 if request.method == "POST" else 200),
    )


@login_required
@require_POST
def account_submit(request, pk):
    account = access.get_account_for(request, pk, perm=actions.CHANGE)
    try:
        actions.submit_account(account, acting_user=request.user)
    except actions.AccountError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The account was submitted to the coordinator."))
    return redirect("account-detail", pk=account.pk)


@login_required
@require_POST
def account_reporter(request, pk):
    account = access.get_account_for(request, pk, perm=actions.MANAGE)
    form = ReporterForm(request.POST, municipality=account.municipality)
    if form.is_valid():
        try:
            actions.name_reporter(account, form.cleaned_data["reporter"], acting_user=request.user)
        except actions.AccountError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The reporter was saved."))
    else:
        messages.error(request, _("Choose a user of the municipality."))
    if request.POST.get("back") == "board":  # named from the year's board
        return redirect("account-board", year=account.round.year)
    return redirect("account-detail", pk=account.pk)


@login_required
def account_approve(request, pk):
    account = access.get_account_for(request, pk, perm=actions.MANAGE)
    form = ApproveForm(request.POST or None, account=account)

    def approve(form):
        actions.approve_account(
            account,
            decision_date=form.cleaned_data["decision_date"],
            paragraph=form.cleaned_data["decision_paragraph"],
            decision=form.cleaned_data["decision"],
            acting_user=request.user,
        )
        return _("The account was approved; its figures are now frozen.")

    return _workflow_page(
        request,
        account,
        form,
        title=_("Approve the account: %(body)s %(year)s")
        % {"body": account.body, "year": account.round.year},
        template="followup/accounts/decide.html",
        action=approve,
    )


@login_required
def account_return(request, pk):
    account = access.get_account_for(request, pk, perm=actions.MANAGE)
    form = ReturnForm(request.POST or None)

    def send_back(form):
        actions.return_account(
            account, comment=form.cleaned_data["return_comment"], acting_user=request.user
        )
        return _("The account was returned to the committee with your comment.")

    return _workflow_page(
        request,
        account,
        form,
        title=_("Return the account: %(body)s %(year)s")
        % {"body": account.body, "year": account.round.year},
        template="followup/accounts/decide.html",
        action=send_back,
    )
