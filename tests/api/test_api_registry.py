"""The six registers through the API: reading, filters, writing, conflicts, the trash, queries."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from samverkan.api.endpoints.agreements import AgreementUpdate
from samverkan.api.endpoints.contacts import ContactUpdate
from samverkan.api.endpoints.decisions import DecisionUpdate
from samverkan.api.endpoints.memberships import MembershipUpdate
from samverkan.api.endpoints.partners import PartnerUpdate
from samverkan.api.endpoints.twin_towns import TwinTownUpdate
from samverkan.api.openapi import openapi_text
from samverkan.history.models import DeletedRecord
from samverkan.organisation.models import Body
from samverkan.registry.models import (
    Agreement,
    Contact,
    Decision,
    DecisionType,
    NetworkMembership,
    Partner,
    TwinTown,
)

D = datetime.date
KF_MESSAGE = "Vänortsavtal beslutas av kommunfullmäktige (P12)."
UPDATES = {
    "partners": PartnerUpdate,
    "contacts": ContactUpdate,
    "decisions": DecisionUpdate,
    "twin-towns": TwinTownUpdate,
    "agreements": AgreementUpdate,
    "memberships": MembershipUpdate,
}


def payload_from(resource, record_json, **changes):
    """What a client PUTs back: the record as read, limited to the input fields."""
    fields = UPDATES[resource].model_fields
    return {**{name: record_json[name] for name in fields}, **changes}


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _partner(demo, name, **fields):
    fields = {"kind": Partner.Kind.MUNICIPALITY, "country": "DE", **fields}
    return Partner.objects.create(municipality=demo.motala, name=name, **fields)


def _decision(demo, body, paragraph, **fields):
    fields = {
        "decision_type": "other",
        "meeting_date": D(2025, 3, 4),
        "registration_number": f"25/KS {paragraph:04}",
        "title": f"Beslut {paragraph}",
        **fields,
    }
    return Decision.objects.create(
        municipality=demo.motala, body=body, paragraph=paragraph, **fields
    )


def _motala(model, **filters):
    return model.objects.get(municipality__code="0583", **filters)


# Reading and filters ----------------------------------------------------------------


def test_partner_list_filters(demo, call_as):
    api = call_as("coordinator", via="token")
    everything = api.get("/partners", {"page_size": 100}).json()
    assert everything["count"] == Partner.objects.filter(municipality=demo.motala).count()
    hyvinge = _motala(Partner, name="Hyvinge")
    assert _ids(api.get("/partners", {"country": "fi"})) == {hyvinge.pk}
    networks = api.get("/partners", {"kind": "network", "page_size": 100}).json()["items"]
    assert networks and {p["kind"] for p in networks} == {"network"}
    nordic = api.get("/partners", {"group": "nordic", "page_size": 100}).json()["items"]
    assert {"FI", "NO", "DK", "SE"} >= {p["country"] for p in nordic} >= {"FI", "NO"}
    assert _ids(api.get("/partners", {"q": "hyvink"})) == {hyvinge.pk}  # the local name
    data = api.get(f"/partners/{hyvinge.pk}").json()
    assert (data["country"], data["local_name"], data["kind"]) == ("FI", "Hyvinkää", "municipality")
    assert data["country_groups"] == ["nordic", "eu", "eea"]
    assert data["country_name"] and data["kind_label"]


def test_decision_list_filters_and_flags(demo, call_as):
    api = call_as("reader")
    decisions = Decision.objects.filter(municipality=demo.motala)
    assert api.get("/decisions").json()["count"] == decisions.count()
    council = {d["body"] for d in api.get("/decisions", {"body": demo.council.pk}).json()["items"]}
    assert council == {demo.council.pk}
    in_1998 = api.get("/decisions", {"year": 1998}).json()["items"]
    assert {d["registration_number"] for d in in_1998} == {"98/KS 0153", "98/KS 0154"}
    relations = api.get("/decisions", {"decision_type": "twin_town_relation"}).json()
    assert relations["count"] == 3
    # Labels come in the caller's language: Swedish unless asked otherwise.
    with translation.override("sv"):
        expected = str(DecisionType.TWIN_TOWN_RELATION.label)
    assert {d["decision_type_label"] for d in relations["items"]} == {expected}
    assert [d["title"] for d in api.get("/decisions", {"q": "17/KS"}).json()["items"]] == [
        "EU-handslag"
    ]
    # The imported breach is flagged, with the policy's words, and can be listed alone.
    breach = decisions.get(registration_number="19/KS 0140")
    flagged = api.get("/decisions", {"flagged": "true"}).json()["items"]
    assert [(d["id"], d["flags"]) for d in flagged] == [(breach.pk, [KF_MESSAGE])]
    clean = api.get("/decisions", {"flagged": "false", "page_size": 100}).json()
    assert clean["count"] == decisions.count() - 1
    assert all(d["flags"] == [] for d in clean["items"])
    detail = api.get(f"/decisions/{breach.pk}").json()
    assert (detail["body_name"], detail["body_kind"]) == ("Kommunstyrelsen", "executive_board")
    assert detail["flags"] == [KF_MESSAGE]
    assert [a["name"] for a in detail["agreements"]] == ["Vänortsavtal med Hyvinge (importerat)"]


def test_decision_documents_hide_confidential_ones_from_readers(demo, call_as):
    decision = _motala(Decision, registration_number="24/KS 0187")
    document = decision.documents.get()
    assert call_as("reader").get(f"/decisions/{decision.pk}").json()["documents"][0]["id"] == (
        document.pk
    )
    decision.documents.update(is_public=False, confidentiality_ground="21 kap. 1 § OSL")
    assert call_as("reader").get(f"/decisions/{decision.pk}").json()["documents"] == []
    shown = call_as("registrar").get(f"/decisions/{decision.pk}").json()["documents"]
    assert [(d["id"], d["confidentiality_ground"]) for d in shown] == [
        (document.pk, "21 kap. 1 § OSL")
    ]


def test_twin_town_list_filters_and_detail(demo, call_as):
    api = call_as("coordinator")
    paused = api.get("/twin-towns", {"status": "paused"}).json()["items"]
    with translation.override("sv"):
        paused_label = str(TwinTown.Status.PAUSED.label)
    assert [(t["partner_name"], t["status_label"]) for t in paused] == [("Eigersund", paused_label)]
    english = api.client.get(
        "/api/v1/twin-towns", {"status": "paused"}, headers={"Accept-Language": "en"}
    )
    assert english.json()["items"][0]["status_label"] == "Paused"
    assert paused[0]["status_reason"]
    daugavpils = _motala(TwinTown, partner__name="Daugavpils")
    data = api.get(f"/twin-towns/{daugavpils.pk}").json()
    assert (data["country"], data["agreement_title"]) == (
        "LV",
        "Samarbetsavtal mellan Motala och Daugavpils",
    )
    assert data["decision"] == daugavpils.decision_id
    assert data["decision_label"].startswith("KF 1998-05-25 § 61")
    assert data["contacts"] == [c.pk for c in daugavpils.contacts.all()]
    assert data["contact_names"] == ["Jānis Piemērs"]
    assert [n["text"] for n in data["notes"]] == [n.text for n in daugavpils.notes.all()]
    # Reviewed every 24 months (the default setting) from the start of the relation.
    assert data["review_due_on"] == "2000-07-01"
    assert data["flags"] == []


def test_agreement_renewal_window(demo, call_as):
    api = call_as("reader")
    today = timezone.localdate()
    due = api.get("/agreements", {"renewal_within_days": 90}).json()["items"]
    assert "Avsiktsförklaring om skolutbyte Nykyrka skola – Busseto" in {a["title"] for a in due}
    end = today + datetime.timedelta(days=90)
    for agreement in due:
        dates = [agreement["valid_until"], agreement["renewal_due_on"]]
        assert any(d and today <= D.fromisoformat(d) <= end for d in dates)
    assert api.get("/agreements", {"renewal_within_days": 0}).json()["count"] == 0
    partnerships = api.get("/agreements", {"kind": "municipal_partnership"}).json()["items"]
    assert [(a["party_names"], a["signing_body_name"]) for a in partnerships] == [
        (["Daugavpils"], "Kommunstyrelsen")
    ]
    imported = api.get("/agreements", {"q": "importerat"}).json()["items"]
    assert [a["flags"] for a in imported] == [[KF_MESSAGE]]


def test_membership_list_filters_and_nested_detail(demo, call_as):
    api = call_as("reader")
    by_committee = NetworkMembership.objects.filter(municipality=demo.motala, scope="committee")
    committee = api.get("/memberships", {"scope": "committee"}).json()["items"]
    assert {(m["organisation_name"], m["committee_name"]) for m in committee} == {
        (m.organisation.name, m.committee.name) for m in by_committee
    }
    assert committee and all(m["committee"] for m in committee)
    today = timezone.localdate()
    all_memberships = NetworkMembership.objects.filter(municipality=demo.motala)
    active = {m.pk for m in all_memberships if m.is_active_on(today)}
    assert _ids(api.get("/memberships", {"active": "true"})) == active
    assert _ids(api.get("/memberships", {"active": "false"})) == (
        set(all_memberships.values_list("pk", flat=True)) - active
    )
    culture = Body.objects.get(municipality=demo.motala, name="Kultur- och fritidsnämnden")
    with_culture = api.get("/memberships", {"committee": culture.pk}).json()["items"]
    assert "SERN – Sweden Emilia Romagna Network" in {m["organisation_name"] for m in with_culture}
    assert all(culture.pk in m["participating_committees"] for m in with_culture)
    cemr = api.get("/memberships", {"q": "CEMR"}).json()["items"][0]
    assert cemr["held_through_name"] == "Sveriges Kommuner och Regioner (SKR)"
    sern = _motala(NetworkMembership, organisation__name__startswith="SERN")
    data = api.get(f"/memberships/{sern.pk}").json()
    assert [(f["year"], f["amount"], f["currency"]) for f in data["fees"]] == [
        (2025, "12500.00", "SEK"),
        (2024, "12000.00", "SEK"),
    ]
    assert {p["kind"] for p in data["participation"]} == {"role", "meeting"}
    assert [r["recommendation"] for r in data["value_reviews"]] == ["keep"]
    assert sorted(data["participating_committee_names"]) == [
        "Bildningsnämnden",
        "Kultur- och fritidsnämnden",
    ]
    assert data["decision_label"].startswith("KS 2008-12-09 § 250")


# Writing ------------------------------------------------------------------------------


def test_create_and_update_a_partner(demo, call_as):
    api = call_as("coordinator")
    response = api.post(
        "/partners",
        {"name": "Tartu", "kind": "municipality", "country": "ee", "city": "Tartu"},
    )
    assert response.status_code == 201, response.content
    created = response.json()
    partner = Partner.objects.get(pk=created["id"])
    assert (partner.municipality, partner.country.code, created["version"]) == (
        demo.motala,
        "EE",
        1,
    )
    changed = api.put(
        f"/partners/{partner.pk}", payload_from("partners", created, website="tartu.ee")
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["website"], changed.json()["version"]) == ("https://tartu.ee", 2)
    assert partner.history.count() == 2


def test_record_a_decision_and_change_its_year(demo, call_as):
    api = call_as("registrar", via="token")
    response = api.post(
        "/decisions",
        {
            "body": demo.council.pk,
            "decision_type": "twin_town_agreement",
            "meeting_date": "2025-06-16",
            "registration_number": "25/KS 0200",
            "paragraph": 88,
            "title": "Vänortsavtal med Tartu",
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["year"], created["body_name"], created["flags"]) == (
        2025,
        "Kommunfullmäktige",
        [],
    )
    moved = api.put(
        f"/decisions/{created['id']}",
        payload_from("decisions", created, meeting_date="2024-12-09"),
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["year"] == 2024
    decision = Decision.objects.get(pk=created["id"])
    assert (decision.year, decision.version) == (2024, 2)


def test_create_a_twin_town_with_its_agreement_and_decision(demo, call_as):
    api = call_as("coordinator")
    tartu = _partner(demo, "Tartu", country="EE")
    decision = _decision(
        demo, demo.council, 90, decision_type="twin_town_relation", meeting_date=D(2025, 6, 16)
    )
    agreement = api.post(
        "/agreements",
        {"kind": "twin_town_agreement", "title": "Vänortsavtal Tartu", "parties": [tartu.pk]},
    )
    assert agreement.status_code == 201, agreement.content
    contact = Contact.objects.create(municipality=demo.motala, partner=tartu, name="Mari Näide")
    consideration = dict.fromkeys(TwinTown.CONSIDERATION_FIELDS, "Övervägt.")
    response = api.post(
        "/twin-towns",
        {
            "partner": tartu.pk,
            "status": "decided",
            "since": "2025-07-01",
            "agreement": agreement.json()["id"],
            "decision": decision.pk,
            "contacts": [contact.pk],
            **consideration,
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["partner_name"], data["agreement"], data["contacts"], data["flags"]) == (
        "Tartu",
        agreement.json()["id"],
        [contact.pk],
        [],
    )
    assert data["consideration_complete"] is True
    twin = TwinTown.objects.get(pk=data["id"])
    assert list(twin.contacts.all()) == [contact]


def test_create_a_membership_with_participating_committees(demo, call_as):
    api = call_as("coordinator")
    network = _partner(demo, "Eurocities", kind="network", country="BE")
    decision = _decision(demo, demo.board, 91, decision_type="membership_municipality")
    committees = [demo.own_committee.pk, demo.other_committee.pk]
    response = api.post(
        "/memberships",
        {
            "organisation": network.pk,
            "started_on": "2025-01-01",
            "decision": decision.pk,
            "participating_committees": committees,
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert sorted(data["participating_committees"]) == sorted(committees)
    assert (data["scope"], data["active"], data["fees"]) == ("municipality", True, [])
    membership = NetworkMembership.objects.get(pk=data["id"])
    assert sorted(membership.participating_committees.values_list("pk", flat=True)) == sorted(
        committees
    )
    # Replacing the committees is one PUT with the full list.
    changed = api.put(
        f"/memberships/{membership.pk}",
        payload_from("memberships", data, participating_committees=[demo.own_committee.pk]),
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["participating_committees"] == [demo.own_committee.pk]


# Conflicts ----------------------------------------------------------------------------


def _one_of_each(demo):
    """A fresh, unreferenced record of each register, as (resource, record, field to change)."""
    partner = _partner(demo, "Testkommun")
    contact = Contact.objects.create(municipality=demo.motala, partner=partner, name="Test Person")
    return [
        ("partners", partner, "description"),
        ("contacts", contact, "notes"),
        ("decisions", _decision(demo, demo.own_committee, 501), "text"),
        (
            "twin-towns",
            TwinTown.objects.create(municipality=demo.motala, partner=partner),
            "description",
        ),
        (
            "agreements",
            _agreement(demo, partner, signing_body=demo.own_committee),
            "description",
        ),
        (
            "memberships",
            NetworkMembership.objects.create(
                municipality=demo.motala,
                organisation=partner,
                scope="committee",
                committee=demo.own_committee,
                started_on=D(2024, 1, 1),
            ),
            "description",
        ),
    ]


def _agreement(demo, party, **fields):
    agreement = Agreement.objects.create(
        municipality=demo.motala, kind="other", title="Testavtal", **fields
    )
    agreement.parties.set([party])
    return agreement


@pytest.mark.parametrize("resource", list(UPDATES))
def test_stale_update_answers_409_with_the_current_record(demo, call_as, resource):
    record, field = next((r, f) for name, r, f in _one_of_each(demo) if name == resource)
    api = call_as("coordinator")
    read = api.get(f"/{resource}/{record.pk}").json()
    first = api.put(f"/{resource}/{record.pk}", payload_from(resource, read, **{field: "Först"}))
    assert first.status_code == 200, first.content
    second = api.put(f"/{resource}/{record.pk}", payload_from(resource, read, **{field: "Sist"}))
    assert second.status_code == 409
    conflict = second.json()
    assert set(conflict) == {"message", "current"}
    assert (conflict["current"][field], conflict["current"]["version"]) == ("Först", 2)
    record.refresh_from_db()
    assert (getattr(record, field), record.version) == ("Först", 2)


# Deleting -----------------------------------------------------------------------------


@pytest.mark.parametrize("resource", list(UPDATES))
def test_delete_moves_the_record_to_the_trash(demo, call_as, resource):
    records = {name: record for name, record, _field in _one_of_each(demo)}
    # Delete the dependants first so that the partner is free to go last.
    record = records[resource]
    if resource == "partners":
        for name in ("contacts", "twin-towns", "agreements", "memberships"):
            records[name].delete()
    api = call_as("coordinator", via="token")
    response = api.delete(f"/{resource}/{record.pk}")
    assert response.status_code == 204, response.content
    assert response.content == b""
    entry = DeletedRecord.objects.get(
        model_label=record._meta.label_lower, object_id=str(record.pk)
    )
    assert (entry.municipality, entry.deleted_by) == (demo.motala, demo.users["coordinator"])
    assert not type(record).objects.filter(pk=record.pk).exists()
    assert api.get(f"/{resource}/{record.pk}").status_code == 404


def test_a_record_still_in_use_is_not_deleted(demo, call_as):
    hyvinge = _motala(Partner, name="Hyvinge")
    decision = _motala(Decision, registration_number="98/KS 0153")
    api = call_as("coordinator")
    for path in (f"/partners/{hyvinge.pk}", f"/decisions/{decision.pk}"):
        response = api.delete(path)
        assert response.status_code == 409
        assert set(response.json()) == {"message"}
    assert Partner.objects.filter(pk=hyvinge.pk).exists()
    assert Decision.objects.filter(pk=decision.pk).exists()
    assert not DeletedRecord.objects.filter(model_label__startswith="registry.").exists()


# Query counts do not grow with the rows ---------------------------------------------


def _count_queries(api, path):
    # The first request after a change fills the role's cached committees: count the next.
    api.get(path, {"page_size": 100})
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, {"page_size": 100})
    assert response.status_code == 200, response.content
    return len(queries), response.json()["count"]


def _add_rows(demo, n):
    """n more of everything, each with its related records, some breaking the rules."""
    for i in range(n):
        partner = _partner(demo, f"Radkommun {i}")
        Contact.objects.create(municipality=demo.motala, partner=partner, name=f"Person {i}")
        relation = _decision(
            demo, demo.board, 600 + i, decision_type="twin_town_relation"
        )  # by the wrong body: flagged
        twin = TwinTown.objects.create(
            municipality=demo.motala, partner=partner, status="active", decision=relation
        )
        twin.contacts.set(Contact.objects.filter(partner=partner))
        TwinTown.objects.create(
            municipality=demo.motala,
            partner=partner,
            status="active",
            decision=_decision(
                demo,
                demo.council,
                700 + i,
                decision_type="twin_town_relation",
                meeting_date=D(2025, 5, 5),
            ),  # decided under the policy without a consideration: flagged
        )
        _agreement(
            demo,
            partner,
            signing_body=demo.board,
            decision=_decision(demo, demo.board, 800 + i, decision_type="twin_town_agreement"),
        )
        membership = NetworkMembership.objects.create(
            municipality=demo.motala,
            organisation=partner,
            started_on=D(2024, 1, 1),
            decision=_decision(
                demo, demo.council, 900 + i, decision_type="membership_municipality"
            ),
        )
        membership.participating_committees.set([demo.own_committee, demo.other_committee])


@pytest.mark.parametrize(
    "resource", ["partners", "contacts", "decisions", "twin-towns", "agreements", "memberships"]
)
def test_list_queries_do_not_grow_with_rows(demo, call_as, resource):
    api = call_as("coordinator")
    before, count_before = _count_queries(api, f"/{resource}")
    _add_rows(demo, 5)
    after, count_after = _count_queries(api, f"/{resource}")
    assert count_after > count_before
    assert after == before


def test_flags_of_a_list_are_those_of_each_record(demo, call_as):
    _add_rows(demo, 2)
    api = call_as("reader")
    twins = api.get("/twin-towns", {"page_size": 100}).json()["items"]
    flagged = {t["id"]: t["flags"] for t in twins if t["flags"]}
    for twin in TwinTown.objects.filter(pk__in=flagged):
        assert api.get(f"/twin-towns/{twin.pk}").json()["flags"] == flagged[twin.pk]
    assert len(flagged) == 4
    memberships = api.get("/memberships", {"page_size": 100}).json()["items"]
    assert sum(1 for m in memberships if m["flags"]) == 2


# The OpenAPI document ----------------------------------------------------------------


def test_openapi_document_lists_the_six_registers():
    document = json.loads(openapi_text())
    paths = document["paths"]
    for resource in UPDATES:
        assert set(paths[f"/api/v1/{resource}"]) == {"get", "post"}
        item = paths[f"/api/v1/{resource}/{{{resource.replace('-', '_')[:-1]}_id}}"]
        assert set(item) == {"get", "put", "delete"}
        assert item["put"]["responses"].keys() >= {"200", "400", "401", "403", "404", "409"}
        assert paths[f"/api/v1/{resource}"]["get"]["tags"] == [resource]
    assert "post" in paths["/api/v1/contacts/{contact_id}/erase"]
    assert "get" in paths["/api/v1/contacts/{contact_id}/export"]
    operation_ids = {
        operation["operationId"] for item in paths.values() for operation in item.values()
    }
    assert {"list_twin_towns", "update_agreement", "erase_contact", "export_contact"} <= (
        operation_ids
    )
    # Bad input is 400 everywhere, never ninja's 422.
    assert not any("422" in op["responses"] for item in paths.values() for op in item.values())
