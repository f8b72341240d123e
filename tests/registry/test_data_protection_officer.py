"""The record of processing names the data protection officer (GDPR art. 30(1) a), whom the
administrator sets on the register settings page."""

import pytest
from django.urls import reverse

from samverkan.lib.actions import RuleViolation
from samverkan.organisation.actions import set_data_protection_officer
from samverkan.organisation.models import Municipality

CONTACT = "Dataskyddsombud Ada Exempel\ndataskydd@example.se, 0141-00 00 00"


def test_the_administrator_names_the_officer_and_the_record_shows_them(client, demo):
    client.force_login(demo.users["admin"])
    page = client.get(reverse("register-settings"))
    assert page.status_code == 200
    assert 'id="data-protection-officer"' in page.content.decode()
    before = Municipality.history.filter(id=demo.motala.pk).count()

    answer = client.post(reverse("register-settings"), {"dpo-data_protection_officer": CONTACT})
    assert answer.status_code == 302
    demo.motala.refresh_from_db()
    # A textarea's lines come back as CRLF from a browser; the test client sends LF.
    assert demo.motala.data_protection_officer == CONTACT
    latest = Municipality.history.filter(id=demo.motala.pk).latest("history_date")
    assert Municipality.history.filter(id=demo.motala.pk).count() == before + 1
    assert latest.history_user == demo.users["admin"]

    record = client.get(reverse("record-of-processing")).content.decode()
    controller = record[record.index('id="controller"') : record.index("</dl>")]
    assert "dataskydd@example.se" in controller
    assert "Ada Exempel<br>" in controller


def test_the_settings_form_is_untouched_when_the_officer_is_saved(client, demo):
    from samverkan.registry.models import RegisterSettings

    settings = RegisterSettings.for_municipality(demo.motala)
    months = settings.contact_retention_months
    client.force_login(demo.users["admin"])
    client.post(reverse("register-settings"), {"dpo-data_protection_officer": "Ombudet"})
    settings = RegisterSettings.for_municipality(demo.motala)
    assert settings.contact_retention_months == months


def test_without_an_officer_the_record_links_to_where_one_is_named(client, demo):
    client.force_login(demo.users["admin"])
    record = client.get(reverse("record-of-processing")).content.decode()
    assert reverse("register-settings") + "#data-protection-officer" in record


def test_a_coordinator_sees_the_settings_but_not_the_officers_form(client, demo):
    client.force_login(demo.users["coordinator"])
    page = client.get(reverse("register-settings"))
    assert page.status_code == 200
    assert 'id="data-protection-officer"' not in page.content.decode()
    # Posting the officer's field saves nothing of it.
    client.post(reverse("register-settings"), {"dpo-data_protection_officer": "Någon"})
    demo.motala.refresh_from_db()
    assert demo.motala.data_protection_officer == ""


def test_the_action_is_the_administrators_and_bounded(demo):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        set_data_protection_officer(demo.motala, "x", acting_user=demo.users["coordinator"])
    with pytest.raises(RuleViolation):
        set_data_protection_officer(demo.motala, "x" * 1001, acting_user=demo.users["admin"])
    with pytest.raises(PermissionDenied):
        set_data_protection_officer(demo.vadstena, "x", acting_user=demo.users["admin"])
