"""The registry's actions hold their rules for every caller: a command or the demo acting
as SYSTEM is refused like a page or the API, and nobody writes half a change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from samverkan.lib.actions import SYSTEM, RuleViolation, StillInUse
from samverkan.registry import actions
from samverkan.registry.models import (
    Contact,
    Decision,
    MembershipFee,
    NetworkMembership,
    Partner,
    TwinTown,
)

D = datetime.date
KF_MESSAGE = "Vänortsavtal beslutas av kommunfullmäktige (P12)."


def _decision_values(body, paragraph, **changes):
    return {
        "body": body,
        "decision_type": "other",
        "meeting_date": D(2025, 3, 4),
        "registration_number": f"25/KS {paragraph:04}",
        "paragraph": paragraph,
        "title": f"Beslut {paragraph}",
        **changes,
    }


def test_a_decision_by_a_body_without_authority_is_refused_even_for_the_system(demo):
    values = _decision_values(demo.board, 401, decision_type="twin_town_agreement")
    with pytest.raises(RuleViolation) as refused:
        actions.record_decision(demo.motala, values, acting_user=SYSTEM)
    assert refused.value.errors == [("body", KF_MESSAGE)]
    assert not Decision.objects.filter(body=demo.board, paragraph=401).exists()


def test_a_decision_keeps_its_year_with_its_meeting_date(demo):
    decision = actions.record_decision(
        demo.motala, _decision_values(demo.board, 402), acting_user=SYSTEM
    )
    decision.refresh_from_db()
    assert decision.year == 2025
    actions.update_decision(
        decision,
        {"meeting_date": D(2024, 12, 9)},
        expected_version=decision.version,
        acting_user=demo.users["registrar"],
    )
    assert decision.year == 2024
    assert list(Decision.objects.filter(year=2024, pk=decision.pk)) == [decision]
    assert decision.history.first().year == 2024


def test_a_duplicate_paragraph_meets_the_database_as_a_rule(demo):
    # § 0 is not checked by the rules (no paragraph given): the constraint refuses it.
    actions.record_decision(
        demo.motala,
        _decision_values(demo.board, 0, registration_number="25/KS 0403"),
        acting_user=SYSTEM,
    )
    with pytest.raises(RuleViolation) as refused:
        actions.record_decision(
            demo.motala,
            _decision_values(demo.board, 0, registration_number="25/KS 0404"),
            acting_user=SYSTEM,
        )
    assert refused.value.errors[0][0] == "paragraph"
    assert Decision.objects.filter(body=demo.board, paragraph=0).count() == 1


def test_a_second_fee_for_a_year_is_refused(demo):
    membership = NetworkMembership.objects.filter(municipality=demo.motala).first()
    values = {"year": 2031, "amount": "10.00", "currency": "SEK"}
    actions.add_membership_fee(membership, values, acting_user=SYSTEM)
    with pytest.raises(RuleViolation) as refused:
        actions.add_membership_fee(membership, values, acting_user=SYSTEM)
    assert [(field, "2031" in message) for field, message in refused.value.errors] == [
        ("year", True)
    ]
    assert MembershipFee.objects.filter(membership=membership, year=2031).count() == 1


def test_an_editor_logs_participation_only_for_a_committee_taking_part(demo):
    membership = NetworkMembership.objects.filter(
        municipality=demo.motala, participating_committees=demo.own_committee
    ).first()
    editor = demo.users["editor"]
    values = {"occurred_on": D(2025, 4, 1), "description": "Möte.", "kind": "meeting"}
    with pytest.raises(RuleViolation) as refused:
        actions.log_participation(
            membership, {**values, "committee": demo.other_committee}, acting_user=editor
        )
    assert refused.value.errors[0][0] == "committee"
    entry = actions.log_participation(
        membership, {**values, "committee": demo.own_committee}, acting_user=editor
    )
    assert entry.history.first().history_user == editor
    outside = NetworkMembership.objects.filter(municipality=demo.motala).exclude(
        participating_committees=demo.own_committee
    )
    if outside.exists():
        with pytest.raises(PermissionDenied):
            actions.log_participation(
                outside.first(), {**values, "committee": demo.own_committee}, acting_user=editor
            )


def test_ending_a_twin_town_needs_the_councils_decision_and_a_reason(demo):
    twin_town = TwinTown.objects.filter(municipality=demo.motala).first()
    version = twin_town.version
    with pytest.raises(RuleViolation) as refused:
        actions.update_twin_town(
            twin_town, {"status": "ended"}, expected_version=version, acting_user=SYSTEM
        )
    assert {field for field, _message in refused.value.errors} >= {"end_decision", "ended_on"}
    twin_town.refresh_from_db()
    assert (twin_town.status, twin_town.version) != ("ended", version + 1)


def test_personal_data_is_for_the_roles_that_may_handle_it(demo):
    contact = Contact.objects.filter(municipality=demo.motala, erased_at=None).first()
    with pytest.raises(PermissionDenied):
        actions.erase_contact(contact, acting_user=demo.users["reader"])
    with pytest.raises(PermissionDenied):
        actions.update_contact(
            contact,
            {"notes": "x"},
            expected_version=contact.version,
            acting_user=demo.users["reader"],
        )


def test_an_erased_contact_cannot_be_edited(demo):
    contact = Contact.objects.filter(municipality=demo.motala, erased_at=None).first()
    erased = actions.erase_contact(contact, acting_user=SYSTEM, today=D(2100, 1, 1))
    assert erased.erased_at is not None and erased.name == ""
    with pytest.raises(RuleViolation):
        actions.update_contact(
            erased, {"name": "Tillbaka"}, expected_version=erased.version, acting_user=SYSTEM
        )


def test_a_partner_in_use_stays(demo):
    partner = TwinTown.objects.filter(municipality=demo.motala).first().partner
    with pytest.raises(StillInUse):
        actions.delete_partner(partner, acting_user=SYSTEM)
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_the_back_office_saves_and_deletes_through_the_actions(client, demo):
    from django.urls import reverse

    from samverkan.history.models import DeletedRecord

    operator = demo.users["operator"]
    client.force_login(operator)
    partner = actions.create_partner(
        demo.motala, {"name": "Narva", "kind": "municipality", "country": "EE"}, acting_user=SYSTEM
    )
    data = {
        "municipality": demo.motala.pk,
        "name": "Narva linn",
        "local_name": "",
        "kind": "municipality",
        "country": "EE",
        "city": "",
        "website": "",
        "description": "",
        "source_url": "",
    }
    response = client.post(reverse("admin:registry_partner_change", args=[partner.pk]), data)
    assert response.status_code == 302, response.content
    partner.refresh_from_db()
    assert (partner.name, partner.version) == ("Narva linn", 2)
    assert partner.history.first().history_user == operator

    response = client.post(
        reverse("admin:registry_partner_delete", args=[partner.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert (
        DeletedRecord.objects.get(
            model_label="registry.partner", object_id=str(partner.pk)
        ).deleted_by
        == operator
    )
