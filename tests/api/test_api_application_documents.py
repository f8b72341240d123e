"""An application's documents through the API: upload (type checked by content), download,
delete to the trash; the pages' rules for who may do what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.api.actions import create_token
from samverkan.applications.models import Application, ApplicationAttachment
from samverkan.registry.demo import minimal_pdf

BASE = "/api/v1"
PDF = minimal_pdf("Projektplan")
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def application(demo):
    return Application.objects.create(
        municipality=demo.motala,
        lead_body=demo.own_committee,
        programme_name="Erasmus+",
        title="Skolutbyte med Hyvinge",
    )


def _headers(demo, username):
    _token, raw = create_token(demo.users[username])
    return {"Authorization": f"Bearer {raw}"}


def _upload(client, demo, username, application, name, content, title="Ansökan"):
    return client.post(
        f"{BASE}/applications/{application.pk}/documents",
        {"title": title, "file": SimpleUploadedFile(name, content)},
        headers=_headers(demo, username),
    )


def test_upload_download_and_delete(client, demo, application):
    created = _upload(client, demo, "editor", application, "ansokan.pdf", PDF)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["title"], body["original_name"], body["content_type"], body["size"]) == (
        "Ansökan",
        "ansokan.pdf",
        "application/pdf",
        len(PDF),
    )
    headers = _headers(demo, "reader")
    detail = client.get(f"{BASE}/applications/{application.pk}", headers=headers).json()
    assert [d["id"] for d in detail["documents"]] == [body["id"]]
    download = client.get(f"{BASE}/applications/documents/{body['id']}/file", headers=headers)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"

    # Readers may not delete; the editor of the lead body may, into the trash.
    url = f"{BASE}/applications/documents/{body['id']}"
    assert client.delete(url, headers=headers).status_code == 403
    assert client.delete(url, headers=_headers(demo, "editor")).status_code == 204
    assert not ApplicationAttachment.objects.filter(pk=body["id"]).exists()


def test_a_file_that_is_not_what_it_says_is_refused_with_a_400(client, demo, application):
    response = _upload(client, demo, "coordinator", application, "ansokan.pdf", EXE)
    assert response.status_code == 400, response.content
    assert {error["field"] for error in response.json()["errors"]} == {"file"}
    empty_title = _upload(client, demo, "coordinator", application, "a.pdf", PDF, title="")
    assert empty_title.status_code == 400
    assert not ApplicationAttachment.objects.filter(application=application).exists()


def test_who_may_upload(client, demo, application):
    assert _upload(client, demo, "reader", application, "a.pdf", PDF).status_code == 403
    foreign = _upload(client, demo, "vadstena-coordinator", application, "a.pdf", PDF)
    assert foreign.status_code == 404
    anonymous = client.post(
        f"{BASE}/applications/{application.pk}/documents",
        {"title": "x", "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert anonymous.status_code == 401
    assert not ApplicationAttachment.objects.filter(application=application).exists()
