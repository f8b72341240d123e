"""Registry: the page and the API make the same change through the same action."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.history.models import DeletedRecord
from samverkan.lib.actions import SYSTEM
from samverkan.registry import actions
from samverkan.registry.models import (
    Contact,
    ControlLogEntry,
    Decision,
    NetworkMembership,
    ParticipationEntry,
    Partner,
    TwinTown,
)


def _two_twin_towns(demo):
    twin_towns = list(TwinTown.objects.filter(municipality=demo.motala).order_by("pk")[:2])
    TwinTown.objects.filter(pk__in=[t.pk for t in twin_towns]).update(last_reviewed_on=None)
    return twin_towns


def test_a_review_moves_the_twin_towns_review_date_through_page_and_api(
    demo, client, call_as, snapshot
):
    on_page, by_api = _two_twin_towns(demo)
    today = timezone.localdate()
    review = {"reviewed_on": today.isoformat(), "reviewed_by": "KS", "findings": "Lever."}
    started = timezone.now()

    client.force_login(demo.users["coordinator"])
    response = client.post(
        reverse("controllog-create", args=["twin-town", on_page.pk]),
        {**review, "reviewed_on": today.isoformat()},
    )
    assert response.status_code == 302
    api = call_as("coordinator")
    assert api.post(f"/twin-towns/{by_api.pk}/control-log", review).status_code == 201

    page_twin = snapshot(on_page, since=started)
    api_twin = snapshot(by_api, since=started)
    assert page_twin["fields"]["last_reviewed_on"] == today
    assert api_twin["fields"]["last_reviewed_on"] == today
    assert page_twin["history"] == api_twin["history"] == [("~", demo.users["coordinator"].pk, "")]

    page_entry = ControlLogEntry.objects.get(object_id=on_page.pk, findings="Lever.")
    api_entry = ControlLogEntry.objects.get(object_id=by_api.pk, findings="Lever.")
    page_values = snapshot(page_entry, since=started)
    api_values = snapshot(by_api_entry := api_entry, since=started)
    page_values["fields"].pop("object_id")
    api_values["fields"].pop("object_id")
    assert page_values == api_values
    assert by_api_entry.reviewed_on == today


def test_an_older_review_leaves_a_later_review_date(demo, call_as):
    twin_town = _two_twin_towns(demo)[0]
    today = timezone.localdate()
    TwinTown.objects.filter(pk=twin_town.pk).update(last_reviewed_on=today)
    earlier = (today - datetime.timedelta(days=30)).isoformat()
    api = call_as("coordinator")
    response = api.post(
        f"/twin-towns/{twin_town.pk}/control-log",
        {"reviewed_on": earlier, "reviewed_by": "KS", "findings": "Efterhand."},
    )
    assert response.status_code == 201
    twin_town.refresh_from_db()
    assert twin_town.last_reviewed_on == today


# Twin towns, decisions, agreements, memberships, contacts ------------------------------------

D = datetime.date


def as_form(values: dict) -> dict:
    """The same values as a page's form posts them (no value is an empty field)."""
    return {name: ("" if value is None else value) for name, value in values.items()}


def _foreign_town(demo, name):
    return actions.create_partner(
        demo.motala,
        {"name": name, "kind": Partner.Kind.MUNICIPALITY, "country": "EE"},
        acting_user=SYSTEM,
    )


def _twin_town_values(demo, partner):
    return {
        "partner": partner.pk,
        "kind": "twin_town",
        "status": "proposed",
        "status_reason": "",
        "since": "2025-07-01",
        "description": "Ett utbyte om skolor.",
        "purpose": "Skolutbyte.",
        "contacts": [],
    }


def test_a_twin_town_is_created_alike_through_page_and_api(demo, client, call_as, snapshot):
    on_page, by_api = _foreign_town(demo, "Tartu"), _foreign_town(demo, "Pärnu")
    client.force_login(demo.users["coordinator"])
    response = client.post(reverse("twintown-create"), as_form(_twin_town_values(demo, on_page)))
    assert response.status_code == 302, response.content
    api = call_as("coordinator")
    answer = api.post("/twin-towns", _twin_town_values(demo, by_api))
    assert answer.status_code == 201, answer.content

    page_twin = snapshot(on_page.twin_towns.get(), without=["partner"])
    api_twin = snapshot(by_api.twin_towns.get(), without=["partner"])
    assert page_twin == api_twin
    assert page_twin["history"] == [("+", demo.users["coordinator"].pk, "")]
    assert page_twin["fields"]["since"] == D(2025, 7, 1)


def _two_twin_towns_alike(demo):
    return [
        actions.create_twin_town(
            demo.motala,
            {"partner": _foreign_town(demo, name), "since": D(2024, 1, 1)},
            acting_user=SYSTEM,
        )
        for name in ("Tartu", "Pärnu")
    ]


def test_a_twin_town_is_changed_and_paused_alike_through_page_and_api(
    demo, client, call_as, snapshot
):
    on_page, by_api = _two_twin_towns_alike(demo)
    started = timezone.now()
    change = {"status": "paused", "status_reason": "Sanktioner.", "description": "Vilande."}

    client.force_login(demo.users["coordinator"])
    response = client.post(
        reverse("twintown-edit", args=[on_page.pk]),
        as_form({**_twin_town_values(demo, on_page.partner), **change, "opened_version": 1}),
    )
    assert response.status_code == 302, response.content
    api = call_as("coordinator")
    answer = api.put(
        f"/twin-towns/{by_api.pk}",
        {**_twin_town_values(demo, by_api.partner), **change, "version": 1},
    )
    assert answer.status_code == 200, answer.content

    page_twin = snapshot(on_page, since=started, without=["partner"])
    api_twin = snapshot(by_api, since=started, without=["partner"])
    assert page_twin == api_twin
    assert page_twin["fields"]["status"] == "paused"
    assert page_twin["history"] == [("~", demo.users["coordinator"].pk, "")]


def test_pausing_without_a_reason_is_refused_alike(demo, client, call_as):
    on_page, by_api = _two_twin_towns_alike(demo)
    client.force_login(demo.users["coordinator"])
    response = client.post(
        reverse("twintown-edit", args=[on_page.pk]),
        as_form(
            {**_twin_town_values(demo, on_page.partner), "status": "paused", "opened_version": 1}
        ),
    )
    assert response.status_code == 200
    page_errors = response.context["form"].errors["status_reason"]
    answer = call_as("coordinator").put(
        f"/twin-towns/{by_api.pk}",
        {**_twin_town_values(demo, by_api.partner), "status": "paused", "version": 1},
    )
    assert answer.status_code == 400
    assert [e["message"] for e in answer.json()["errors"] if e["field"] == "status_reason"] == (
        page_errors
    )


def test_a_twin_town_is_deleted_alike_through_page_and_api(demo, client, call_as):
    on_page, by_api = _two_twin_towns_alike(demo)
    coordinator = demo.users["coordinator"]
    client.force_login(coordinator)
    assert client.post(reverse("twintown-delete", args=[on_page.pk])).status_code == 302
    assert call_as("coordinator").delete(f"/twin-towns/{by_api.pk}").status_code == 204

    for twin_town in (on_page, by_api):
        entry = DeletedRecord.objects.get(
            model_label="registry.twintown", object_id=str(twin_town.pk)
        )
        assert entry.deleted_by == coordinator
        last = twin_town.history.model.objects.filter(id=twin_town.pk).first()
        assert (last.history_type, last.history_user_id) == ("-", coordinator.pk)


# Decisions ----------------------------------------------------------------------------------


def _decision_values(demo, paragraph, number, **changes):
    return {
        "body": demo.board.pk,
        "decision_type": "other",
        "meeting_date": "2025-03-04",
        "registration_number": number,
        "paragraph": paragraph,
        "title": "Samarbete med Tartu",
        "text": "",
        "policy_document": None,
        "source_url": "",
        **changes,
    }


def test_a_decision_is_recorded_alike_through_page_and_api(demo, client, call_as, snapshot):
    registrar = demo.users["registrar"]
    client.force_login(registrar)
    response = client.post(
        reverse("decision-create"), as_form(_decision_values(demo, 301, "25/KS 0301"))
    )
    assert response.status_code == 302, response.content
    answer = call_as("registrar").post("/decisions", _decision_values(demo, 302, "25/KS 0302"))
    assert answer.status_code == 201, answer.content

    page_decision = snapshot(Decision.objects.get(body=demo.board, paragraph=301))
    api_decision = snapshot(Decision.objects.get(pk=answer.json()["id"]))
    for taken in (page_decision, api_decision):
        taken["fields"].pop("paragraph")
        taken["fields"].pop("registration_number")
    assert page_decision == api_decision
    assert page_decision["fields"]["year"] == 2025
    assert page_decision["history"] == [("+", registrar.pk, "")]


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param(303, id="caught-by-the-rules"),
        # The rules check a paragraph only when one is given (0 is none): the database's
        # unique constraint refuses the duplicate, in the action's transaction.
        pytest.param(0, id="caught-by-the-database"),
    ],
)
def test_a_duplicate_registration_number_is_refused_alike(demo, client, call_as, paragraph):
    actions.record_decision(
        demo.motala,
        {
            key: value
            for key, value in _decision_values(demo, paragraph, "25/KS 0303").items()
            if key != "body"
        }
        | {"body": demo.board, "meeting_date": D(2025, 3, 4), "policy_document": None},
        acting_user=SYSTEM,
    )
    duplicate = _decision_values(demo, paragraph, "25/KS 0303", title="Samma ärende igen")
    before = Decision.objects.count()

    client.force_login(demo.users["registrar"])
    response = client.post(reverse("decision-create"), as_form(duplicate))
    assert response.status_code == 200
    form = response.context["form"]
    page_messages = sorted(str(m) for messages in form.errors.values() for m in messages)
    answer = call_as("registrar").post("/decisions", duplicate)
    assert answer.status_code == 400, answer.content
    api_messages = sorted(error["message"] for error in answer.json()["errors"])

    assert page_messages == api_messages
    assert page_messages
    assert Decision.objects.count() == before


def test_a_decision_moved_to_another_year_keeps_its_year_with_its_date(demo, call_as, client):
    decision = actions.record_decision(
        demo.motala,
        {
            "body": demo.board,
            "decision_type": "other",
            "meeting_date": D(2025, 3, 4),
            "registration_number": "25/KS 0310",
            "paragraph": 310,
            "title": "Flyttas",
        },
        acting_user=SYSTEM,
    )
    client.force_login(demo.users["registrar"])
    response = client.post(
        reverse("decision-edit", args=[decision.pk]),
        as_form(
            _decision_values(demo, 310, "25/KS 0310", meeting_date="2024-12-09", opened_version=1)
        ),
    )
    assert response.status_code == 302, response.content
    decision.refresh_from_db()
    assert (decision.year, decision.meeting_date) == (2024, D(2024, 12, 9))
    assert Decision.objects.filter(year=2024, pk=decision.pk).exists()


# Agreements, memberships, contacts ---------------------------------------------------------


def _two_agreements_alike(demo):
    party = _foreign_town(demo, "Tartu")
    return [
        actions.create_agreement(
            demo.motala,
            {"kind": "cooperation_agreement", "title": title, "parties": [party]},
            acting_user=SYSTEM,
        )
        for title in ("Avtal A", "Avtal B")
    ], party


def test_an_agreement_is_changed_alike_through_page_and_api(demo, client, call_as, snapshot):
    (on_page, by_api), party = _two_agreements_alike(demo)
    other = _foreign_town(demo, "Pärnu")
    started = timezone.now()
    change = {
        "kind": "cooperation_agreement",
        "parties": [party.pk, other.pk],
        "valid_from": "2025-01-01",
        "valid_until": "2027-12-31",
        "renewal_due_on": "2027-09-30",
        "signing_body": demo.board.pk,
        "decision": None,
        "description": "Förnyat.",
        "source_url": "",
    }
    client.force_login(demo.users["coordinator"])
    response = client.post(
        reverse("agreement-edit", args=[on_page.pk]),
        as_form({**change, "title": on_page.title, "opened_version": 1}),
    )
    assert response.status_code == 302, response.content
    answer = call_as("coordinator").put(
        f"/agreements/{by_api.pk}", {**change, "title": by_api.title, "version": 1}
    )
    assert answer.status_code == 200, answer.content

    page_agreement = snapshot(on_page, since=started, without=["title"])
    api_agreement = snapshot(by_api, since=started, without=["title"])
    assert page_agreement == api_agreement
    assert page_agreement["fields"]["parties"] == sorted([party.pk, other.pk])
    assert page_agreement["history"][0] == ("~", demo.users["coordinator"].pk, "")


def test_participation_is_logged_alike_through_page_and_api(demo, client, call_as, snapshot):
    membership = NetworkMembership.objects.filter(
        municipality=demo.motala, participating_committees=demo.own_committee
    ).first()
    assert membership is not None
    entry = {
        "kind": "meeting",
        "occurred_on": "2025-10-02",
        "committee": demo.own_committee.pk,
        "description": "Nätverksträff.",
        "participants": "Två rektorer",
    }
    editor = demo.users["editor"]
    client.force_login(editor)
    response = client.post(
        reverse("membership-participation-create", args=[membership.pk]), as_form(entry)
    )
    assert response.status_code == 302, response.content
    answer = call_as("editor").post(f"/memberships/{membership.pk}/participation", entry)
    assert answer.status_code == 201, answer.content

    on_page, by_api = ParticipationEntry.objects.filter(
        membership=membership, occurred_on=D(2025, 10, 2)
    ).order_by("pk")
    assert snapshot(on_page) == snapshot(by_api)
    assert snapshot(on_page)["history"] == [("+", editor.pk, "")]
    assert (on_page.committee, on_page.municipality) == (demo.own_committee, demo.motala)


def test_participation_for_a_committee_not_taking_part_is_refused_alike(demo, client, call_as):
    membership = NetworkMembership.objects.filter(
        municipality=demo.motala, participating_committees=demo.own_committee
    ).first()
    entry = {
        "kind": "meeting",
        "occurred_on": "2025-10-02",
        "committee": demo.other_committee.pk,
        "description": "Fel nämnd.",
    }
    before = ParticipationEntry.objects.count()
    client.force_login(demo.users["editor"])
    response = client.post(
        reverse("membership-participation-create", args=[membership.pk]), as_form(entry)
    )
    assert response.status_code == 200
    assert "committee" in response.context["form"].errors
    answer = call_as("editor").post(f"/memberships/{membership.pk}/participation", entry)
    assert answer.status_code == 400
    assert [e["field"] for e in answer.json()["errors"]] == ["committee"]
    assert ParticipationEntry.objects.count() == before


def test_a_contact_is_changed_alike_through_page_and_api(demo, client, call_as, snapshot):
    partner = _foreign_town(demo, "Tartu")
    on_page, by_api = [
        actions.create_contact(
            demo.motala, {"partner": partner, "name": name, "email": email}, acting_user=SYSTEM
        )
        for name, email in (("Mari Näide", "mari@example.org"), ("Jaan Näide", "jaan@example.org"))
    ]
    started = timezone.now()
    change = {
        "partner": partner.pk,
        "role_title": "Samordnare",
        "phone": "+372 000 0000",
        "last_contact_on": "2025-11-01",
        "legal_basis": Contact.LegalBasis.OFFICIAL_AUTHORITY,
        "notes": "Träffades i Tartu.",
    }
    client.force_login(demo.users["coordinator"])
    response = client.post(
        reverse("contact-edit", args=[on_page.pk]),
        as_form({**change, "name": on_page.name, "email": on_page.email, "opened_version": 1}),
    )
    assert response.status_code == 302, response.content
    answer = call_as("coordinator").put(
        f"/contacts/{by_api.pk}",
        {**change, "name": by_api.name, "email": by_api.email, "version": 1},
    )
    assert answer.status_code == 200, answer.content

    page_contact = snapshot(on_page, since=started, without=["name", "email"])
    api_contact = snapshot(by_api, since=started, without=["name", "email"])
    assert page_contact == api_contact
    assert page_contact["fields"]["last_contact_on"] == D(2025, 11, 1)
    assert page_contact["history"] == [("~", demo.users["coordinator"].pk, "")]


# Notes and documents -------------------------------------------------------------------------


def test_a_dialogue_note_is_added_alike_through_page_and_api(demo, client, call_as, snapshot):
    on_page, by_api = _two_twin_towns_alike(demo)
    note = {"noted_on": "2025-09-01", "text": "Samtal om ett skolutbyte."}
    client.force_login(demo.users["coordinator"])
    response = client.post(reverse("twintown-note-create", args=[on_page.pk]), note)
    assert response.status_code == 302, response.content
    answer = call_as("coordinator").post(f"/twin-towns/{by_api.pk}/notes", note)
    assert answer.status_code == 201, answer.content

    page_note = snapshot(on_page.notes.get(), without=["twin_town"])
    api_note = snapshot(by_api.notes.get(), without=["twin_town"])
    assert page_note == api_note
    assert page_note["history"] == [("+", demo.users["coordinator"].pk, "")]


def test_a_document_is_uploaded_alike_through_page_and_api(demo, client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samverkan.registry.demo import minimal_pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    decision = actions.record_decision(
        demo.motala,
        {
            "body": demo.board,
            "decision_type": "other",
            "meeting_date": D(2025, 3, 4),
            "registration_number": "25/KS 0320",
            "paragraph": 320,
            "title": "Med protokoll",
        },
        acting_user=SYSTEM,
    )
    registrar = demo.users["registrar"]
    details = {"title": "Protokollsutdrag", "kind": "minutes", "is_public": "true"}
    pdf = minimal_pdf("Protokoll KS 2025-03-04")
    client.force_login(registrar)
    response = client.post(
        reverse("document-create", args=["decision", decision.pk]),
        {**details, "is_public": "on", "file": SimpleUploadedFile("ks.pdf", pdf)},
    )
    assert response.status_code == 302, response.content
    answer = client.post(
        f"/api/v1/decisions/{decision.pk}/documents",
        {**details, "file": SimpleUploadedFile("ks.pdf", pdf)},
    )
    assert answer.status_code == 201, answer.content

    on_page, by_api = decision.documents.order_by("pk")
    for field in ("title", "kind", "original_name", "content_type", "size", "is_public"):
        assert getattr(on_page, field) == getattr(by_api, field), field
    assert (on_page.content_type, on_page.size) == ("application/pdf", len(pdf))
    assert [(row.history_type, row.history_user_id) for row in on_page.history.all()] == [
        (row.history_type, row.history_user_id) for row in by_api.history.all()
    ]
    assert on_page.history.first().history_user == registrar
