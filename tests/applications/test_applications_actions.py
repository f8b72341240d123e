"""The applications' actions hold their rules whoever calls them (a command, the demo, a
script): rights, another municipality's records, the life cycle, the co-financing total."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.applications import actions
from samverkan.applications.models import Application, CoFinancing, Status
from samverkan.lib.actions import SYSTEM, RuleViolation, VersionConflict
from samverkan.registry.demo import minimal_pdf
from samverkan.registry.models import Decision


def _new(demo, **values):
    return actions.create_application(
        {
            "title": "Regler",
            "lead_body": demo.own_committee,
            "programme_name": "Nordplus",
            "amount_applied": Decimal("1000"),
            **values,
        },
        municipality=demo.motala,
        acting_user=SYSTEM,
    )


def test_granted_above_applied_and_eur_without_a_rate_are_refused(demo):
    with pytest.raises(RuleViolation) as raised:
        _new(demo, status=Status.GRANTED, amount_granted=Decimal("1500"))
    assert raised.value.errors[0][0] == "amount_granted"
    with pytest.raises(RuleViolation) as raised:
        _new(demo, currency="EUR")
    assert raised.value.errors[0][0] == "exchange_rate"
    assert not Application.objects.filter(title="Regler").exists()


def test_another_municipalitys_decision_is_refused(demo):
    foreign = Decision.objects.filter(municipality=demo.vadstena).first()
    assert foreign is not None
    with pytest.raises(RuleViolation) as raised:
        _new(demo, municipal_decision=foreign)
    assert raised.value.errors[0][0] == "municipal_decision"


def test_an_editor_cannot_take_over_another_committees_application(demo):
    theirs = _new(demo, lead_body=demo.other_committee)
    with pytest.raises(PermissionDenied):
        actions.update_application(
            theirs,
            {"lead_body": demo.own_committee},
            expected_version=theirs.version,
            acting_user=demo.users["editor"],
        )
    assert Application.objects.get(pk=theirs.pk).lead_body == demo.other_committee


def test_a_stale_version_is_a_conflict_and_nothing_is_written(demo):
    application = _new(demo)
    actions.update_application(
        application, {"title": "Först"}, expected_version=1, acting_user=SYSTEM
    )
    with pytest.raises(VersionConflict):
        actions.update_application(
            application, {"title": "Sist"}, expected_version=1, acting_user=SYSTEM
        )
    assert Application.objects.get(pk=application.pk).title == "Först"


def test_the_co_financing_total_follows_the_actions(demo):
    application = _new(demo)
    row = actions.add_co_financing(
        application,
        {"body": demo.own_committee, "amount_sek": Decimal("700")},
        acting_user=SYSTEM,
    )
    application.refresh_from_db()
    assert application.co_financing_sek == Decimal("700.00")
    actions.update_co_financing(
        row, {"amount_sek": Decimal("900")}, expected_version=row.version, acting_user=SYSTEM
    )
    application.refresh_from_db()
    assert application.co_financing_sek == Decimal("900.00")
    actions.delete_co_financing(row, acting_user=SYSTEM)
    application.refresh_from_db()
    assert application.co_financing_sek == Decimal("0.00")
    assert not CoFinancing.objects.filter(application=application).exists()


def test_a_co_financing_body_of_another_municipality_is_refused(demo):
    application = _new(demo)
    with pytest.raises(RuleViolation) as raised:
        actions.add_co_financing(
            application,
            {"body": demo.vadstena_body, "amount_sek": Decimal("1")},
            acting_user=SYSTEM,
        )
    assert raised.value.errors[0][0] == "body"


def test_a_claim_paid_before_it_was_sent_is_refused(demo):
    application = _new(demo)
    with pytest.raises(RuleViolation) as raised:
        actions.add_payment_claim(
            application,
            {
                "amount": Decimal("10"),
                "submitted_on": datetime.date(2031, 5, 1),
                "paid_on": datetime.date(2031, 4, 1),
            },
            acting_user=SYSTEM,
        )
    assert raised.value.errors[0][0] == "paid_on"


def test_a_document_is_checked_by_its_content(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = _new(demo)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(RuleViolation) as raised:
        actions.upload_document(application, title="Fel", file=fake, acting_user=SYSTEM)
    assert raised.value.errors[0][0] == "file"
    pdf = SimpleUploadedFile("plan.pdf", minimal_pdf("Projektplan"))
    document = actions.upload_document(application, title="Plan", file=pdf, acting_user=SYSTEM)
    assert (document.content_type, document.original_name) == ("application/pdf", "plan.pdf")


def _admin_post(demo, application, **changes):
    data = {
        "municipality": demo.motala.pk,
        "title": application.title,
        "lead_body": application.lead_body_id,
        "programme_name": application.programme_name,
        "status": application.status,
        "currency": "SEK",
        "amount_applied": "1000",
    }
    for prefix in ("co_financing", "grant_agreements", "payment_claims", "reports", "attachments"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(changes)
    return data


def test_the_back_office_saves_through_the_actions(client, demo):
    from django.contrib.auth import get_user_model

    application = _new(demo)
    staff = get_user_model().objects.create_superuser("apps-admin", "a@example.org", "x")
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    url = f"/admin/applications/application/{application.pk}/change/"
    jump = client.post(url, _admin_post(demo, application, status="closed"))
    assert jump.status_code == 200
    assert "cannot go from Idea to Closed" in jump.text
    added = client.post(
        url,
        _admin_post(
            demo,
            application,
            **{
                "co_financing-TOTAL_FORMS": "1",
                "co_financing-0-body": demo.own_committee.pk,
                "co_financing-0-amount_sek": "400",
                "co_financing-0-note": "",
            },
        ),
    )
    assert added.status_code == 302, added.text[:2000]
    application.refresh_from_db()
    assert application.co_financing_sek == Decimal("400.00")
    row = CoFinancing.objects.get(application=application)
    assert row.history.first().history_user_id == staff.pk
    assert application.history.first().history_user_id == staff.pk


def test_a_new_file_for_a_document_is_checked_and_described(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = _new(demo)
    pdf = minimal_pdf("Projektplan")
    document = actions.upload_document(
        application, title="Plan", file=SimpleUploadedFile("plan.pdf", pdf), acting_user=SYSTEM
    )
    with pytest.raises(RuleViolation):
        actions.update_part(
            document,
            {"file": SimpleUploadedFile("ny.pdf", b"MZ" + b"\x00" * 100)},
            expected_version=document.version,
            acting_user=SYSTEM,
        )
    document.refresh_from_db()
    bigger = pdf + b"%" * 100
    actions.update_part(
        document,
        {"file": SimpleUploadedFile("plan-2.pdf", bigger)},
        expected_version=document.version,
        acting_user=SYSTEM,
    )
    document.refresh_from_db()
    assert (document.original_name, document.size) == ("plan-2.pdf", len(bigger))
