"""Fees, participation, value reviews and twin-town notes, added one at a time through the API."""

import pytest

from samverkan.registry.models import (
    MembershipFee,
    NetworkMembership,
    ParticipationEntry,
    TwinTown,
    TwinTownNote,
    ValueReview,
)


@pytest.fixture
def sern(demo):
    return NetworkMembership.objects.get(
        municipality=demo.motala, organisation__name__startswith="SERN"
    )


def _fields(response):
    assert response.status_code == 400, response.content
    return sorted({error["field"] for error in response.json()["errors"]})


def test_add_a_fee_and_refuse_a_second_for_the_same_year(demo, call_as, sern):
    api = call_as("coordinator", via="token")
    response = api.post(f"/memberships/{sern.pk}/fees", {"year": 2026, "amount": "13000.50"})
    assert response.status_code == 201, response.content
    assert (response.json()["amount"], response.json()["currency"]) == ("13000.50", "SEK")
    count = MembershipFee.objects.count()
    again = api.post(f"/memberships/{sern.pk}/fees", {"year": 2026, "amount": "1"})
    assert _fields(again) == ["year"]
    assert _fields(api.post(f"/memberships/{sern.pk}/fees", {"year": 2027, "amount": "-5"}))
    assert _fields(
        api.post(f"/memberships/{sern.pk}/fees", {"year": 2027, "amount": "5", "currency": "USD"})
    ) == ["currency"]
    assert MembershipFee.objects.count() == count
    detail = api.get(f"/memberships/{sern.pk}").json()
    assert detail["fees"][0] == {
        "id": response.json()["id"],
        "year": 2026,
        "amount": "13000.50",
        "currency": "SEK",
    }


def test_value_review(demo, call_as, sern):
    api = call_as("admin")
    payload = {"year": 2026, "benefits": "Ett projekt.", "recommendation": "leave"}
    response = api.post(f"/memberships/{sern.pk}/value-reviews", payload)
    assert response.status_code == 201, response.content
    assert response.json()["recommendation_label"]
    assert _fields(api.post(f"/memberships/{sern.pk}/value-reviews", payload)) == ["year"]
    assert _fields(
        api.post(f"/memberships/{sern.pk}/value-reviews", {**payload, "year": 2027, "benefits": ""})
    ) == ["benefits"]
    assert ValueReview.objects.filter(membership=sern, year=2026).count() == 1


def test_a_committee_editor_logs_participation_for_their_own_committee(demo, call_as, sern):
    assert demo.own_committee in sern.participating_committees.all()
    api = call_as("editor")
    entry = {"occurred_on": "2026-05-20", "description": "Generalförsamling."}
    count = ParticipationEntry.objects.count()
    # Without a committee, or for another committee, the entry is not theirs to log.
    assert _fields(api.post(f"/memberships/{sern.pk}/participation", entry)) == ["committee"]
    other = api.post(
        f"/memberships/{sern.pk}/participation", {**entry, "committee": demo.other_committee.pk}
    )
    assert _fields(other) == ["committee"]
    assert ParticipationEntry.objects.count() == count
    response = api.post(
        f"/memberships/{sern.pk}/participation", {**entry, "committee": demo.own_committee.pk}
    )
    assert response.status_code == 201, response.content
    assert response.json()["committee_name"] == "Bildningsnämnden"
    # Fees and value reviews stay with those who keep the membership.
    fee = api.post(f"/memberships/{sern.pk}/fees", {"year": 2026, "amount": "1"})
    assert fee.status_code == 403


@pytest.mark.parametrize("username", ["reader", "registrar"])
def test_readers_add_nothing(demo, call_as, sern, username):
    api = call_as(username)
    twin_town = TwinTown.objects.filter(municipality=demo.motala).first()
    counts = (MembershipFee.objects.count(), ParticipationEntry.objects.count())
    responses = [
        api.post(f"/memberships/{sern.pk}/fees", {"year": 2026, "amount": "1"}),
        api.post(
            f"/memberships/{sern.pk}/participation",
            {"occurred_on": "2026-05-20", "description": "x", "committee": demo.own_committee.pk},
        ),
        api.post(
            f"/memberships/{sern.pk}/value-reviews",
            {"year": 2026, "benefits": "x", "recommendation": "keep"},
        ),
        api.post(f"/twin-towns/{twin_town.pk}/notes", {"noted_on": "2026-05-20", "text": "x"}),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert (MembershipFee.objects.count(), ParticipationEntry.objects.count()) == counts


def test_twin_town_notes(demo, call_as):
    twin_town = TwinTown.objects.get(municipality=demo.motala, partner__name="Hyvinge")
    api = call_as("coordinator")
    response = api.post(
        f"/twin-towns/{twin_town.pk}/notes", {"noted_on": "2026-11-20", "text": "Möte om utbyte."}
    )
    assert response.status_code == 201, response.content
    assert api.get(f"/twin-towns/{twin_town.pk}").json()["notes"][0]["text"] == "Möte om utbyte."
    notes = f"/twin-towns/{twin_town.pk}/notes"
    assert _fields(api.post(notes, {"noted_on": "soon", "text": "x"})) == ["noted_on"]
    assert _fields(api.post(notes, {"noted_on": "2026-11-21", "text": ""})) == ["text"]
    foreign = call_as("vadstena-coordinator", via="token").post(
        f"/twin-towns/{twin_town.pk}/notes", {"noted_on": "2026-11-20", "text": "Kapat."}
    )
    assert foreign.status_code == 404
    assert not TwinTownNote.objects.filter(text="Kapat.").exists()
