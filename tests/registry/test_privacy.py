"""A contact's personal data: exported on request, erased where no retention rule keeps it."""

import datetime
import json

import pytest

from samverkan.lib.actions import SYSTEM
from samverkan.registry.actions import erase_contact
from samverkan.registry.models import Contact, Partner, RegisterSettings, TwinTown
from samverkan.registry.privacy import (
    ErasureRefused,
    export_contact,
    retention_ends_on,
)

D = datetime.date


@pytest.fixture
def contact(demo):
    partner = Partner.objects.get(municipality=demo.motala, name="Hyvinge")
    person = Contact.objects.create(
        municipality=demo.motala,
        partner=partner,
        name="Helmi Testinen",
        role_title="Kulttuurisihteeri",
        email="helmi.testinen@example.org",
        phone="+358 00 111 2222",
        last_contact_on=D(2026, 1, 10),
        notes="Träffades i Hyvinge.",
    )
    # A second version: the export must show what was kept before, too.
    person.email = "helmi.t@example.org"
    person.save()
    TwinTown.objects.get(municipality=demo.motala, partner=partner).contacts.add(person)
    return person


def test_the_export_holds_the_data_and_its_history(contact):
    exported = export_contact(contact)
    json.dumps(exported)  # JSON-ready as it is
    assert exported["contact"]["name"] == "Helmi Testinen"
    assert exported["contact"]["email"] == "helmi.t@example.org"
    assert exported["contact"]["last_contact_on"] == "2026-01-10"
    assert exported["contact"]["twin_towns"] == ["Hyvinge"]
    assert exported["municipality"] == "Motala"
    emails = [version["email"] for version in exported["history"]]
    assert emails == ["helmi.testinen@example.org", "helmi.t@example.org"]


def test_erasure_blanks_the_contact_and_its_history_but_keeps_the_rows(contact):
    versions = contact.history.count()
    erase_contact(contact, acting_user=SYSTEM, today=D(2026, 6, 1))

    stored = Contact.objects.get(pk=contact.pk)
    assert stored.erased_at is not None
    for field in Contact.PERSONAL_FIELDS:
        assert getattr(stored, field) == ""
        assert set(stored.history.values_list(field, flat=True)) == {""}
    # History keeps that a contact existed, when and how often it changed.
    assert stored.history.count() == versions
    assert stored.partner.name == "Hyvinge"
    assert stored.last_contact_on == D(2026, 1, 10)
    assert str(stored.pk) in str(stored) and "Helmi" not in str(stored)
    assert "Helmi" not in json.dumps(export_contact(stored))


def test_a_retention_rule_refuses_erasure_within_its_period(demo, contact):
    RegisterSettings.objects.create(municipality=demo.motala, contact_retention_months=24)
    assert retention_ends_on(contact) == D(2028, 1, 10)
    with pytest.raises(ErasureRefused) as refused:
        erase_contact(contact, acting_user=SYSTEM, today=D(2028, 1, 9))
    assert "2028-01-10" in str(refused.value)
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.name == "Helmi Testinen"
    assert stored.erased_at is None
    assert "helmi.testinen@example.org" in stored.history.values_list("email", flat=True)

    erase_contact(contact, acting_user=SYSTEM, today=D(2028, 1, 10))
    assert Contact.objects.get(pk=contact.pk).name == ""


def test_without_a_retention_rule_a_contact_may_be_erased_any_day(demo, contact):
    assert RegisterSettings.for_municipality(demo.motala).contact_retention_months == 0
    assert retention_ends_on(contact) is None
    erase_contact(contact, acting_user=SYSTEM, today=D(2026, 1, 10))
    assert Contact.objects.get(pk=contact.pk).erased_at is not None


def test_erasing_one_contact_leaves_the_others(demo, contact):
    others = {c.pk: c.email for c in Contact.objects.exclude(pk=contact.pk)}
    assert others  # the demo's contacts
    erase_contact(contact, acting_user=SYSTEM, today=D(2026, 6, 1))
    assert {c.pk: c.email for c in Contact.objects.exclude(pk=contact.pk)} == others
