"""The registry demo: Motala's real relations with their sources, invented rows marked demo."""

import datetime
import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from samverkan.organisation.models import Body
from samverkan.policy.models import PolicyDocument
from samverkan.registry import authority
from samverkan.registry.demo import create_registry_demo
from samverkan.registry.models import (
    Agreement,
    Contact,
    ControlLogEntry,
    Decision,
    DecisionType,
    Document,
    MembershipFee,
    NetworkMembership,
    ParticipationEntry,
    Partner,
    RegistryRecord,
    TwinTown,
    TwinTownNote,
    ValueReview,
)

D = datetime.date
REGISTERS = [
    Partner,
    Contact,
    Decision,
    Document,
    ControlLogEntry,
    Agreement,
    TwinTown,
    TwinTownNote,
    NetworkMembership,
    MembershipFee,
    ParticipationEntry,
    ValueReview,
]
RECORDS = [model for model in REGISTERS if issubclass(model, RegistryRecord)]


def _snapshot():
    """Rows and history rows of every registry model (and the apps the demo command fills)."""
    counts = {}
    for app in ("registry", "organisation", "policy"):
        for model in apps.get_app_config(app).get_models():
            counts[model._meta.label] = model.objects.count()
    return counts


def test_the_demo_is_idempotent(demo):
    before = _snapshot()
    create_registry_demo()
    call_command("demo_data", stdout=io.StringIO())
    assert _snapshot() == before


@pytest.mark.parametrize("model", REGISTERS, ids=lambda model: model.__name__)
def test_every_register_has_motala_rows(demo, model):
    assert model.objects.filter(municipality=demo.motala).exists()


def test_registry_records_are_either_sourced_or_marked_demo(demo):
    for model in RECORDS:
        for record in model.objects.filter(municipality=demo.motala):
            assert record.is_demo or record.source_url.startswith("http"), record
    # Real facts carry their source even where a detail (a decision's number) is invented.
    assert not Partner.objects.filter(name="Hyvinge", is_demo=True).exists()
    assert Decision.objects.get(title="EU-handslag").is_demo


def test_invented_rows_without_a_demo_field_say_so(demo):
    for contact in Contact.objects.filter(municipality=demo.motala):
        assert "(demo)" in contact.notes
        assert contact.email.endswith("@example.org")
    texts = [
        *(note.text for note in TwinTownNote.objects.all()),
        *(entry.findings for entry in ControlLogEntry.objects.all()),
        *(review.benefits for review in ValueReview.objects.all()),
        *(document.title for document in Document.objects.all()),
    ]
    assert texts and all("(demo)" in text for text in texts)
    for entry in ParticipationEntry.objects.all():
        # The board seat since 2011 is real (with its source); the meetings are invented.
        assert "(demo)" in entry.description or "https://" in entry.description
    for fee in MembershipFee.objects.select_related("membership"):
        assert fee.membership.is_demo or "(demo) Årsavgifterna" in fee.membership.description


def test_the_real_twin_towns(demo):
    twins = {
        t.partner.name: t
        for t in TwinTown.objects.filter(municipality=demo.motala).select_related("partner")
    }
    assert set(twins) == {"Hyvinge", "Daugavpils", "Eigersund"}
    hyvinge, daugavpils, eigersund = twins["Hyvinge"], twins["Daugavpils"], twins["Eigersund"]
    assert (hyvinge.partner.local_name, hyvinge.partner.country.code) == ("Hyvinkää", "FI")
    assert hyvinge.status == daugavpils.status == TwinTown.Status.ACTIVE
    assert daugavpils.partner.country.code == "LV"
    assert daugavpils.agreement.signed_on == D(1998, 7, 1)
    assert "local authorities exchange programs" in daugavpils.agreement.description
    assert daugavpils.agreement.source_url.startswith("https://daugavpils.lv/")
    assert eigersund.partner.country.code == "NO"
    assert eigersund.status == TwinTown.Status.PAUSED
    assert "successivt trappats ner och är idag vilande" in eigersund.status_reason
    for twin in twins.values():
        assert twin.decision.body.kind == Body.Kind.COUNCIL
        assert twin.source_url.startswith("https://www.motala.se/")


def test_the_sern_membership(demo):
    sern = NetworkMembership.objects.get(
        municipality=demo.motala, organisation__name__startswith="SERN"
    )
    assert sern.organisation.name == "SERN – Sweden Emilia Romagna Network"
    assert sern.scope == NetworkMembership.Scope.MUNICIPALITY
    assert sern.started_on.year == 2009
    assert sern.decision.body.kind == Body.Kind.EXECUTIVE_BOARD
    board_seat = sern.participation.get(kind=ParticipationEntry.Kind.ROLE)
    assert board_seat.occurred_on.year == 2011
    assert not sern.is_demo and "motala.se" in sern.source_url


def test_the_eu_handslag_and_the_policy_decisions(demo):
    handslag = Decision.objects.get(municipality=demo.motala, title="EU-handslag")
    assert handslag.body == demo.board
    assert handslag.meeting_date == D(2017, 4, 25)
    assert "Uppmärksamma Europadagen 9 maj" in handslag.text
    policy = Decision.objects.get(municipality=demo.motala, decision_type=DecisionType.POLICY)
    assert (policy.body, policy.meeting_date) == (demo.council, D(2016, 2, 8))
    assert (policy.registration_number, policy.paragraph) == ("15/KS 0089", 4)
    assert policy.policy_document == PolicyDocument.objects.get(municipality=demo.motala)
    assert not policy.is_demo


def test_registration_numbers_follow_the_policy_pattern(demo):
    pattern = PolicyDocument.objects.get(municipality=demo.motala).registration_number_pattern
    for number in Decision.objects.filter(municipality=demo.motala).values_list(
        "registration_number", flat=True
    ):
        assert re.fullmatch(pattern, number), number


def test_violations_find_the_one_deliberate_breach(demo):
    found = authority.violations(demo.motala.pk)
    breach = Decision.objects.get(municipality=demo.motala, title__endswith="(importerat)")
    assert {v.record for v in found} == {breach, breach.agreements.get()}
    assert all(v.message == "Vänortsavtal beslutas av kommunfullmäktige (P12)." for v in found)
    assert breach.is_demo and "bryter mot reglerna" in breach.text
    assert "bryter mot reglerna" in breach.agreements.get().description


def test_every_other_demo_record_passes_its_own_validation(demo):
    breach = Decision.objects.get(municipality=demo.motala, title__endswith="(importerat)")
    for model in (Decision, Agreement, TwinTown, NetworkMembership, Partner, Contact):
        for record in model.objects.all():
            if record in (breach, *breach.agreements.all()):
                continue
            record.full_clean()


def test_an_agreement_is_due_for_renewal_within_90_days(demo):
    today = timezone.localdate()
    due = Agreement.objects.filter(
        municipality=demo.motala,
        renewal_due_on__gte=today,
        renewal_due_on__lte=today + datetime.timedelta(days=90),
    )
    assert due.count() == 1
    assert due.get().is_demo


def test_vadstena_has_its_own_rows_and_sees_none_of_motalas(demo):
    assert Partner.objects.filter(municipality=demo.vadstena).count() == 1
    assert Decision.objects.filter(municipality=demo.vadstena).count() == 1
    vadstena_partner = Partner.objects.get(municipality=demo.vadstena)
    assert not Partner.objects.filter(municipality=demo.motala, name=vadstena_partner.name)
    assert authority.violations(demo.vadstena.pk) == []


@pytest.mark.parametrize("model", [*REGISTERS], ids=lambda model: model.__name__)
def test_the_back_office_lists_and_opens_the_demo_rows(client, demo, model):
    from django.urls import reverse

    client.force_login(demo.users["operator"])
    label = f"admin:registry_{model._meta.model_name}"
    listing = client.get(reverse(f"{label}_changelist"), {"q": "a"})
    assert listing.status_code == 200
    record = model.objects.filter(municipality=demo.motala).first()
    assert client.get(reverse(f"{label}_change", args=[record.pk])).status_code == 200
    assert client.get(reverse(f"{label}_history", args=[record.pk])).status_code == 200


def test_a_note_added_in_the_back_office_belongs_to_the_twin_towns_municipality(client, demo):
    from django.forms.models import model_to_dict
    from django.urls import reverse

    client.force_login(demo.users["operator"])
    twin = TwinTown.objects.get(municipality=demo.motala, partner__name="Eigersund")
    data = {
        key: ("" if value is None else value)
        for key, value in model_to_dict(twin).items()
        if key not in ("id", "contacts")
    }
    data.update(
        {
            "notes-TOTAL_FORMS": "1",
            "notes-INITIAL_FORMS": "0",
            "notes-0-noted_on": "2026-11-01",
            "notes-0-text": "(demo) Från administrationen.",
            "notes-0-twin_town": twin.pk,
        }
    )
    response = client.post(reverse("admin:registry_twintown_change", args=[twin.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    note = twin.notes.get(text="(demo) Från administrationen.")
    assert note.municipality == demo.motala
