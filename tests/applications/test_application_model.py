"""The application's rules: amounts in SEK, granted not above applied, the life cycle,
co-financing totals and how long the documents are kept."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samverkan.applications.models import TRANSITIONS, Application, CoFinancing, Status


def test_amounts_in_eur_are_stored_in_sek_at_the_rate_given(make_application):
    application = make_application(
        currency="EUR",
        amount_applied=Decimal("40000"),
        amount_granted=Decimal("35000"),
        exchange_rate=Decimal("11.2500"),
        rate_date=datetime.date(2031, 1, 15),
        status=Status.GRANTED,
    )
    application.refresh_from_db()
    assert application.amount_applied_sek == Decimal("450000.00")
    assert application.amount_granted_sek == Decimal("393750.00")


def test_a_versioned_edit_keeps_the_sek_figures_in_step(make_application):
    from samverkan.lib.versioning import save_versioned

    application = make_application(amount_applied=Decimal("1000"))
    application.amount_applied = Decimal("2500")
    save_versioned(application, expected_version=application.version, fields=["amount_applied"])
    application.refresh_from_db()
    assert application.amount_applied_sek == Decimal("2500.00")


def test_granted_above_applied_is_refused_with_a_clear_message(make_application):
    application = make_application(amount_applied=Decimal("1000"))
    application.amount_granted = Decimal("1500")
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        application.full_clean()
    message = raised.value.message_dict["amount_granted"][0]
    assert "cannot be more than the amount applied for" in message


def test_eur_needs_a_rate_and_its_date(make_application):
    application = make_application()
    application.currency = "EUR"
    with pytest.raises(ValidationError) as raised:
        application.full_clean()
    assert "exchange_rate" in raised.value.message_dict


def test_status_moves_only_along_the_life_cycle(demo, make_application):
    from samverkan.applications import actions
    from samverkan.lib.actions import RuleViolation

    application = make_application(status=Status.IDEA)
    coordinator = demo.users["coordinator"]
    with translation.override("en"), pytest.raises(RuleViolation) as raised:
        actions.transition_to(application, Status.RUNNING, acting_user=coordinator)
    assert raised.value.errors[0][0] == "status"
    assert "cannot go from Idea to Running" in raised.value.message
    assert Application.objects.get(pk=application.pk).status == Status.IDEA
    application.refresh_from_db()
    actions.transition_to(application, Status.IN_PREPARATION, acting_user=coordinator)
    assert Application.objects.get(pk=application.pk).status == Status.IN_PREPARATION
    assert application.history.first().history_user_id == coordinator.pk


def test_every_status_has_its_transitions_and_closed_is_the_end():
    assert set(TRANSITIONS) == set(Status.values)
    assert TRANSITIONS[Status.CLOSED] == set()
    assert all(target in Status.values for targets in TRANSITIONS.values() for target in targets)


def test_a_granted_application_needs_its_amount(make_application):
    application = make_application(status=Status.SUBMITTED)
    application.status = Status.GRANTED
    with pytest.raises(ValidationError) as raised:
        application.full_clean()
    assert "amount_granted" in raised.value.message_dict


def test_co_financing_total_follows_its_rows(demo, make_application):
    application = make_application()
    first = CoFinancing.objects.create(
        municipality=demo.motala,
        application=application,
        body=demo.own_committee,
        amount_sek=Decimal("20000"),
    )
    CoFinancing.objects.create(
        municipality=demo.motala,
        application=application,
        body=demo.board,
        amount_sek=Decimal("5000"),
    )
    application.refresh_from_db()
    assert application.co_financing_sek == Decimal("25000.00")
    first.delete()
    application.refresh_from_db()
    assert application.co_financing_sek == Decimal("5000.00")


def test_documents_are_kept_to_the_end_of_the_year_after_the_retention(make_application, settings):
    settings.SAMVERKAN_APPLICATION_RETENTION_YEARS = 5
    application = make_application(programme_period_end=datetime.date(2027, 12, 31))
    assert application.documents_kept_until == datetime.date(2032, 12, 31)
    without = make_application(project_end=datetime.date(2029, 6, 30))
    assert without.documents_kept_until == datetime.date(2034, 12, 31)
    assert make_application().documents_kept_until is None


def test_editors_own_the_applications_of_their_committees(demo, make_application):
    editor = demo.users["editor"]
    own = make_application(lead_body=demo.own_committee)
    other = make_application(lead_body=demo.other_committee)
    assert editor.has_perm("samverkan.change_record", own)
    assert not editor.has_perm("samverkan.change_record", other)
    assert not demo.users["reader"].has_perm("samverkan.change_record", own)


def test_trash_and_restore_bring_back_the_life_cycle(demo, make_application):
    from samverkan.history.actions import delete_record, restore_record

    application = make_application(status=Status.RUNNING, amount_granted=Decimal("900"))
    CoFinancing.objects.create(
        municipality=demo.motala,
        application=application,
        body=demo.own_committee,
        amount_sek=Decimal("300"),
    )
    pk = application.pk
    entry = delete_record(application, acting_user=demo.users["admin"])
    assert not Application.objects.filter(pk=pk).exists()
    assert not CoFinancing.objects.filter(application_id=pk).exists()
    restore_record(entry, acting_user=demo.users["admin"])
    restored = Application.objects.get(pk=pk)
    assert restored.co_financing.count() == 1
    assert restored.co_financing_sek == Decimal("300.00")


def test_the_catalogue_programmes_last_year_sets_the_retention(demo, make_application, settings):
    from samverkan.funding.models import Programme

    settings.SAMVERKAN_APPLICATION_RETENTION_YEARS = 10
    programme = Programme.objects.create(
        municipality=demo.motala, code="ret-test", name="Period", level="eu", period_end_year=2027
    )
    application = make_application(programme=programme, programme_name="")
    assert application.documents_kept_until == datetime.date(2037, 12, 31)
    assert application.programme_label == "Period"
