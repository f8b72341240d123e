"""Funding applications through the API: list filters and totals, writing through the
pages' forms (granted above applied and bad steps are 400 JSON), conflicts, roles, the
life-cycle sub-records and query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.applications.models import Application, CoFinancing, Status
from samverkan.funding.models import Call
from samverkan.history.models import DeletedRecord


@pytest.fixture
def make_application(demo):
    def make(title="API-post", **extra):
        values = {
            "municipality": demo.motala,
            "lead_body": demo.own_committee,
            "programme_name": "Erasmus+",
            "amount_applied": Decimal("100000"),
        }
        values.update(extra)
        return Application.objects.create(title=title, **values)

    return make


def payload(demo, **changes):
    data = {
        "title": "API-ansökan",
        "programme_name": "Nordplus",
        "lead_body": demo.own_committee.pk,
        "amount_applied": "120000",
    }
    data.update(changes)
    return data


def test_create_read_update_and_delete(call_as, demo):
    api = call_as("coordinator", via="token")
    created = api.post("/applications", payload(demo))
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "idea"
    assert body["amount_applied_sek"] == "120000.00"
    assert body["next_statuses"] == ["in_preparation", "submitted", "withdrawn"]
    pk = body["id"]
    read = api.get(f"/applications/{pk}").json()
    sent = {k: read[k] for k in ("title", "lead_body", "amount_applied", "programme_name")}
    updated = api.put(
        f"/applications/{pk}",
        {**sent, "status": "submitted", "submitted_on": "2031-03-01", "version": read["version"]},
    )
    assert updated.status_code == 200, updated.json()
    assert updated.json()["status"] == "submitted"
    stale = api.put(f"/applications/{pk}", {**sent, "status": "submitted", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 2
    assert api.delete(f"/applications/{pk}").status_code == 204
    assert not Application.objects.filter(pk=pk).exists()
    assert DeletedRecord.objects.filter(object_id=str(pk)).exists()


def test_bad_input_is_400_json_and_nothing_is_written(call_as, demo):
    api = call_as("coordinator")
    too_much = api.post(
        "/applications",
        payload(demo, title="För mycket", status="granted", amount_granted="999999"),
    )
    assert too_much.status_code == 400
    assert too_much.json()["errors"][0]["field"] == "amount_granted"
    assert not Application.objects.filter(title="För mycket").exists()
    wrong_types = api.post("/applications", {"title": 5, "lead_body": "x", "status": "maybe"})
    assert wrong_types.status_code == 400
    assert "message" in wrong_types.json()
    foreign = api.post("/applications", payload(demo, lead_body=demo.vadstena_body.pk))
    assert foreign.status_code == 400
    assert foreign.json()["errors"][0]["field"] == "lead_body"
    eur = api.post("/applications", payload(demo, currency="EUR"))
    assert eur.status_code == 400


def test_a_step_the_life_cycle_does_not_allow_is_refused(call_as, demo, make_application):
    application = make_application(status=Status.IDEA)
    api = call_as("coordinator")
    response = api.put(
        f"/applications/{application.pk}",
        {**payload(demo), "status": "closed", "version": application.version},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"
    assert Application.objects.get(pk=application.pk).status == Status.IDEA


def test_roles_and_municipalities(call_as, demo, make_application):
    other = make_application("Socialens", lead_body=demo.other_committee)
    editor = call_as("editor")
    refused = editor.put(f"/applications/{other.pk}", {**payload(demo), "version": other.version})
    assert refused.status_code == 403
    assert editor.post(
        "/applications", payload(demo, lead_body=demo.other_committee.pk)
    ).status_code in (400, 403)
    assert editor.post("/applications", payload(demo, title="Egen via API")).status_code == 201
    assert call_as("reader").post("/applications", payload(demo)).status_code == 403
    assert call_as("vadstena-coordinator").get(f"/applications/{other.pk}").status_code == 404


def test_anonymous_is_401(client, caller):
    assert caller(client).get("/applications").status_code == 401


def test_list_filters_and_totals(call_as, demo, make_application):
    make_application("Filter A", status=Status.SUBMITTED, submitted_on=datetime.date(2045, 1, 1))
    make_application(
        "Filter B",
        status=Status.GRANTED,
        amount_granted=Decimal("60000"),
        submitted_on=datetime.date(2045, 2, 1),
        programme_name="Filterprogram",
    )
    api = call_as("reader")
    listed = api.get("/applications", {"year": 2045, "sort": "title"}).json()
    assert [row["title"] for row in listed["items"]] == ["Filter A", "Filter B"]
    granted = api.get("/applications", {"year": 2045, "status": "granted"}).json()
    assert [row["title"] for row in granted["items"]] == ["Filter B"]
    named = api.get("/applications", {"programme": "name:Filterprogram"}).json()
    assert [row["title"] for row in named["items"]] == ["Filter B"]
    totals = api.get("/applications/totals", {"year": 2045}).json()
    assert totals == {"count": 2, "applied": "200000.00", "granted": "60000.00"}
    assert api.get("/applications", {"status": "maybe"}).status_code == 400
    assert api.get("/applications", {"sort": "nonsense"}).status_code == 400


def test_list_queries_do_not_grow_with_rows(call_as, demo, make_application):
    api = call_as("reader")
    for number in range(5):
        make_application(f"Räkna {number}")
    # The first request after a change fills the role's cached committees: count the next.
    api.get("/applications")
    with CaptureQueriesContext(connection) as few:
        assert api.get("/applications").status_code == 200
    for number in range(5, 40):
        make_application(f"Räkna {number}")
    with CaptureQueriesContext(connection) as many:
        assert api.get("/applications").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_life_cycle_sub_records(call_as, demo, make_application):
    application = make_application(status=Status.RUNNING, amount_granted=Decimal("50000"))
    api = call_as("editor")
    base = f"/applications/{application.pk}"
    co = api.post(f"{base}/co-financing", {"body": demo.own_committee.pk, "amount_sek": "15000"})
    assert co.status_code == 201, co.json()
    assert co.json()["body_name"] == demo.own_committee.name
    assert (
        api.post(
            f"{base}/grant-agreements", {"signed_on": "2031-01-10", "amount": "50000"}
        ).status_code
        == 201
    )
    claim = api.post(
        f"{base}/payment-claims",
        {"amount": "20000", "submitted_on": "2031-04-01", "paid_on": "2031-03-01"},
    )
    assert claim.status_code == 400
    assert claim.json()["errors"][0]["field"] == "paid_on"
    assert (
        api.post(
            f"{base}/payment-claims", {"amount": "20000", "submitted_on": "2031-04-01"}
        ).status_code
        == 201
    )
    report = api.post(f"{base}/reports", {"kind": "final", "due_on": "2031-12-31"})
    assert report.status_code == 201
    detail = api.get(base).json()
    assert detail["co_financing_sek"] == "15000.00"
    assert [r["kind"] for r in detail["reports"]] == ["final"]
    assert len(detail["payment_claims"]) == 1 and len(detail["grant_agreements"]) == 1
    row = CoFinancing.objects.get(application=application)
    assert api.delete(f"/applications/co-financing/{row.pk}").status_code == 204
    assert api.get(base).json()["co_financing_sek"] == "0.00"
    assert api.post(f"{base}/reports", {"kind": "yearly", "due_on": "2031"}).status_code == 400


def test_create_from_a_call_takes_its_programme(call_as, demo):
    from samverkan.funding.models import Programme

    programme = Programme.objects.create(
        municipality=demo.motala, code="api-test", name="API-programmet", level="eu"
    )
    call = Call.objects.create(
        municipality=demo.motala, reference="API-REF", title="API-utlysning", programme=programme
    )
    api = call_as("coordinator")
    created = api.post(
        "/applications",
        payload(
            demo, call=call.pk, programme_name="", exchange_rate="11.5", rate_date="2026-01-15"
        ),
    )
    assert created.status_code == 201, created.json()
    assert created.json()["programme"] == programme.pk
    assert created.json()["programme_label"] == "API-programmet"
    other = Call.objects.create(
        municipality=demo.vadstena, reference="VAD-REF", title="Vadstenas utlysning"
    )
    refused = api.post("/applications", payload(demo, call=other.pk))
    assert refused.status_code == 400


def test_the_currency_left_out_is_the_actions_choice(call_as, demo):
    """From an EU call without a currency: EUR, as the page and the action give; without a
    call: SEK; a currency sent is kept; a change that leaves it out keeps the record's."""
    call = Call.objects.create(municipality=demo.motala, reference="EUR-REF", title="EU-utlysning")
    api = call_as("coordinator")
    rate = {"exchange_rate": "11.5", "rate_date": "2026-01-15"}
    from_call = api.post("/applications", payload(demo, call=call.pk, **rate))
    assert from_call.status_code == 201, from_call.json()
    assert from_call.json()["currency"] == "EUR"
    assert Application.objects.get(pk=from_call.json()["id"]).currency == "EUR"

    blank = api.post("/applications", payload(demo))
    assert blank.status_code == 201, blank.json()
    assert blank.json()["currency"] == "SEK"

    chosen = api.post("/applications", payload(demo, call=call.pk, currency="SEK"))
    assert chosen.status_code == 201, chosen.json()
    assert chosen.json()["currency"] == "SEK"

    changed = api.put(
        f"/applications/{from_call.json()['id']}",
        payload(demo, call=call.pk, version=from_call.json()["version"], **rate),
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["currency"] == "EUR"

    without_rate = api.post("/applications", payload(demo, call=call.pk))
    assert without_rate.status_code == 400
    assert {error["field"] for error in without_rate.json()["errors"]} >= {"exchange_rate"}


@pytest.mark.parametrize("path", ["/applications/999999", "/applications/abc"])
def test_missing_is_404_or_400_never_500(call_as, path):
    response = call_as("coordinator").get(path)
    assert response.status_code in (400, 404)
    assert "message" in response.json()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"amount_applied": "-5"}, "amount_applied"),
        ({"amount_applied": "1" + "0" * 20}, "amount_applied"),
        ({"partners": [999999]}, "partners"),
        ({"submitted_on": "2031-05-01", "decided_on": "2031-01-01"}, "decided_on"),
        ({"submitted_on": "01/05/2031"}, "submitted_on"),
    ],
)
def test_more_bad_input_names_the_field(call_as, demo, changes, field):
    response = call_as("coordinator").post("/applications", payload(demo, **changes))
    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]


def test_a_truncated_body_is_400_json(client, demo):
    client.force_login(demo.users["coordinator"])
    response = client.post(
        "/api/v1/applications", '{"title": "Halv', content_type="application/json"
    )
    assert response.status_code == 400
    assert "message" in response.json()


def test_a_report_is_marked_submitted_and_a_stale_version_is_409(call_as, demo, make_application):
    application = make_application(status=Status.RUNNING, amount_granted=Decimal("1000"))
    api = call_as("coordinator", via="token")
    report = api.post(
        f"/applications/{application.pk}/reports", {"kind": "interim", "due_on": "2031-06-30"}
    ).json()
    url = f"/applications/reports/{report['id']}"
    done = api.put(
        url,
        {"kind": "interim", "due_on": "2031-06-30", "submitted_on": "2031-06-20", "version": 1},
    )
    assert done.status_code == 200, done.json()
    assert done.json()["submitted_on"] == "2031-06-20" and done.json()["version"] == 2
    stale = api.put(url, {"kind": "interim", "due_on": "2031-07-30", "version": 1})
    assert stale.status_code == 409
    assert "message" in stale.json()
    editor = call_as("editor")
    other = make_application(lead_body=demo.other_committee)
    claim = api.post(
        f"/applications/{other.pk}/payment-claims", {"amount": "5", "submitted_on": "2031-01-01"}
    ).json()
    refused = editor.put(
        f"/applications/payment-claims/{claim['id']}",
        {"amount": "6", "submitted_on": "2031-01-01", "version": 1},
    )
    assert refused.status_code == 403
