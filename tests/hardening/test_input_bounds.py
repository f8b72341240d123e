"""Bad input is refused before it reaches the database: 400, 404 or 413, never 500.

Each case was a 500 on SQLite or PostgreSQL (issue 15). Messages are not asserted (the
interface is Swedish by default): status codes, the JSON shape and the field named are.
"""

import json

import pytest
from django.urls import reverse

from samverkan.lib.inputs import INT_MAX

API = "/api/v1"

LIST_PAGES = [
    "activity-list",
    "training-list",
    "resource-list",
    "application-list",
    "programme-list",
    "call-list",
    "watchitem-list",
    "people-list",
    "body-list",
    "goal-list",
    "partner-list",
    "contact-list",
    "decision-list",
    "twintown-list",
    "agreement-list",
    "membership-list",
    "account-rounds",
]


def api_list_paths(client):
    """Every GET operation of the API without a path parameter."""
    schema = client.get(f"{API}/openapi.json").json()
    return sorted(
        path.removeprefix(API)
        for path, operations in schema["paths"].items()
        if "get" in operations and "{" not in path
    )


def assert_invalid_input(response, field):
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert set(body) == {"message", "errors"}
    assert isinstance(body["message"], str) and body["message"]
    assert [error["field"] for error in body["errors"]] == [field]
    assert all(isinstance(error["message"], str) for error in body["errors"])


# NUL and lone surrogates ----------------------------------------------------------------


@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_nul_in_a_page_search_is_a_plain_400(client, demo, name):
    client.force_login(demo.users["coordinator"])
    response = client.get(reverse(name), {"q": "vän\x00ort"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_nul_in_every_api_list_is_the_json_error(client, demo):
    client.force_login(demo.users["coordinator"])
    paths = api_list_paths(client)
    assert len(paths) >= 13
    for path in paths:
        response = client.get(API + path, {"q": "\x00"})
        assert_invalid_input(response, "q")


def test_anonymous_municipalities_refuse_a_nul(client, db):
    response = client.get(f"{API}/municipalities?q=%00")
    assert_invalid_input(response, "q")


def test_a_nul_in_any_query_parameter_names_it(client, demo):
    client.force_login(demo.users["coordinator"])
    response = client.get(f"{API}/activities?kind=project%00")
    assert_invalid_input(response, "kind")


def test_a_lone_surrogate_in_a_json_body_is_refused(client, demo):
    client.force_login(demo.users["coordinator"])
    body = '{"name": "Partner \\ud800", "kind": "association", "country": "SE"}'
    response = client.post(f"{API}/partners", body, content_type="application/json")
    assert_invalid_input(response, "name")


def test_a_nul_deep_in_a_json_body_names_the_path(client, demo):
    client.force_login(demo.users["coordinator"])
    body = json.dumps({"title": "x", "items": [{"a": "ok"}, {"b": "no\x00"}]})
    response = client.post(f"{API}/partners", body, content_type="application/json")
    assert_invalid_input(response, "items.1.b")


def test_a_valid_surrogate_pair_is_accepted_as_the_character_it_makes(client, demo):
    client.force_login(demo.users["coordinator"])
    response = client.get(f"{API}/partners", {"q": "\U0001f600"})
    assert response.status_code == 200


def test_a_nul_in_a_form_field_is_a_plain_400(client, demo):
    client.force_login(demo.users["coordinator"])
    response = client.post(reverse("partner-create"), {"name": "Nul\x00partner"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_nul_in_a_multipart_field_is_refused(client, demo):
    client.force_login(demo.users["coordinator"])
    response = client.post(f"{API}/partners", {"name": "a\x00b"})  # multipart by default
    assert_invalid_input(response, "name")


# Huge numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["99999999999999999999999", str(2**63), "-1", "1e400"])
def test_huge_api_page_numbers_are_400_not_500(client, db, page):
    response = client.get(f"{API}/municipalities", {"page": page})
    assert response.status_code == 400
    assert set(response.json()) == {"message", "errors"}


@pytest.mark.parametrize("name", ["activity-list", "partner-list", "decision-list"])
def test_huge_page_numbers_on_pages_are_not_500(client, demo, name):
    client.force_login(demo.users["coordinator"])
    for page in ("9" * 40, str(2**62), "-5", "1e400"):
        response = client.get(reverse(name), {"page": page})
        assert response.status_code in (200, 400, 404), page


@pytest.mark.parametrize("pk", [2**63, 10**30, 2**31])
def test_huge_ids_in_pages_are_404(client, demo, pk):
    client.force_login(demo.users["coordinator"])
    assert client.get(f"/activities/{pk}/").status_code == 404
    assert client.get(f"/registry/partners/{pk}/").status_code == 404


@pytest.mark.parametrize("pk", [2**63, 10**30, 2**31])
def test_huge_ids_in_the_api_are_404_or_400_anonymously_too(client, demo, pk):
    for path in (f"{API}/activities/{pk}", f"{API}/partners/{pk}", f"{API}/twin-towns/{pk}"):
        response = client.get(path)
        assert response.status_code in (400, 401, 404), path
        assert "message" in response.json()
    client.force_login(demo.users["coordinator"])
    response = client.get(f"{API}/activities/{pk}")
    assert response.status_code in (400, 404)
    assert "message" in response.json()


def test_huge_ids_in_a_json_body_are_400(client, demo):
    client.force_login(demo.users["coordinator"])
    payload = {
        "title": "Huge committee",
        "committee": 10**30,
        "kind": "project",
        "status": "planned",
        "start_date": "2025-01-01",
    }
    response = client.post(f"{API}/activities", payload, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"message", "errors"}


@pytest.mark.parametrize("year", [0, 1, 10000, 99999999999999999999])
def test_report_and_compliance_years_outside_the_domain_are_404(client, demo, year):
    client.force_login(demo.users["coordinator"])
    for name in ("account-report", "account-board", "compliance-dashboard"):
        assert client.get(reverse(name, args=[year])).status_code == 404, name


@pytest.mark.parametrize("year", [0, 1, 10000])
def test_report_years_outside_the_domain_in_the_api_are_400_or_404(client, demo, year):
    client.force_login(demo.users["coordinator"])
    for path in (f"{API}/reports/{year}", f"{API}/compliance/{year}"):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert "message" in response.json()


# Participant counts bounded as PostgreSQL's integer -------------------------------------


def test_a_participant_count_past_the_integer_is_refused_by_the_api(client, demo):
    client.force_login(demo.users["coordinator"])
    payload = {
        "title": "Too many",
        "committee": demo.own_committee.pk,
        "kind": "project",
        "status": "planned",
        "start_date": "2025-01-01",
        "participants_elected": INT_MAX + 1,
    }
    response = client.post(f"{API}/activities", payload, content_type="application/json")
    assert response.status_code == 400
    fields = [error["field"] for error in response.json()["errors"]]
    assert "participants_elected" in fields


def test_the_largest_participant_count_is_accepted(client, demo):
    client.force_login(demo.users["coordinator"])
    payload = {
        "title": "Many",
        "committee": demo.own_committee.pk,
        "kind": "project",
        "status": "planned",
        "start_date": "2025-01-01",
        "participants_elected": INT_MAX,
    }
    response = client.post(f"{API}/activities", payload, content_type="application/json")
    assert response.status_code == 201, response.content[:500]


@pytest.mark.parametrize(
    "model, name",
    [
        ("activities.Activity", "participants_employees"),
        ("activities.Activity", "participants_young"),
        ("activities.Training", "participants_elected"),
    ],
)
def test_integer_fields_have_postgresql_bounds_on_every_database(db, model, name):
    from django.apps import apps
    from django.core.exceptions import ValidationError

    field = apps.get_model(model)._meta.get_field(name)
    field.run_validators(INT_MAX)
    with pytest.raises(ValidationError):
        field.run_validators(INT_MAX + 1)


# Sizes and multipart ----------------------------------------------------------------------


def test_a_json_body_over_the_limit_is_413(client, demo, settings):
    client.force_login(demo.users["coordinator"])
    big = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = client.post(f"{API}/partners", big, content_type="application/json")
    assert response.status_code == 413
    assert set(response.json()) == {"message"}


def test_a_form_body_over_the_limit_is_413(client, demo, settings):
    client.force_login(demo.users["coordinator"])
    big = "name=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = client.post(
        reverse("partner-create"), big, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


def test_a_multipart_body_without_a_boundary_is_400(client, demo):
    client.force_login(demo.users["coordinator"])
    for path in (f"{API}/partners", reverse("partner-create")):
        response = client.post(path, b"--x\r\nstuff\r\n--x--", content_type="multipart/form-data")
        assert response.status_code == 400, path


def test_a_broken_multipart_body_is_400(client, demo):
    client.force_login(demo.users["coordinator"])
    response = client.post(
        f"{API}/partners",
        b'--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nunterminated',
        content_type="multipart/form-data; boundary=b",
    )
    assert response.status_code in (400, 415)


@pytest.mark.parametrize("name", ["committee", "programme", "lead_body", "body"])
def test_a_huge_id_in_a_query_filter_is_400_naming_it(client, demo, name):
    client.force_login(demo.users["coordinator"])
    for path in ("/trainings", "/calls", "/applications/totals", "/resources"):
        response = client.get(API + path, {name: "2" * 25})
        assert_invalid_input(response, name)


def test_a_long_number_in_the_search_is_text(client, demo):
    client.force_login(demo.users["coordinator"])
    assert client.get(f"{API}/partners", {"q": "9" * 30}).status_code == 200


def test_huge_ids_in_a_json_list_are_400_naming_the_item(client, demo):
    client.force_login(demo.users["coordinator"])
    payload = {"title": "Huge party", "kind": "twin_town_agreement", "parties": [1, 2**70]}
    response = client.post(f"{API}/agreements", payload, content_type="application/json")
    assert_invalid_input(response, "parties.1")


def test_a_json_body_nested_too_deep_is_400(client, demo):
    client.force_login(demo.users["coordinator"])
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(f"{API}/partners", body, content_type="application/json")
    assert response.status_code == 400


def test_too_many_query_parameters_are_a_plain_400(client, db):
    query = "&".join(f"f{n}=1" for n in range(1200))
    assert client.get(f"/registry/partners/?{query}").status_code == 400
    response = client.get(f"{API}/municipalities?{query}")
    assert response.status_code == 400
    assert "message" in response.json()
