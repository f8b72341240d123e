"""The API is a promise: the committed OpenAPI document is the one the code generates."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

from samverkan.api.openapi import COMMITTED_PATH, REGENERATE, openapi_text

ROOT = Path(__file__).resolve().parents[2]


def test_committed_document_matches_the_code():
    committed = (ROOT / COMMITTED_PATH).read_text(encoding="utf-8")
    assert committed == openapi_text(), (
        f"{COMMITTED_PATH} is out of date with the API. If the change is intended, "
        f"regenerate it with `{REGENERATE}` and commit it."
    )


def test_export_command_prints_the_document():
    out = StringIO()
    call_command("export_openapi", stdout=out)
    assert out.getvalue() == openapi_text()


def test_document_is_served_at_the_promised_url(client, db):
    assert reverse("api-1:openapi-json") == "/api/v1/openapi.json"
    # The interactive documentation keeps its name too.
    assert reverse("api-1:openapi-view") == "/api/v1/docs"
    response = client.get("/api/v1/openapi.json", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document == json.loads(openapi_text())


def test_resources_are_plural_kebab_case_nouns():
    paths = json.loads(openapi_text())["paths"]
    assert set(paths) == {
        "/api/v1/municipalities",
        "/api/v1/municipalities/{code}",
        "/api/v1/bodies",
        "/api/v1/bodies/{body_id}",
        "/api/v1/goals",
        "/api/v1/goals/{goal_id}",
        "/api/v1/partners",
        "/api/v1/partners/{partner_id}",
        "/api/v1/contacts",
        "/api/v1/contacts/{contact_id}",
        "/api/v1/contacts/{contact_id}/export",
        "/api/v1/contacts/{contact_id}/erase",
        "/api/v1/decisions",
        "/api/v1/decisions/{decision_id}",
        "/api/v1/rule-violations",
        "/api/v1/twin-towns",
        "/api/v1/twin-towns/{twin_town_id}",
        "/api/v1/agreements",
        "/api/v1/agreements/{agreement_id}",
        "/api/v1/memberships",
        "/api/v1/memberships/{membership_id}",
        "/api/v1/decisions/{decision_id}/documents",
        "/api/v1/agreements/{agreement_id}/documents",
        "/api/v1/documents/{document_id}",
        "/api/v1/documents/{document_id}/file",
        "/api/v1/memberships/{membership_id}/fees",
        "/api/v1/memberships/{membership_id}/participation",
        "/api/v1/memberships/{membership_id}/value-reviews",
        "/api/v1/twin-towns/{twin_town_id}/notes",
        "/api/v1/activities",
        "/api/v1/activities/totals",
        "/api/v1/activities/{activity_id}",
        "/api/v1/activities/{activity_id}/funding-lines",
        "/api/v1/activities/{activity_id}/milestones",
        "/api/v1/trainings",
        "/api/v1/trainings/{training_id}",
        "/api/v1/resources",
        "/api/v1/resources/{resource_id}",
        "/api/v1/decisions/{item_id}/control-log",
        "/api/v1/agreements/{item_id}/control-log",
        "/api/v1/twin-towns/{item_id}/control-log",
        "/api/v1/memberships/{item_id}/control-log",
        "/api/v1/partners/{item_id}/control-log",
        "/api/v1/applications/documents/{record_id}",
        "/api/v1/applications/documents/{record_id}/file",
        "/api/v1/applications/{application_id}/documents",
        "/api/v1/programmes",
        "/api/v1/programmes/{programme_id}",
        "/api/v1/calls",
        "/api/v1/calls/{call_id}",
        "/api/v1/calls/{call_id}/mark",
        "/api/v1/compliance/{year}",
        "/api/v1/reports/{year}",
        "/api/v1/accounts",
        "/api/v1/accounts/{account_id}",
        "/api/v1/accounts/{account_id}/sections",
        "/api/v1/accounts/{account_id}/submit",
        "/api/v1/accounts/{account_id}/approve",
        "/api/v1/accounts/{account_id}/return",
        "/api/v1/watch-items",
        "/api/v1/watch-items/{item_id}",
        "/api/v1/watch-items/{item_id}/influence-actions",
        "/api/v1/watch-items/{item_id}/influence-actions/{action_id}",
        "/api/v1/applications",
        "/api/v1/applications/totals",
        "/api/v1/applications/{application_id}",
        "/api/v1/applications/{application_id}/co-financing",
        "/api/v1/applications/{application_id}/grant-agreements",
        "/api/v1/applications/{application_id}/payment-claims",
        "/api/v1/applications/{application_id}/reports",
        "/api/v1/applications/co-financing/{record_id}",
        "/api/v1/applications/grant-agreements/{record_id}",
        "/api/v1/applications/payment-claims/{record_id}",
        "/api/v1/applications/reports/{record_id}",
        # The anonymous read API of what each municipality publishes (docs/open-data.md).
        "/api/v1/public/municipalities",
        "/api/v1/public/{code}",
        "/api/v1/public/{code}/policies",
        "/api/v1/public/{code}/twin-towns",
        "/api/v1/public/{code}/memberships",
        "/api/v1/public/{code}/agreements",
        "/api/v1/public/{code}/activities",
        "/api/v1/public/{code}/activities/{activity_id}",
        "/api/v1/public/{code}/countries",
        "/api/v1/public/{code}/reports",
        "/api/v1/public/{code}/compliance",
    }
