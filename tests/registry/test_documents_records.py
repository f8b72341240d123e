"""Document pages: upload checked by content and size, download only to who may see it."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.registry.demo import minimal_pdf
from samverkan.registry.models import Agreement, Decision, DecisionType, Document

PDF = minimal_pdf("Protokoll")
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def kf(demo):
    return Decision.objects.create(
        municipality=demo.motala,
        body=demo.council,
        decision_type=DecisionType.TWIN_TOWN_AGREEMENT,
        meeting_date=datetime.date(2026, 3, 9),
        registration_number="26/KS 0942",
        paragraph=912,
        title="Vänortsavtal med Hyvinge",
    )


def login(client, demo, username):
    client.force_login(demo.users[username])
    return client


def upload(client, parent, pk, name="protokoll.pdf", content=PDF, **data):
    fields = {"kind": "minutes", "title": "Protokoll", "is_public": "on", **data}
    if fields.get("is_public") is False:
        del fields["is_public"]
    return client.post(
        reverse("document-create", args=[parent, pk]),
        {**fields, "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_registrar_uploads_minutes_and_anyone_in_motala_downloads_them(client, demo, kf, media):
    login(client, demo, "registrar")
    response = upload(client, "decision", kf.pk)
    assert response.status_code == 302
    assert response.url == reverse("decision-detail", args=[kf.pk])
    document = Document.objects.get(decision=kf)
    assert (document.content_type, document.original_name, document.size) == (
        "application/pdf",
        "protokoll.pdf",
        len(PDF),
    )
    # Stored under MEDIA_ROOT, never among the static files.
    assert (media / document.file.name).read_bytes() == PDF
    login(client, demo, "reader")
    page = client.get(reverse("decision-detail", args=[kf.pk])).content.decode()
    assert reverse("document-download", args=[document.pk]) in page
    response = client.get(reverse("document-download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "protokoll.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_a_docx_is_recognised_by_its_parts(client, demo, kf):
    login(client, demo, "coordinator")
    response = upload(client, "decision", kf.pk, name="avtal.docx", content=docx_bytes())
    assert response.status_code == 302
    assert Document.objects.get(decision=kf).content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize("content", [ELF, MZ], ids=["elf", "exe"])
def test_an_executable_named_pdf_is_refused(english, demo, kf, media, content):
    login(english, demo, "coordinator")
    response = upload(english, "decision", kf.pk, name="protokoll.pdf", content=content)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert "its content says otherwise" in errors[0]
    assert 'class="error-summary"' in response.content.decode()
    assert not Document.objects.filter(decision=kf).exists()
    assert not any(media.rglob("*.pdf"))


def test_an_over_sized_file_is_refused(english, demo, kf, settings, media):
    settings.SAMVERKAN_MAX_UPLOAD_MB = 1
    login(english, demo, "coordinator")
    big = PDF + b"0" * (1024 * 1024)
    response = upload(english, "decision", kf.pk, content=big)
    assert response.status_code == 200
    assert "the largest allowed is 1.0" in response.context["form"].errors["file"][0]
    assert not Document.objects.filter(decision=kf).exists()
    assert not any(media.rglob("*"))


def test_a_pdf_named_as_an_image_is_refused(client, demo, kf):
    login(client, demo, "coordinator")
    response = upload(client, "decision", kf.pk, name="bild.png")
    assert "file" in response.context["form"].errors
    assert not Document.objects.filter(decision=kf).exists()


def test_confidential_document_needs_a_ground_and_is_shown_only_to_those_who_may(english, demo, kf):
    login(english, demo, "registrar")
    response = upload(english, "decision", kf.pk, title="Säkerhetsbedömning", is_public=False)
    assert "confidentiality_ground" in response.context["form"].errors
    assert not Document.objects.filter(decision=kf).exists()
    response = upload(
        english,
        "decision",
        kf.pk,
        title="Säkerhetsbedömning",
        is_public=False,
        confidentiality_ground="18 kap. 8 § OSL",
    )
    assert response.status_code == 302
    secret = Document.objects.get(decision=kf)
    assert english.get(reverse("document-download", args=[secret.pk])).status_code == 200
    login(english, demo, "reader")
    assert english.get(reverse("document-download", args=[secret.pk])).status_code == 403
    page = english.get(reverse("decision-detail", args=[kf.pk])).content.decode()
    assert "Säkerhetsbedömning" not in page
    assert "1 confidential document is not shown to your role." in page


def test_upload_permissions(client, demo, kf):
    agreement = Agreement.objects.create(
        municipality=demo.motala, kind="twin_town_agreement", title="Avtal med Hyvinge"
    )
    login(client, demo, "reader")
    assert upload(client, "decision", kf.pk).status_code == 403
    login(client, demo, "registrar")
    # A registrar records decisions, not agreements.
    assert upload(client, "agreement", agreement.pk).status_code == 403
    assert client.get(reverse("document-create", args=["minutes", kf.pk])).status_code == 404
    login(client, demo, "coordinator")
    assert upload(client, "agreement", agreement.pk).status_code == 302
    assert Document.objects.get(agreement=agreement).title == "Protokoll"


def test_another_municipality_gets_404_on_a_document(client, demo, kf):
    login(client, demo, "registrar")
    upload(client, "decision", kf.pk)
    document = Document.objects.get(decision=kf)
    login(client, demo, "vadstena-coordinator")
    assert client.get(reverse("document-download", args=[document.pk])).status_code == 404
    assert client.post(reverse("document-delete", args=[document.pk])).status_code == 404
    assert client.post(reverse("document-create", args=["decision", kf.pk])).status_code == 404


def test_document_delete_moves_it_to_the_trash(client, demo, kf):
    login(client, demo, "registrar")
    upload(client, "decision", kf.pk)
    document = Document.objects.get(decision=kf)
    login(client, demo, "reader")
    assert client.post(reverse("document-delete", args=[document.pk])).status_code == 403
    login(client, demo, "registrar")
    response = client.post(reverse("document-delete", args=[document.pk]))
    assert response.status_code == 302
    assert response.url == reverse("decision-detail", args=[kf.pk])
    assert not Document.objects.filter(decision=kf).exists()
