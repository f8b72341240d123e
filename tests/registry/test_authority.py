"""Decision authority: the policy pack's rules refuse a decision by the wrong body."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.organisation.models import Body
from samverkan.registry.authority import violations
from samverkan.registry.forms import DecisionForm
from samverkan.registry.models import Decision, DecisionType, Partner, TwinTown

MEETING = datetime.date(2026, 3, 9)


def _decision_form(demo, body, decision_type, paragraph=12, number="26/KS 0042"):
    return DecisionForm(
        {
            "body": body.pk,
            "decision_type": decision_type,
            "meeting_date": MEETING.isoformat(),
            "registration_number": number,
            "paragraph": paragraph,
            "title": "Vänortsavtal med Hyvinge",
        },
        instance=Decision(municipality=demo.motala),
        municipality=demo.motala,
    )


def _board(demo):
    return Body.objects.get(municipality=demo.motala, kind=Body.Kind.EXECUTIVE_BOARD)


def test_twin_town_agreement_by_the_board_is_refused_with_the_clause(demo):
    form = _decision_form(demo, _board(demo), DecisionType.TWIN_TOWN_AGREEMENT)
    assert not form.is_valid()
    assert form.errors["body"] == ["Vänortsavtal beslutas av kommunfullmäktige (P12)."]
    assert not Decision.objects.filter(meeting_date=MEETING).exists()


def test_twin_town_agreement_by_the_council_is_recorded(demo):
    form = _decision_form(demo, demo.council, DecisionType.TWIN_TOWN_AGREEMENT, number="26/KS 0042")
    assert form.is_valid(), form.errors
    decision = form.save()
    assert decision.year == 2026


@pytest.mark.parametrize("number", ["15-KS-0089", "KS 0089", "15/KS 89", ""])
def test_registration_number_follows_the_policy_pattern(demo, number):
    form = _decision_form(demo, demo.council, DecisionType.POLICY, number=number)
    assert not form.is_valid()
    assert "registration_number" in form.errors


def test_a_paragraph_is_unique_per_body_and_year(demo):
    first = _decision_form(demo, demo.council, DecisionType.POLICY)
    assert first.is_valid(), first.errors
    first.save()
    again = _decision_form(demo, demo.council, DecisionType.OTHER, number="26/KS 0050")
    assert not again.is_valid()
    assert "§ 12" in again.errors["paragraph"][0]


def test_a_body_of_another_municipality_is_not_a_choice(demo):
    form = _decision_form(demo, demo.vadstena_body, DecisionType.OTHER)
    assert not form.is_valid()
    assert "body" in form.errors


def test_imported_decision_by_the_wrong_body_is_flagged_not_hidden(demo):
    # Imported data skips the forms: the rule still finds it.
    decision = Decision.objects.create(
        municipality=demo.motala,
        body=_board(demo),
        decision_type=DecisionType.TWIN_TOWN_AGREEMENT,
        meeting_date=MEETING,
        registration_number="26/KS 0001",
        paragraph=1,
        title="Importerat",
    )
    found = violations(demo.motala.pk)
    messages = {v.message for v in found if v.record == decision}
    assert messages == {"Vänortsavtal beslutas av kommunfullmäktige (P12)."}


def test_a_new_twin_town_needs_its_consideration_before_the_decision(demo):
    partner = Partner.objects.create(
        municipality=demo.motala, name="Busseto", kind=Partner.Kind.MUNICIPALITY, country="IT"
    )
    decision = Decision.objects.create(
        municipality=demo.motala,
        body=demo.council,
        decision_type=DecisionType.TWIN_TOWN_RELATION,
        meeting_date=MEETING,
        registration_number="26/KS 0002",
        paragraph=2,
        title="Ny vänort",
    )
    twin = TwinTown(
        municipality=demo.motala, partner=partner, status=TwinTown.Status.DECIDED, decision=decision
    )
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "P11" in refused.value.message_dict["decision"][0]
    for name in TwinTown.CONSIDERATION_FIELDS:
        setattr(twin, name, "Genomtänkt.")
    twin.full_clean()
