"""Domain rules in the models' clean(): periods, scopes, twin-town life cycle, unique partners."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.registry.models import (
    Agreement,
    Decision,
    DecisionType,
    NetworkMembership,
    Partner,
    TwinTown,
)

D = datetime.date
P13_MEMBERSHIP = (
    "Medlemskap i internationella nätverk och organisationer som omfattar hela kommunen "
    "beslutas av kommunstyrelsen (P13)."
)


def _partner(demo, name="Testkommun", kind=Partner.Kind.MUNICIPALITY, country="DE", **fields):
    return Partner.objects.create(
        municipality=demo.motala, name=name, kind=kind, country=country, **fields
    )


MEETING = D(2025, 4, 7)


def _decision(demo, body, decision_type, paragraph, meeting_date=MEETING):
    # Written directly, as an import would: the tests below check the item's own rules.
    return Decision.objects.create(
        municipality=demo.motala,
        body=body,
        decision_type=decision_type,
        meeting_date=meeting_date,
        registration_number=f"25/KS {paragraph:04d}",
        paragraph=paragraph,
        title="Testbeslut",
    )


def _errors(record) -> dict:
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    return refused.value.message_dict


# Periods ---------------------------------------------------------------------------------


def test_an_agreement_cannot_end_before_it_starts(demo):
    agreement = Agreement(
        municipality=demo.motala,
        kind=Agreement.Kind.LETTER_OF_INTENT,
        title="Avsiktsförklaring",
        valid_from=D(2025, 5, 1),
        valid_until=D(2025, 4, 30),
    )
    assert list(_errors(agreement)) == ["valid_until"]
    agreement.valid_until = D(2025, 5, 1)  # a one-day agreement is a period
    agreement.full_clean()


def test_a_membership_cannot_end_before_it_starts(demo):
    membership = NetworkMembership(
        municipality=demo.motala,
        organisation=_partner(demo, "Nätverket", Partner.Kind.NETWORK, "BE"),
        started_on=D(2025, 1, 1),
        ended_on=D(2024, 12, 31),
    )
    assert list(_errors(membership)) == ["ended_on"]


def test_a_twin_town_cannot_end_before_it_began(demo):
    end = _decision(demo, demo.council, DecisionType.TWIN_TOWN_END, 31)
    twin = TwinTown(
        municipality=demo.motala,
        partner=_partner(demo),
        status=TwinTown.Status.ENDED,
        status_reason="Säkerhetspolitiska skäl.",
        since=D(2010, 5, 1),
        ended_on=D(2009, 1, 1),
        end_decision=end,
    )
    assert "ended_on" in _errors(twin)


# Memberships -----------------------------------------------------------------------------


def _membership(demo, **fields):
    return NetworkMembership(
        municipality=demo.motala,
        organisation=_partner(demo, "Skolnätverket", Partner.Kind.NETWORK, "DK"),
        started_on=D(2025, 1, 1),
        **fields,
    )


def test_a_membership_of_one_committee_needs_the_committee(demo):
    membership = _membership(demo, scope=NetworkMembership.Scope.COMMITTEE)
    assert list(_errors(membership)) == ["committee"]
    membership.committee = demo.own_committee
    membership.full_clean()
    assert membership.owning_committees() == {demo.own_committee.pk}


def test_a_whole_municipality_membership_forgets_a_stray_committee(demo):
    membership = _membership(
        demo, scope=NetworkMembership.Scope.MUNICIPALITY, committee=demo.own_committee
    )
    membership.full_clean()
    assert membership.committee is None


def test_a_whole_municipality_membership_decided_by_a_committee_is_refused_with_p13(demo):
    by_committee = _decision(demo, demo.own_committee, DecisionType.MEMBERSHIP_MUNICIPALITY, 40)
    membership = _membership(
        demo, scope=NetworkMembership.Scope.MUNICIPALITY, decision=by_committee
    )
    assert _errors(membership) == {"decision": [P13_MEMBERSHIP]}

    membership.decision = _decision(demo, demo.board, DecisionType.MEMBERSHIP_MUNICIPALITY, 41)
    membership.full_clean()


def test_a_committee_membership_is_decided_by_the_committee(demo):
    membership = _membership(
        demo,
        scope=NetworkMembership.Scope.COMMITTEE,
        committee=demo.own_committee,
        decision=_decision(demo, demo.board, DecisionType.MEMBERSHIP_COMMITTEE, 42),
    )
    assert "(kommunens inställning" in _errors(membership)["decision"][0]
    membership.decision = _decision(demo, demo.own_committee, DecisionType.MEMBERSHIP_COMMITTEE, 43)
    membership.full_clean()


def test_a_membership_needs_a_decision_of_the_matching_type(demo):
    membership = _membership(
        demo,
        scope=NetworkMembership.Scope.MUNICIPALITY,
        decision=_decision(demo, demo.board, DecisionType.COOPERATION_AGREEMENT, 44),
    )
    assert list(_errors(membership)) == ["decision"]


# Twin towns ------------------------------------------------------------------------------


def _ended_twin(demo, **fields):
    return TwinTown(
        municipality=demo.motala,
        partner=_partner(demo),
        status=TwinTown.Status.ENDED,
        status_reason="Relationen har inte varit aktiv på tio år.",
        since=D(1990, 1, 1),
        ended_on=D(2025, 4, 7),
        **fields,
    )


def test_an_ended_twin_town_needs_the_councils_end_decision(demo):
    twin = _ended_twin(demo)
    assert list(_errors(twin)) == ["end_decision"]

    twin.end_decision = _decision(demo, demo.board, DecisionType.TWIN_TOWN_END, 50)
    message = _errors(twin)["end_decision"][0]
    assert message.endswith("beslutas av kommunfullmäktige (P12).")

    twin.end_decision = _decision(demo, demo.council, DecisionType.TWIN_TOWN_END, 51)
    twin.full_clean()


def test_an_ended_twin_town_needs_its_reason_and_date(demo):
    twin = _ended_twin(
        demo, end_decision=_decision(demo, demo.council, DecisionType.TWIN_TOWN_END, 52)
    )
    twin.status_reason = "  "
    twin.ended_on = None
    assert set(_errors(twin)) == {"status_reason", "ended_on"}


def test_a_paused_twin_town_needs_a_reason(demo):
    twin = TwinTown(municipality=demo.motala, partner=_partner(demo), status=TwinTown.Status.PAUSED)
    assert "status_reason" in _errors(twin)
    twin.status_reason = "Sanktioner."
    twin.full_clean()


def test_a_twin_town_is_a_municipality_or_region(demo):
    twin = TwinTown(
        municipality=demo.motala,
        partner=_partner(demo, "Ett företag", Partner.Kind.COMPANY),
        status=TwinTown.Status.PROPOSED,
    )
    assert "partner" in _errors(twin)


# Partners --------------------------------------------------------------------------------


def test_a_partner_name_is_unique_per_country(demo):
    _partner(demo, "Växjö universitet", Partner.Kind.UNIVERSITY, "SE")
    again = Partner(
        municipality=demo.motala, name="Växjö universitet", kind="university", country="SE"
    )
    assert list(_errors(again)) == ["name"]
    # The same name in another country, or in another municipality, is another partner.
    Partner(
        municipality=demo.motala, name="Växjö universitet", kind="university", country="NO"
    ).full_clean()
    Partner(
        municipality=demo.vadstena, name="Växjö universitet", kind="university", country="SE"
    ).full_clean()


def test_an_unknown_country_is_refused(demo):
    partner = Partner(municipality=demo.motala, name="Atlantis", kind="municipality", country="XX")
    assert "country" in _errors(partner)


def test_a_citizen_partner_is_a_local_actor_and_not_public(demo):
    citizen = Partner(
        municipality=demo.motala, name="En motalabo", kind=Partner.Kind.CITIZEN, country="SE"
    )
    citizen.full_clean()
    assert citizen.is_local_actor
    assert not citizen.is_public
