"""PDFs that run code or hide behind a password are refused with their own message.

Each case is a real PDF written by pypdf, the way an attacker's tool or an office suite
would write it: JavaScript run on opening, a Launch action that starts a program, a
script behind a link, and a password-protected file.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from samverkan.registry import files
from samverkan.registry.models import Decision, Document


def _pdf(build=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if build:
        build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _open_action(action: dict):
    def build(writer):
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(
            DictionaryObject({NameObject(k): v for k, v in action.items()})
        )

    return build


def _with_javascript(writer):
    """Document-level JavaScript, in the catalogue's /Names tree, as Acrobat writes it."""
    script = writer._add_object(
        DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hello');"),
            }
        )
    )
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("js"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )


def _with_link_script(writer):
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (0, 0, 100, 100)]),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/JavaScript"),
                    NameObject("/JS"): TextStringObject("this.exportDataObject();"),
                }
            ),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _encrypted(writer):
    writer.encrypt(user_password="hemligt", owner_password="hemligare")


def _opened_without_password(writer):
    writer.encrypt(user_password="", owner_password="hemligare")


LAUNCH = {
    "/S": NameObject("/Launch"),
    "/F": TextStringObject("cmd.exe"),
}
SCRIPT_ON_OPEN = {
    "/S": NameObject("/JavaScript"),
    "/JS": TextStringObject("app.launchURL('http://example.org');"),
}
GO_TO_FIRST_PAGE = {
    "/S": NameObject("/URI"),
    "/URI": TextStringObject("https://example.org/"),
}


def refusal(content: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        files.check_upload(SimpleUploadedFile("protokoll.pdf", content))
    return error.value.code


def test_a_plain_pdf_written_by_pypdf_is_accepted():
    assert files.check_upload(SimpleUploadedFile("protokoll.pdf", _pdf())) == files.PDF


def test_a_harmless_open_action_is_accepted():
    content = _pdf(_open_action(GO_TO_FIRST_PAGE))
    assert files.check_upload(SimpleUploadedFile("protokoll.pdf", content)) == files.PDF


@pytest.mark.parametrize(
    "build",
    [_with_javascript, _open_action(LAUNCH), _open_action(SCRIPT_ON_OPEN), _with_link_script],
    ids=["document-javascript", "launch-on-open", "script-on-open", "script-behind-a-link"],
)
def test_a_pdf_that_runs_code_is_refused(build):
    assert refusal(_pdf(build)) == "pdf_code"


@pytest.mark.parametrize("build", [_encrypted, _opened_without_password])
def test_an_encrypted_pdf_is_refused(build):
    assert refusal(_pdf(build)) == "encrypted"


def test_the_messages_name_the_file_and_differ():
    messages = {}
    cases = {"pdf_code": _pdf(_with_javascript), "encrypted": _pdf(_encrypted)}
    for code, content in cases.items():
        with pytest.raises(ValidationError) as error:
            files.check_upload(SimpleUploadedFile("bilaga.pdf", content))
        assert error.value.code == code
        messages[code] = error.value.messages[0]
    assert all("bilaga.pdf" in message for message in messages.values())
    assert messages["pdf_code"] != messages["encrypted"]


def test_the_page_and_the_api_refuse_them_and_store_nothing(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    decision = Decision.objects.filter(municipality=demo.motala).first()
    before = Document.objects.count()
    client.force_login(demo.users["coordinator"])
    page = client.post(
        reverse("document-create", args=["decision", decision.pk]),
        {
            "kind": "minutes",
            "title": "Med skript",
            "is_public": "on",
            "file": SimpleUploadedFile("skript.pdf", _pdf(_open_action(LAUNCH))),
        },
    )
    assert page.status_code == 200
    assert [e.code for e in page.context["form"].errors.as_data()["file"]] == ["pdf_code"]
    api = client.post(
        f"/api/v1/decisions/{decision.pk}/documents",
        {
            "kind": "minutes",
            "title": "Låst",
            "file": SimpleUploadedFile("last.pdf", _pdf(_encrypted)),
        },
    )
    assert api.status_code == 400
    assert [error["field"] for error in api.json()["errors"]] == ["file"]
    assert Document.objects.count() == before
    assert not any(path.is_file() for path in tmp_path.rglob("*"))
