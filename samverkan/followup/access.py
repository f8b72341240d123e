"""The one way pages and the API fetch the yearly accounts and their rounds.

`get_account_for(request, pk)` answers 404 for another municipality's account (or a
missing one) and 403 for one the user may not `perm` (followup.rules);
`get_round_for(request, year)` the municipality's round of a year, 404 when there is none.
"""

from django.db.models import Count, Q
from django.http import Http404

from samverkan.lib.actions import authorize
from samverkan.organisation import tenancy

from .models import AccountRound, YearlyAccount

VIEW = "followup.view_account"


def accounts_for(request):
    return tenancy.scoped(request, YearlyAccount).select_related("round", "body", "reporter")


def get_account_for(request, pk, *, perm=VIEW) -> YearlyAccount:
    queryset = accounts_for(request).select_related("submitted_by", "approved_by", "decision")
    return tenancy.get_for(request, YearlyAccount, pk, queryset=queryset, perm=perm)


def rounds_for(request):
    """The municipality's rounds with their progress (accounts, approved, submitted)."""
    return tenancy.scoped(request, AccountRound).annotate(
        total=Count("accounts"),
        approved=Count("accounts", filter=Q(accounts__status=YearlyAccount.Status.APPROVED)),
        submitted=Count("accounts", filter=Q(accounts__status=YearlyAccount.Status.SUBMITTED)),
    )


def get_round_for(request, year: int, *, perm=VIEW) -> AccountRound:
    try:
        round_ = tenancy.scoped(request, AccountRound).get(year=year)
    except AccountRound.DoesNotExist:
        raise Http404(f"No account round for {year}") from None
    if perm:
        authorize(request.user, perm, round_)
    return round_
