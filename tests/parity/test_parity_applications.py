"""Applications: the page and the API make the same change through the same action."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.applications import actions
from samverkan.applications.models import Application, CoFinancing, Status
from samverkan.funding.models import Call, Programme
from samverkan.history.models import DeletedRecord
from samverkan.lib.actions import SYSTEM
from samverkan.registry.demo import minimal_pdf

VALUES = {
    "title": "Samma ansökan",
    "programme_name": "Nordplus",
    "status": "idea",
    "currency": "EUR",
    "exchange_rate": "11.2500",
    "rate_date": "2031-01-15",
    "amount_applied": "40000",
}


@pytest.fixture
def coordinator(demo):
    return demo.users["coordinator"]


def _page_data(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def _twins(demo, **extra):
    """Two equal applications, made by the server, to change once by page and once by API."""
    values = {
        "title": "Tvilling",
        "lead_body": demo.own_committee,
        "programme_name": "Erasmus+",
        "amount_applied": Decimal("100000"),
        "status": Status.IDEA,
        **extra,
    }
    return [
        actions.create_application(dict(values), municipality=demo.motala, acting_user=SYSTEM)
        for _ in range(2)
    ]


def test_create_from_a_call_leaves_the_same_application(demo, client, call_as, snapshot):
    programme = Programme.objects.create(
        municipality=demo.motala, code="parity", name="Paritet", level="eu", period_end_year=2027
    )
    deadline = timezone.now() + datetime.timedelta(days=20)
    call = Call.objects.create(
        municipality=demo.motala,
        reference="PARITY-1",
        title="Paritetsutlysning",
        programme=programme,
        deadlines=[deadline.isoformat()],
        next_deadline=deadline,
    )
    values = {**VALUES, "call": call.pk, "programme_name": "", "lead_body": demo.own_committee.pk}

    client.force_login(demo.users["coordinator"])
    page = client.post(reverse("application-create") + f"?call={call.pk}", _page_data(values))
    assert page.status_code == 302
    on_page = Application.objects.get(title="Samma ansökan")

    api = call_as("coordinator")
    created = api.post("/applications", values)
    assert created.status_code == 201, created.json()
    by_api = Application.objects.get(pk=created.json()["id"])

    page_record, api_record = snapshot(on_page), snapshot(by_api)
    assert page_record == api_record
    # The action takes the programme, the call's deadline and the period's end from the call.
    fields = api_record["fields"]
    assert fields["programme"] == programme.pk
    assert fields["call_deadline"] == deadline.astimezone(datetime.UTC).date()
    assert fields["programme_period_end"] == datetime.date(2027, 12, 31)
    assert fields["amount_applied_sek"] == Decimal("450000.00")
    assert api_record["history"] == [("+", demo.users["coordinator"].pk, "")]


def test_update_with_a_status_step_through_page_and_api(demo, client, call_as, snapshot):
    on_page, by_api = _twins(demo)
    started = timezone.now()
    changes = {
        "title": "Tvilling",
        "programme_name": "Erasmus+",
        "lead_body": demo.own_committee.pk,
        "status": "submitted",
        "currency": "SEK",
        "amount_applied": "120000",
        "submitted_on": "2031-02-01",
    }

    client.force_login(demo.users["coordinator"])
    page = client.post(
        reverse("application-edit", args=[on_page.pk]),
        {**changes, "opened_version": on_page.version},
    )
    assert page.status_code == 302
    api = call_as("coordinator")
    updated = api.put(f"/applications/{by_api.pk}", {**changes, "version": by_api.version})
    assert updated.status_code == 200, updated.json()

    page_record = snapshot(on_page, since=started)
    api_record = snapshot(by_api, since=started)
    assert page_record == api_record
    assert api_record["fields"]["status"] == Status.SUBMITTED
    assert api_record["fields"]["amount_applied_sek"] == Decimal("120000.00")
    assert api_record["history"] == [("~", demo.users["coordinator"].pk, "")]


def test_a_step_the_life_cycle_refuses_is_refused_by_page_and_api(demo, client, call_as):
    on_page, by_api = _twins(demo)
    jump = {
        "title": "Tvilling",
        "programme_name": "Erasmus+",
        "lead_body": demo.own_committee.pk,
        "status": "closed",
        "currency": "SEK",
        "amount_applied": "100000",
    }
    client.force_login(demo.users["coordinator"])
    page = client.post(
        reverse("application-edit", args=[on_page.pk]), {**jump, "opened_version": 1}
    )
    assert page.status_code == 200
    api = call_as("coordinator")
    refused = api.put(f"/applications/{by_api.pk}", {**jump, "version": 1})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "status"
    assert {a.status for a in Application.objects.filter(pk__in=[on_page.pk, by_api.pk])} == {
        Status.IDEA
    }


def test_a_co_financing_row_and_its_total_through_page_and_api(demo, client, call_as, snapshot):
    on_page, by_api = _twins(demo)
    started = timezone.now()
    row = {"body": demo.own_committee.pk, "amount_sek": "25000", "note": "Personaltid"}

    client.force_login(demo.users["coordinator"])
    page = client.post(reverse("application-part-create", args=[on_page.pk, "co-financing"]), row)
    assert page.status_code == 302
    api = call_as("coordinator")
    assert api.post(f"/applications/{by_api.pk}/co-financing", row).status_code == 201

    page_row = snapshot(CoFinancing.objects.get(application=on_page), without=["application"])
    api_row = snapshot(CoFinancing.objects.get(application=by_api), without=["application"])
    assert page_row == api_row
    assert api_row["history"] == [("+", demo.users["coordinator"].pk, "")]
    # The side effect: the application's total follows its rows.
    assert snapshot(on_page, since=started) == snapshot(by_api, since=started)
    by_api.refresh_from_db()
    assert by_api.co_financing_sek == Decimal("25000.00")


def test_delete_moves_to_the_trash_through_page_and_api(demo, client, call_as, snapshot):
    on_page, by_api = _twins(demo)
    for application in (on_page, by_api):
        actions.add_co_financing(
            application,
            {"body": demo.own_committee, "amount_sek": Decimal("300")},
            acting_user=SYSTEM,
        )
    coordinator = demo.users["coordinator"]

    client.force_login(coordinator)
    assert client.post(reverse("application-delete", args=[on_page.pk])).status_code == 302
    api = call_as("coordinator")
    assert api.delete(f"/applications/{by_api.pk}").status_code == 204

    trashed = {
        entry.object_id: entry
        for entry in DeletedRecord.objects.filter(
            model_label="applications.application",
            object_id__in=[str(on_page.pk), str(by_api.pk)],
        )
    }
    page_entry, api_entry = trashed[str(on_page.pk)], trashed[str(by_api.pk)]
    assert page_entry.deleted_by == api_entry.deleted_by == coordinator
    assert len(page_entry.rows) == len(api_entry.rows) == 2  # the application and its row
    assert not Application.objects.filter(pk__in=[on_page.pk, by_api.pk]).exists()
    for pk in (on_page.pk, by_api.pk):
        last = Application.history.filter(id=pk).first()
        assert (last.history_type, last.history_user_id) == ("-", coordinator.pk)


def test_a_document_upload_through_page_and_api(
    demo, client, call_as, snapshot, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samverkan.applications.models import ApplicationAttachment

    settings.MEDIA_ROOT = tmp_path
    pdf = minimal_pdf("Projektplan")
    on_page, by_api = _twins(demo)
    client.force_login(demo.users["coordinator"])
    page = client.post(
        reverse("application-part-create", args=[on_page.pk, "documents"]),
        {"title": "Budget", "file": SimpleUploadedFile("budget.pdf", pdf)},
    )
    assert page.status_code == 302
    api = call_as("coordinator")
    uploaded = api.client.post(
        f"/api/v1/applications/{by_api.pk}/documents",
        {"title": "Budget", "file": SimpleUploadedFile("budget.pdf", pdf)},
    )
    assert uploaded.status_code == 201, uploaded.content
    without = ["application", "file"]
    page_document = snapshot(
        ApplicationAttachment.objects.get(application=on_page), without=without
    )
    api_document = snapshot(ApplicationAttachment.objects.get(application=by_api), without=without)
    assert page_document == api_document
    assert api_document["fields"]["content_type"] == "application/pdf"
    assert api_document["history"] == [("+", demo.users["coordinator"].pk, "")]
