"""Files on decisions and agreements through the API: checked by content, served by rights."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.api.actions import create_token
from samverkan.history.models import DeletedRecord
from samverkan.registry.demo import minimal_pdf
from samverkan.registry.models import Agreement, Decision, Document

BASE = "/api/v1"


def _png() -> bytes:
    """A real 1×1 PNG (the upload check decodes the whole image)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (1, 1), (0, 80, 122, 255)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def upload(client, demo):
    """upload(username, path, name, content, **fields): a multipart POST with a token."""

    def post(username, path, name, content, **fields):
        _token, raw = create_token(demo.users[username])
        data = {"title": "Protokollsutdrag", **fields}
        if content is not None:
            data["file"] = SimpleUploadedFile(name, content)
        return client.post(BASE + path, data, headers={"Authorization": f"Bearer {raw}"})

    return post


@pytest.fixture
def decision(demo):
    return Decision.objects.get(municipality=demo.motala, registration_number="98/KS 0153")


def _get(client, demo, username, path):
    _token, raw = create_token(demo.users[username])
    return client.get(BASE + path, headers={"Authorization": f"Bearer {raw}"})


def test_registrar_attaches_minutes_to_a_decision(demo, client, upload, decision, settings):
    pdf = minimal_pdf("Protokoll KF 1998-05-25")
    response = upload(
        "registrar", f"/decisions/{decision.pk}/documents", "kf.pdf", pdf, kind="minutes"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["decision"], data["kind"], data["content_type"], data["size"]) == (
        decision.pk,
        "minutes",
        "application/pdf",
        len(pdf),
    )
    document = Document.objects.get(pk=data["id"])
    # Stored under the media root, never with the static files.
    assert str(settings.MEDIA_ROOT) in document.file.path
    detail = _get(client, demo, "reader", f"/decisions/{decision.pk}").json()
    assert [d["id"] for d in detail["documents"]] == [document.pk]
    download = _get(client, demo, "reader", f"/documents/{document.pk}/file")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content", "fields", "field"),
    [
        ("program.pdf", EXECUTABLE, {}, "file"),
        ("bild.pdf", PNG, {}, "file"),
        ("tom.pdf", b"", {}, "file"),
        ("kf.pdf", minimal_pdf("x"), {"is_public": "false"}, "confidentiality_ground"),
        ("kf.pdf", minimal_pdf("x"), {"kind": "poem"}, "kind"),
        ("kf.pdf", minimal_pdf("x"), {"title": ""}, "title"),
        ("kf.pdf", None, {}, "file"),
    ],
    ids=[
        "executable-named-pdf",
        "png-named-pdf",
        "empty",
        "confidential-without-ground",
        "unknown-kind",
        "no-title",
        "no-file",
    ],
)
def test_bad_uploads_answer_400_and_store_nothing(
    demo, upload, decision, settings, name, content, fields, field
):
    response = upload("coordinator", f"/decisions/{decision.pk}/documents", name, content, **fields)
    assert response.status_code == 400, response.content
    data = response.json()
    assert data["message"]
    assert field in {error["field"] for error in data["errors"]}
    assert all(error["message"] for error in data["errors"])
    assert not decision.documents.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_an_over_sized_file_is_refused(demo, upload, decision, settings):
    settings.SAMVERKAN_MAX_UPLOAD_MB = 1
    big = minimal_pdf("stor") + b"%" * (1024 * 1024)
    response = upload("coordinator", f"/decisions/{decision.pk}/documents", "stor.pdf", big)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["file"]
    assert not decision.documents.exists()


def test_confidential_files_only_for_those_who_may_see_them(demo, client, upload, decision):
    response = upload(
        "coordinator",
        f"/decisions/{decision.pk}/documents",
        "hemlig.pdf",
        minimal_pdf("hemlig"),
        is_public="false",
        confidentiality_ground="21 kap. 1 § OSL",
    )
    assert response.status_code == 201, response.content
    document_id = response.json()["id"]
    hidden = _get(client, demo, "reader", f"/documents/{document_id}/file")
    assert hidden.status_code == 403
    assert set(hidden.json()) == {"message"}
    assert _get(client, demo, "reader", f"/decisions/{decision.pk}").json()["documents"] == []
    shown = _get(client, demo, "registrar", f"/documents/{document_id}/file")
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]


def test_who_may_upload_to_an_agreement(demo, upload):
    agreement = Agreement.objects.get(municipality=demo.motala, kind="municipal_partnership")
    path = f"/agreements/{agreement.pk}/documents"
    for username, status in [
        ("reader", 403),
        ("registrar", 403),
        ("editor", 403),
        ("coordinator", 201),
    ]:
        response = upload(username, path, "avtal.png", PNG, kind="agreement")
        assert response.status_code == status, username
    assert [d.original_name for d in agreement.documents.all()] == ["avtal.png"]
    vadstena = upload("vadstena-coordinator", path, "avtal.png", PNG)
    assert vadstena.status_code == 404
    assert agreement.documents.count() == 1


def test_anonymous_and_foreign_callers_get_no_file(demo, client, upload, decision):
    document_id = upload(
        "coordinator", f"/decisions/{decision.pk}/documents", "kf.pdf", minimal_pdf("kf")
    ).json()["id"]
    anonymous = client.get(f"{BASE}/documents/{document_id}/file")
    assert anonymous.status_code == 401
    assert (
        _get(client, demo, "vadstena-coordinator", f"/documents/{document_id}/file").status_code
        == 404
    )


def test_delete_a_document_to_the_trash(demo, client, upload, decision):
    document_id = upload(
        "coordinator", f"/decisions/{decision.pk}/documents", "kf.pdf", minimal_pdf("kf")
    ).json()["id"]
    _token, raw = create_token(demo.users["reader"])
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.delete(f"{BASE}/documents/{document_id}", headers=headers).status_code == 403
    _token, raw = create_token(demo.users["registrar"])
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.delete(f"{BASE}/documents/{document_id}", headers=headers).status_code == 204
    assert DeletedRecord.objects.filter(
        model_label="registry.document", object_id=str(document_id)
    ).exists()
    assert not Document.objects.filter(pk=document_id).exists()
