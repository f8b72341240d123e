"""Contacts' legal bases are those an authority may use, old rows move to public interest
with their history kept, and the administrator prints the record of processing (art. 30)."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from samverkan.registry.models import Contact, Partner
from samverkan.registry.processing import record_of_processing, roles_with

AUTHORITY_BASES = ["public_task", "official_authority", "contract", "consent"]

migration = importlib.import_module(
    "samverkan.registry.migrations.0004_contact_legal_bases_of_an_authority"
)


@pytest.fixture
def partner(demo):
    return Partner.objects.create(
        municipality=demo.motala, name="Provort Tartu", country="EE", kind=Partner.Kind.MUNICIPALITY
    )


def test_the_choices_are_those_of_an_authority(client, demo):
    assert Contact.LegalBasis.values == AUTHORITY_BASES
    client.force_login(demo.users["coordinator"])
    form = client.get(reverse("contact-create")).context["form"]
    assert [value for value, _label in form.fields["legal_basis"].choices if value] == (
        AUTHORITY_BASES
    )
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    enums = [
        prop["enum"]
        for definition in schema.values()
        for name, prop in definition.get("properties", {}).items()
        if name == "legal_basis" and "enum" in prop
    ]
    assert enums and all(enum == AUTHORITY_BASES for enum in enums)


@pytest.mark.parametrize("basis", ["legitimate_interest", "legal_obligation"])
def test_legitimate_interest_is_refused_by_the_page_and_the_api(client, demo, partner, basis):
    client.force_login(demo.users["coordinator"])
    before = Contact.objects.count()
    page = client.post(
        reverse("contact-create"),
        {"partner": partner.pk, "name": "Anna Exempel", "legal_basis": basis},
    )
    assert page.status_code == 200
    assert "legal_basis" in page.context["form"].errors
    api = client.post(
        "/api/v1/contacts",
        {"partner": partner.pk, "name": "Anna Exempel", "legal_basis": basis},
        content_type="application/json",
    )
    assert api.status_code in {400, 422}
    assert Contact.objects.count() == before


@pytest.mark.parametrize("basis", AUTHORITY_BASES)
def test_each_basis_of_an_authority_is_accepted(client, demo, partner, basis):
    client.force_login(demo.users["coordinator"])
    api = client.post(
        "/api/v1/contacts",
        {"partner": partner.pk, "name": f"Anna {basis}", "legal_basis": basis},
        content_type="application/json",
    )
    assert api.status_code == 201, api.content
    assert Contact.objects.get(name=f"Anna {basis}").legal_basis == basis


def test_the_migration_moves_old_rows_to_public_interest_and_keeps_history(demo, partner):
    kept = Contact.objects.create(
        municipality=demo.motala, partner=partner, name="Avtalsperson", legal_basis="contract"
    )
    old = []
    for name, basis in [("Berättigad", "legitimate_interest"), ("Förpliktad", "legal_obligation")]:
        contact = Contact.objects.create(municipality=demo.motala, partner=partner, name=name)
        # As the rows were written before: with a basis no longer offered.
        Contact.objects.filter(pk=contact.pk).update(legal_basis=basis)
        Contact.history.filter(id=contact.pk).update(legal_basis=basis)
        old.append((contact.pk, basis))

    # The models as the migration sees them (no history signals: it writes its own row).
    name = migration.__name__.rsplit(".", 1)[-1]
    apps = MigrationLoader(connection).project_state(("registry", name)).apps
    migration.to_public_task(apps, None)

    for pk, basis in old:
        contact = Contact.objects.get(pk=pk)
        assert (contact.legal_basis, contact.version) == ("public_task", 2)
        versions = list(Contact.history.filter(id=pk).order_by("history_date", "history_id"))
        assert [v.legal_basis for v in versions] == [basis, "public_task"]
        latest = versions[-1]
        assert latest.history_type == "~"
        assert basis in latest.history_change_reason
        assert (latest.name, latest.version) == (contact.name, 2)
    kept.refresh_from_db()
    assert (kept.legal_basis, kept.version, kept.history.count()) == ("contract", 1, 1)
    migration.to_public_task(apps, None)  # again: nothing left to move
    assert Contact.history.filter(id=old[0][0]).count() == 2


# The record of processing ----------------------------------------------------------------


def test_the_administrator_prints_the_record_of_processing(client, demo, partner):
    Contact.objects.create(
        municipality=demo.motala, partner=partner, name="Samtyckt", legal_basis="consent"
    )
    client.force_login(demo.users["admin"])
    people = client.get(reverse("people-list")).content.decode()
    assert reverse("record-of-processing") in people
    response = client.get(reverse("record-of-processing"))
    assert response.status_code == 200
    record = response.context["record"]
    assert record.municipality == demo.motala
    assert [a.key for a in record.activities] == ["contacts", "private-partners", "users"]
    for activity in record.activities:
        for row in ("purposes", "data_subjects", "categories", "legal_bases", "recipients"):
            assert getattr(activity, row), (activity.key, row)
        assert activity.retention and activity.transfers
    contacts = record.activities[0]
    field_names = {str(Contact._meta.get_field(f).verbose_name).lower() for f in ("email", "phone")}
    assert field_names <= {line.lower() for line in contacts.categories}
    assert len(contacts.legal_bases) == len(AUTHORITY_BASES)
    assert record.security
    html = response.content.decode()
    assert html.count('class="processing-activity"') == 3
    assert 'id="security"' in html and "data-print" in html


def test_the_record_follows_the_rules_and_settings(demo, settings):
    from samverkan.organisation.models import Role
    from samverkan.registry.models import RegisterSettings

    viewers = roles_with("samverkan.view_personal_data", demo.motala)
    assert str(Role.ADMINISTRATOR.label) in viewers
    assert str(Role.READER.label) not in viewers
    assert roles_with("samverkan.manage_users", demo.motala) == [str(Role.ADMINISTRATOR.label)]
    settings.SAMVERKAN_MAX_UPLOAD_MB = 7
    register = RegisterSettings.for_municipality(demo.motala)
    register.contact_retention_months = 37
    register.save()
    record = record_of_processing(demo.motala)
    assert any("37" in line for line in record.activities[0].retention)
    assert any("7" in line for line in record.security)


@pytest.mark.parametrize("username", ["coordinator", "editor", "registrar", "reader"])
def test_only_the_administrator_sees_the_record(client, demo, username):
    client.force_login(demo.users[username])
    assert client.get(reverse("record-of-processing")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, demo):
    response = client.get(reverse("record-of-processing"))
    assert response.status_code == 302
    assert reverse("login") in response.url
