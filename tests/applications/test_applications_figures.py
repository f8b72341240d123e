"""The figures the follow-up reads (indicator P2, yearly account), on a known dataset."""

import datetime
from decimal import Decimal

import pytest

from samverkan.applications import figures
from samverkan.applications.models import Status

YEAR = 2041  # no demo application is dated this year


@pytest.fixture
def dataset(demo, make_application):
    day = datetime.date
    made = {
        # Submitted in YEAR, granted in YEAR (EUR at 11).
        "granted": make_application(
            "Beviljad",
            status=Status.GRANTED,
            currency="EUR",
            exchange_rate=Decimal("11"),
            rate_date=day(YEAR, 1, 2),
            amount_applied=Decimal("10000"),
            amount_granted=Decimal("8000"),
            submitted_on=day(YEAR, 2, 1),
            decided_on=day(YEAR, 6, 1),
        ),
        # Submitted the year before, decided in YEAR, now running.
        "running": make_application(
            "Pågår",
            status=Status.RUNNING,
            amount_applied=Decimal("50000"),
            amount_granted=Decimal("50000"),
            submitted_on=day(YEAR - 1, 11, 1),
            decided_on=day(YEAR, 3, 1),
        ),
        "rejected": make_application(
            "Avslag",
            status=Status.REJECTED,
            submitted_on=day(YEAR, 3, 1),
            decided_on=day(YEAR, 9, 1),
        ),
        # Submitted in YEAR, not yet decided.
        "waiting": make_application(
            "Väntar", status=Status.SUBMITTED, submitted_on=day(YEAR, 10, 1)
        ),
        # Granted, then declined: no money, not a success.
        "withdrawn": make_application(
            "Återtagen",
            status=Status.WITHDRAWN,
            amount_granted=Decimal("100"),
            submitted_on=day(YEAR, 1, 5),
            decided_on=day(YEAR, 4, 1),
        ),
        # Another municipality's: never counted.
        "vadstena": make_application(
            "Vadstenas",
            municipality=demo.vadstena,
            lead_body=demo.vadstena_body,
            status=Status.GRANTED,
            amount_granted=Decimal("100000"),
            submitted_on=day(YEAR, 1, 1),
            decided_on=day(YEAR, 5, 1),
        ),
    }
    return made


def titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


def test_submitted_in_year_counts_by_the_date_sent(demo, dataset):
    assert titles(figures.submitted_in_year(demo.motala, YEAR)) == [
        "Avslag",
        "Beviljad",
        "Väntar",
        "Återtagen",
    ]


def test_granted_in_year_counts_by_the_decision_with_money(demo, dataset):
    assert titles(figures.granted_in_year(demo.motala, YEAR)) == ["Beviljad", "Pågår"]
    assert titles(figures.granted_in_year(demo.motala, YEAR - 1)) == []


def test_granted_amount_is_in_sek(demo, dataset):
    assert figures.granted_amount_sek(demo.motala, YEAR) == Decimal("138000.00")
    assert figures.granted_amount_sek(demo.motala, YEAR + 1) == Decimal("0.00")


def test_success_rate_is_granted_over_decided(demo, dataset):
    # Decided in YEAR: granted, running, rejected → 2 of 3.
    assert figures.success_rate(demo.motala, YEAR) == Decimal("66.7")
    assert figures.success_rate(demo.motala, YEAR + 1) is None
    assert figures.success_rate(demo.vadstena, YEAR) == Decimal("100.0")
