"""Who may do what with the registers through the API: roles, tenancy and personal data."""

import datetime

import pytest

from samverkan.api.endpoints.agreements import AgreementUpdate
from samverkan.api.endpoints.contacts import ContactUpdate
from samverkan.api.endpoints.decisions import DecisionUpdate
from samverkan.api.endpoints.memberships import MembershipUpdate
from samverkan.api.endpoints.partners import PartnerUpdate
from samverkan.api.endpoints.twin_towns import TwinTownUpdate
from samverkan.registry.models import (
    Agreement,
    Contact,
    Decision,
    NetworkMembership,
    Partner,
    RegisterSettings,
    TwinTown,
)

D = datetime.date
ANONYMOUS = None
VIAS = ["session", "token"]
UPDATES = {
    "partners": PartnerUpdate,
    "contacts": ContactUpdate,
    "decisions": DecisionUpdate,
    "twin-towns": TwinTownUpdate,
    "agreements": AgreementUpdate,
    "memberships": MembershipUpdate,
}


def payload_from(resource, record_json, **changes):
    fields = UPDATES[resource].model_fields
    return {**{name: record_json[name] for name in fields}, **changes}


# Per register: the record each role works on, and a valid new one --------------------------


def _targets(demo):
    """A fresh record of each register; those with an owner belong to the editor's committee."""
    m = demo.motala
    partner = Partner.objects.create(
        municipality=m, name="Testkommun", kind="municipality", country="DE"
    )
    contact = Contact.objects.create(municipality=m, partner=partner, name="Test Person")
    decision = Decision.objects.create(
        municipality=m,
        body=demo.own_committee,
        decision_type="other",
        meeting_date=D(2025, 3, 4),
        registration_number="25/BIN 0501",
        paragraph=501,
        title="Nämndens beslut",
    )
    twin_town = TwinTown.objects.create(municipality=m, partner=partner)
    agreement = Agreement.objects.create(
        municipality=m, kind="other", title="Nämndens avtal", signing_body=demo.own_committee
    )
    agreement.parties.set([partner])
    membership = NetworkMembership.objects.create(
        municipality=m,
        organisation=partner,
        scope="committee",
        committee=demo.own_committee,
        started_on=D(2024, 1, 1),
    )
    # A partner of its own: the other records keep theirs in use.
    lonely = Partner.objects.create(municipality=m, name="Ensam ort", kind="region", country="DE")
    return {
        "partners": lonely,
        "contacts": contact,
        "decisions": decision,
        "twin-towns": twin_town,
        "agreements": agreement,
        "memberships": membership,
    }


def _new(resource, demo, targets):
    """A valid new record of `resource` for Motala (its ids are Motala's)."""
    partner = targets["partners"]
    return {
        "partners": {"name": "Tartu", "kind": "municipality", "country": "EE"},
        "contacts": {"partner": partner.pk, "name": "Ny Person", "email": "ny@example.org"},
        "decisions": {
            "body": demo.council.pk,
            "decision_type": "other",
            "meeting_date": "2025-06-16",
            "registration_number": "25/KS 0200",
            "paragraph": 88,
            "title": "Nytt beslut",
        },
        "twin-towns": {"partner": partner.pk},
        "agreements": {"kind": "other", "title": "Nytt avtal", "parties": [partner.pk]},
        "memberships": {"organisation": partner.pk, "started_on": "2025-01-01"},
    }[resource]


CHANGED_FIELD = {
    "partners": "description",
    "contacts": "notes",
    "decisions": "text",
    "twin-towns": "description",
    "agreements": "description",
    "memberships": "description",
}

FULL = (200, 200, 201, 200, 204)
READ_ONLY = (200, 200, 403, 403, 403)
NOTHING = (403, 403, 403, 403, 403)
SIGNED_OUT = (401, 401, 401, 401, 401)
# Another municipality: Motala's records do not exist for them, and Motala's ids in a new
# record are "not a valid choice".
FOREIGN_WITH_IDS = (200, 404, 400, 404, 404)

# (list, retrieve, create, update, delete)
EXPECTED = {
    "partners": {
        "admin": FULL,
        "coordinator": FULL,
        "editor": READ_ONLY,
        "registrar": READ_ONLY,
        "reader": READ_ONLY,
        "vadstena-coordinator": (200, 404, 201, 404, 404),
        ANONYMOUS: SIGNED_OUT,
    },
    "contacts": {
        "admin": FULL,
        "coordinator": FULL,
        # A committee editor sees contacts, but does not keep them.
        "editor": READ_ONLY,
        "registrar": NOTHING,
        "reader": NOTHING,
        "vadstena-coordinator": FOREIGN_WITH_IDS,
        ANONYMOUS: SIGNED_OUT,
    },
    "decisions": {
        "admin": FULL,
        "coordinator": FULL,
        # Their committee's decision; the new one is the council's, not theirs (roles.py).
        "editor": (200, 200, 403, 200, 204),
        # Registrars keep the register of decisions: record, correct and remove.
        "registrar": FULL,
        "reader": READ_ONLY,
        "vadstena-coordinator": FOREIGN_WITH_IDS,
        ANONYMOUS: SIGNED_OUT,
    },
    "twin-towns": {
        "admin": FULL,
        "coordinator": FULL,
        "editor": READ_ONLY,
        "registrar": READ_ONLY,
        "reader": READ_ONLY,
        "vadstena-coordinator": FOREIGN_WITH_IDS,
        ANONYMOUS: SIGNED_OUT,
    },
    "agreements": {
        "admin": FULL,
        "coordinator": FULL,
        "editor": (200, 200, 403, 200, 204),
        "registrar": READ_ONLY,
        "reader": READ_ONLY,
        "vadstena-coordinator": FOREIGN_WITH_IDS,
        ANONYMOUS: SIGNED_OUT,
    },
    "memberships": {
        "admin": FULL,
        "coordinator": FULL,
        "editor": (200, 200, 403, 200, 204),
        "registrar": READ_ONLY,
        "reader": READ_ONLY,
        "vadstena-coordinator": FOREIGN_WITH_IDS,
        ANONYMOUS: SIGNED_OUT,
    },
}

CASES = [
    (resource, username, via)
    for resource, table in EXPECTED.items()
    for username in table
    for via in VIAS
]


@pytest.mark.parametrize(
    ("resource", "username", "via"),
    CASES,
    ids=[f"{r}-{u or 'anonymous'}-{v}" for r, u, v in CASES],
)
def test_role_matrix(demo, call_as, caller, client, resource, username, via):
    targets = _targets(demo)
    record = targets[resource]
    model = type(record)
    field = CHANGED_FIELD[resource]
    # Read as an administrator through a token, so the client stays signed out.
    read = call_as("admin", via="token").get(f"/{resource}/{record.pk}").json()
    update = payload_from(resource, read, **{field: "Ändrat"})
    count = model.objects.count()

    api = call_as(username, via=via)
    codes = (
        api.get(f"/{resource}").status_code,
        api.get(f"/{resource}/{record.pk}").status_code,
        api.post(f"/{resource}", _new(resource, demo, targets)).status_code,
        api.put(f"/{resource}/{record.pk}", update).status_code,
        api.delete(f"/{resource}/{record.pk}").status_code,
    )
    assert codes == EXPECTED[resource][username]
    # What was refused left no trace.
    assert model.objects.count() == count + (codes[2] == 201) - (codes[4] == 204)
    if codes[4] != 204:
        record.refresh_from_db()
        assert (getattr(record, field) == "Ändrat") is (codes[3] == 200)
    if codes[2] == 201:
        newest = model.objects.order_by("-pk").first()
        expected = demo.vadstena if username == "vadstena-coordinator" else demo.motala
        assert newest.municipality == expected


def test_signed_in_user_without_a_role_is_refused(demo, client, caller, django_user_model):
    client.force_login(django_user_model.objects.create_user("stranger"))
    api = caller(client)
    targets = _targets(demo)
    for resource, record in targets.items():
        assert api.get(f"/{resource}").status_code == 403
        assert api.get(f"/{resource}/{record.pk}").status_code == 404


# A committee editor keeps their committee's records only --------------------------------


@pytest.mark.parametrize(
    ("resource", "field"),
    [("decisions", "body"), ("agreements", "signing_body"), ("memberships", "committee")],
)
def test_editor_may_not_move_a_record_out_of_their_committee(demo, call_as, resource, field):
    record = _targets(demo)[resource]
    api = call_as("editor")
    read = api.get(f"/{resource}/{record.pk}").json()
    response = api.put(
        f"/{resource}/{record.pk}", payload_from(resource, read, **{field: demo.other_committee.pk})
    )
    assert response.status_code == 403
    assert set(response.json()) == {"message"}
    record.refresh_from_db()
    assert (getattr(record, f"{field}_id"), record.version) == (demo.own_committee.pk, 1)


# Tenancy ---------------------------------------------------------------------------------


@pytest.mark.parametrize("via", VIAS)
def test_foreign_records_answer_404_like_missing_ones(demo, call_as, via):
    targets = _targets(demo)
    reads = {
        resource: call_as("admin", via="token").get(f"/{resource}/{record.pk}").json()
        for resource, record in targets.items()
    }
    api = call_as("vadstena-coordinator", via=via)
    for resource, record in targets.items():
        payload = payload_from(resource, reads[resource], **{CHANGED_FIELD[resource]: "Kapat"})
        for method, args in (("get", ()), ("put", (payload,)), ("delete", ())):
            foreign = getattr(api, method)(f"/{resource}/{record.pk}", *args)
            missing = getattr(api, method)(f"/{resource}/999999", *args)
            assert foreign.status_code == missing.status_code == 404, (resource, method)
            assert foreign.json() == missing.json()
        record.refresh_from_db()
        assert record.version == 1
    contact = targets["contacts"]
    assert api.get(f"/contacts/{contact.pk}/export").status_code == 404
    assert api.post(f"/contacts/{contact.pk}/erase", {}).status_code == 404
    contact.refresh_from_db()
    assert contact.name == "Test Person"


def test_lists_never_show_another_municipalitys_records(demo, call_as):
    targets = _targets(demo)
    api = call_as("vadstena-coordinator", via="token")
    for resource, record in targets.items():
        model = type(record)
        own = set(model.objects.filter(municipality=demo.vadstena).values_list("pk", flat=True))
        listed = api.get(f"/{resource}", {"page_size": 100}).json()
        assert listed["count"] == len(own), resource
        assert {item["id"] for item in listed["items"]} == own
    # Not even by searching for what only Motala has.
    for path in ("/partners", "/twin-towns", "/memberships", "/contacts"):
        assert api.get(path, {"q": "Hyvinge"}).json()["count"] == 0
    assert api.get("/decisions", {"q": "19/KS 0140"}).json()["count"] == 0
    # Vadstena's own records are there.
    vadstena_decisions = api.get("/decisions").json()["items"]
    assert [d["registration_number"] for d in vadstena_decisions] == ["24/KS 0077"]


# Anonymous callers -------------------------------------------------------------------------


def test_anonymous_callers_get_401_and_no_contact_data(demo, client, caller):
    contact = Contact.objects.filter(municipality=demo.motala).exclude(email="").first()
    twin_town = TwinTown.objects.filter(municipality=demo.motala, contacts=contact).first()
    api = caller(client)
    responses = [
        api.get("/contacts"),
        api.get(f"/contacts/{contact.pk}"),
        api.get(f"/contacts/{contact.pk}/export"),
        api.post(f"/contacts/{contact.pk}/erase", {}),
        api.get("/twin-towns"),
        api.get(f"/twin-towns/{twin_town.pk}"),
        api.get("/partners"),
    ]
    for response in responses:
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert set(response.json()) == {"message"}
        body = response.content.decode()
        assert contact.name not in body and contact.email not in body
    contact.refresh_from_db()
    assert contact.erased_at is None


def test_a_revoked_token_reads_no_contacts(demo, client, caller):
    from samverkan.api.actions import create_token, revoke_token

    token, raw = create_token(demo.users["coordinator"])
    revoke_token(token)
    response = caller(client, token=raw).get("/contacts")
    assert response.status_code == 401
    assert "example.org" not in response.content.decode()


# Personal data: who sees contacts ------------------------------------------------------------


def test_contacts_are_never_cached(demo, call_as):
    api = call_as("coordinator")
    contact = Contact.objects.filter(municipality=demo.motala).first()
    for response in (api.get("/contacts"), api.get(f"/contacts/{contact.pk}")):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


def test_twin_town_contacts_only_for_those_who_see_personal_data(demo, call_as):
    twin_town = TwinTown.objects.get(municipality=demo.motala, partner__name="Hyvinge")
    contact_ids = [c.pk for c in twin_town.contacts.all()]
    assert contact_ids
    seen = call_as("editor").get(f"/twin-towns/{twin_town.pk}").json()
    assert (seen["contacts"], seen["contact_names"]) == (contact_ids, ["Aino Exempel"])
    for username in ("reader", "registrar"):
        api = call_as(username)
        detail = api.get(f"/twin-towns/{twin_town.pk}")
        assert (detail.json()["contacts"], detail.json()["contact_names"]) == ([], [])
        assert "Aino" not in detail.content.decode()
        listed = api.get("/twin-towns").content.decode()
        assert "Aino" not in listed and "aino.exempel" not in listed


def test_citizens_are_partners_only_for_those_who_see_personal_data(demo, call_as):
    coordinator = call_as("coordinator", via="token")
    created = coordinator.post(
        "/partners", {"name": "Karin Medborgare", "kind": "citizen", "country": "SE"}
    )
    assert created.status_code == 201, created.content
    # A citizen is always a local actor.
    assert created.json()["is_local_actor"] is True
    citizen = Partner.objects.get(pk=created.json()["id"])
    agreement = Agreement.objects.create(municipality=demo.motala, kind="other", title="Utbyte")
    liu = Partner.objects.get(municipality=demo.motala, name="Linköpings universitet")
    agreement.parties.set([citizen, liu])
    assert coordinator.get(f"/agreements/{agreement.pk}").json()["party_names"] == [
        "Karin Medborgare",
        "Linköpings universitet",
    ]
    reader = call_as("reader")
    assert reader.get(f"/partners/{citizen.pk}").status_code == 404
    assert reader.get("/partners", {"q": "Karin"}).json()["count"] == 0
    party = reader.get(f"/agreements/{agreement.pk}").json()
    assert (party["parties"], party["party_names"]) == ([liu.pk], ["Linköpings universitet"])


# Data-subject requests: export and erasure -----------------------------------------------------


def test_export_gives_everything_kept_about_the_person(demo, call_as):
    contact = Contact.objects.get(municipality=demo.motala, name="Aino Exempel")
    api = call_as("coordinator", via="token")
    response = api.get(f"/contacts/{contact.pk}/export")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["municipality"] == "Motala"
    assert (data["contact"]["name"], data["contact"]["email"]) == (
        "Aino Exempel",
        "aino.exempel@example.org",
    )
    assert data["contact"]["twin_towns"] == ["Hyvinge"]
    assert [version["name"] for version in data["history"]] == ["Aino Exempel"]


@pytest.mark.parametrize("username", ["editor", "registrar", "reader"])
def test_only_keepers_of_personal_data_export_or_erase(demo, call_as, username):
    contact = Contact.objects.get(municipality=demo.motala, name="Aino Exempel")
    api = call_as(username)
    for response in (
        api.get(f"/contacts/{contact.pk}/export"),
        api.post(f"/contacts/{contact.pk}/erase", {}),
    ):
        assert response.status_code == 403
        assert "aino" not in response.content.decode().lower()
    contact.refresh_from_db()
    assert contact.erased_at is None


def test_erasure_blanks_the_person_here_and_in_history(demo, call_as):
    contact = Contact.objects.get(municipality=demo.motala, name="Aino Exempel")
    api = call_as("coordinator")
    read = api.get(f"/contacts/{contact.pk}").json()
    response = api.post(f"/contacts/{contact.pk}/erase", {})
    assert response.status_code == 200, response.content
    erased = response.json()
    assert erased["erased_at"]
    assert (erased["name"], erased["email"], erased["phone"], erased["notes"]) == ("", "", "", "")
    assert erased["partner_name"] == "Hyvinge"  # that a contact existed is kept
    contact.refresh_from_db()
    assert contact.history.exists()
    assert not contact.history.exclude(name="").exists()
    assert not contact.history.exclude(email="").exists()
    # Erasing again changes nothing; editing would bring personal data back, so it is refused.
    assert api.post(f"/contacts/{contact.pk}/erase", {}).status_code == 200
    edit = api.put(f"/contacts/{contact.pk}", payload_from("contacts", read, name="Aino"))
    assert edit.status_code == 409
    assert edit.json()["current"]["name"] == ""
    contact.refresh_from_db()
    assert contact.name == ""
    export = api.get(f"/contacts/{contact.pk}/export").json()
    assert "Aino" not in str(export)


def test_the_retention_rule_comes_before_erasure(demo, call_as):
    RegisterSettings.objects.update_or_create(
        municipality=demo.motala, defaults={"contact_retention_months": 24}
    )
    contact = Contact.objects.get(municipality=demo.motala, name="Aino Exempel")
    response = call_as("admin").post(f"/contacts/{contact.pk}/erase", {})
    assert response.status_code == 409
    assert "24" in response.json()["message"]
    contact.refresh_from_db()
    assert (contact.name, contact.erased_at) == ("Aino Exempel", None)
