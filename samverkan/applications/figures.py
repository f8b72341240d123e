"""Figures on funding applications for the follow-up: indicator P2 and the yearly account.

Each takes the municipality and a calendar year. "Submitted in the year" counts by the
date the application was sent; "granted in the year" by the date of the funder's
decision, for applications that got money (granted, then running, reported or closed)
and were not withdrawn. The success rate is granted / decided in the year, decided
meaning granted or rejected (or closed since), in percent with one decimal.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet, Sum

from .models import DECIDED_STATUSES, GRANT_STATUSES, Application


def _of(municipality) -> QuerySet:
    return Application.objects.for_municipality(municipality)


def submitted_in_year(municipality, year: int) -> QuerySet:
    return _of(municipality).filter(submitted_on__year=year)


def granted_in_year(municipality, year: int) -> QuerySet:
    return _of(municipality).filter(
        decided_on__year=year, status__in=GRANT_STATUSES, amount_granted__gt=0
    )


def decided_in_year(municipality, year: int) -> QuerySet:
    """Applications the funder decided on in the year: granted, rejected (or closed since)."""
    return _of(municipality).filter(decided_on__year=year, status__in=DECIDED_STATUSES)


def granted_amount_sek(municipality, year: int) -> Decimal:
    total = granted_in_year(municipality, year).aggregate(total=Sum("amount_granted_sek"))["total"]
    return Decimal(total or 0).quantize(Decimal("0.01"))


def success_rate(municipality, year: int) -> Decimal | None:
    """Percent of the applications decided in the year that were granted; None if none."""
    decided = decided_in_year(municipality, year).count()
    if not decided:
        return None
    granted = granted_in_year(municipality, year).count()
    return (Decimal(granted) * 100 / decided).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
