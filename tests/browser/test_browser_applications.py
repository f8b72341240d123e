"""A coordinator turns a followed call into an application and follows it along its life
cycle in the browser; the list, the pipeline board, the record and the forms pass axe."""

import pytest

from samverkan.applications.models import Application, Status
from samverkan.funding.models import CallMark

pytestmark = pytest.mark.browser

SUBMIT = "main form.record-form button[type=submit]"


def test_applications_from_call_to_claim(page, site, login, visit, follow):
    login(page, "coordinator")
    # The list, with the demo's applications and their totals.
    visit(page, "/applications/")
    assert page.locator("main table tbody tr").count() >= 5
    visit(page, "/applications/?status=running&sort=-amount_applied_sek")
    assert page.locator("main table tbody tr").count() == 1

    # The pipeline board: a section with a heading per status.
    visit(page, "/applications/board/")
    assert page.locator("main section.board-column h2").count() == len(Status.values)

    # Create from a call the municipality follows: the form comes prefilled.
    mark = (
        CallMark.objects.for_municipality(site.motala)
        .filter(kind=CallMark.Kind.FOLLOWED)
        .select_related("call")
        .first()
    )
    call = mark.call
    visit(page, f"/applications/new/?call={call.pk}")
    assert page.input_value("#id_title") == call.title[:300]
    page.select_option("#id_lead_body", str(site.motala_committee.pk))
    page.fill("#id_amount_applied", "100000")
    # An EU call's application is in euro: the form asks for the rate and its date.
    assert page.input_value("#id_currency") == "EUR"
    page.fill("#id_exchange_rate", "11,05")
    page.fill("#id_rate_date", "2026-11-30")
    # Granted above applied: the error summary names the field.
    page.select_option("#id_status", "granted")
    page.fill("#id_amount_granted", "200000")
    follow(page, page.locator(SUBMIT))
    assert page.locator("main .error-summary").count() == 1
    page.select_option("#id_status", "in_preparation")
    page.fill("#id_amount_granted", "")
    follow(page, page.locator(SUBMIT))
    application = Application.objects.get(call=call, lead_body=site.motala_committee)
    assert page.url.endswith(f"/applications/{application.pk}/")
    assert application.status == Status.IN_PREPARATION

    # The running demo project's page, and adding a payment claim to it.
    running = Application.objects.for_municipality(site.motala).get(status=Status.RUNNING)
    visit(page, f"/applications/{running.pk}/")
    follow(page, page.locator(f'main a[href="/applications/{running.pk}/claims/new/"]'))
    page.fill("#id_amount", "5000")
    page.fill("#id_submitted_on", "2030-01-15")
    follow(page, page.locator(SUBMIT))
    assert running.payment_claims.filter(amount=5000).exists()
