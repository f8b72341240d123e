"""Uploads: the type from the whole content (PDFs parse, images decode, Office packages are
complete and without macros), the size while the body streams, and no half-written file.
"""

import errno
import io
import os
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import FakePayload, encode_multipart
from django.urls import reverse

from samverkan.lib.uploads import PARTIAL_PREFIX, AtomicFileSystemStorage, TooLargeUpload
from samverkan.registry import files
from samverkan.registry.demo import minimal_pdf
from samverkan.registry.models import Decision, Document

PDF = minimal_pdf("Protokoll")
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 400

MACRO_DOCX = "application/vnd.ms-word.document.macroEnabled.main+xml"
MAIN_TYPES = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}
OFFICE = "application/vnd.openxmlformats-officedocument."


def ooxml(kind="docx", *, main_type=None, parts=None, types=(), prefix=b"") -> bytes:
    """An Office Open XML package: content types, the package relationship, the main part."""
    main, default_type = MAIN_TYPES[kind]
    main_type = main_type or OFFICE + default_type
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{value}"/>'
        for name, value in [(main, main_type), *types]
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Target="{main}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument"/></Relationships>',
        )
        archive.writestr(main, '<?xml version="1.0"?><root/>')
        for name, content in (parts or {}).items():
            archive.writestr(name, content)
    return prefix + buffer.getvalue()


def odt(*, parts=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", files.ODT, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
        archive.writestr("content.xml", "<document-content/>")
        for name, content in (parts or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def png(width=4, height=4) -> bytes:
    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x10\x20\x30" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def noise_png(side=300) -> bytes:
    """A real PNG that does not compress: several chunks long when stored."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def refused(name, content) -> str:
    with pytest.raises(ValidationError) as error:
        files.check_upload(SimpleUploadedFile(name, content))
    return error.value.code


# The type from the whole content --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("protokoll.pdf", PDF, files.PDF),
        ("avtal.docx", ooxml("docx"), files.DOCX),
        ("budget.xlsx", ooxml("xlsx"), files.XLSX),
        ("bilder.pptx", ooxml("pptx"), files.PPTX),
        ("protokoll.odt", odt(), files.ODT),
        ("karta.png", png(), files.PNG),
        ("foto.jpg", jpeg(), files.JPEG),
    ],
)
def test_whole_files_of_each_type_are_accepted(name, content, expected):
    assert files.check_upload(SimpleUploadedFile(name, content)) == expected


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n" + ELF,  # an executable behind the prefix
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",  # no document in it
        PDF[: len(PDF) // 2],  # cut off
        b"%PDF-",
    ],
    ids=["executable", "no-catalog", "truncated", "prefix-only"],
)
def test_a_file_that_only_starts_like_a_pdf_is_refused(content):
    assert refused("protokoll.pdf", content) == "file_type"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("karta.png", png()[:-20]),  # no end
        ("karta.png", png()[:40] + b"\x00" * 8 + png()[48:]),  # a broken checksum
        ("foto.jpg", jpeg()[:200]),  # cut off
        ("foto.jpg", b"\xff\xd8\xff\xe0" + ELF),
    ],
    ids=["png-truncated", "png-checksum", "jpeg-truncated", "jpeg-executable"],
)
def test_an_image_that_does_not_decode_is_refused(name, content):
    assert refused(name, content) == "file_type"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("avtal.docx", ooxml("docx", parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
        ("avtal.docx", ooxml("docx", main_type=MACRO_DOCX)),
        ("avtal.docm", ooxml("docx", main_type=MACRO_DOCX)),
        (
            "budget.xlsx",
            ooxml("xlsx", types=[("xl/vbaProject.bin", "application/vnd.ms-office.vbaProject")]),
        ),
        (
            "budget.xlsx",
            ooxml(
                "xlsx",
                parts={"xl/macrosheets/sheet1.xml": "<x/>"},
                types=[("xl/macrosheets/sheet1.xml", "application/vnd.ms-excel.macrosheet+xml")],
            ),
        ),
        ("bilder.pptx", ooxml("pptx", parts={"ppt/VBAPROJECT.BIN": b"x"})),
        ("protokoll.odt", odt(parts={"Basic/Standard/Module1.xml": "<module/>"})),
    ],
    ids=["vba-part", "macro-type", "docm", "xlsx-vba-type", "macro-sheet", "pptx-vba", "odt-basic"],
)
def test_an_office_file_with_macros_is_refused(name, content):
    assert refused(name, content) == "macros"


def _corrupt_crc(data: bytes) -> bytes:
    """Flip one byte of the (stored, uncompressed) main part: its checksum no longer fits."""
    damaged = bytearray(data)
    damaged[damaged.rfind(b"<root/>") + 1] ^= 0x01
    return bytes(damaged)


def _stored_package() -> bytes:
    buffer = io.BytesIO(ooxml("docx"))
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item), compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        ooxml("docx", main_type="application/xml"),  # the main part is not a document
        ooxml("docx", prefix=ELF),  # an executable in front of the archive
        _corrupt_crc(_stored_package()),  # a part that does not match its checksum
        b"PK\x03\x04" + b"\x00" * 100,
    ],
    ids=["not-a-document", "prefixed", "bad-checksum", "broken-zip"],
)
def test_a_zip_that_is_not_a_complete_office_package_is_refused(content):
    assert refused("avtal.docx", content) == "file_type"


def test_a_package_that_unpacks_too_far_is_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_ZIP_UNPACKED", 1000)
    big = ooxml("docx", parts={"word/media/filler.xml": "<x>" + "a" * 5000 + "</x>"})
    assert refused("avtal.docx", big) == "file_type"


# The size, while the body streams ------------------------------------------------------------


def _multipart_request(size: int):
    from django.core.handlers.wsgi import WSGIRequest

    boundary = "BoUnDaRy"
    body = encode_multipart(
        boundary, {"title": "x", "file": SimpleUploadedFile("stor.pdf", PDF + b"%" * size)}
    )
    payload = FakePayload(body)
    return WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": payload,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "PATH_INFO": "/",
        }
    )


def test_a_file_past_the_limit_is_dropped_as_it_streams_in(settings):
    settings.SAMVERKAN_MAX_UPLOAD_MB = 1
    request = _multipart_request(3 * 1024 * 1024)
    upload = request.FILES["file"]
    assert isinstance(upload, TooLargeUpload)
    assert upload.size == len(PDF) + 3 * 1024 * 1024  # its real size …
    assert upload.read() == b""  # … and none of its content kept
    assert request.POST["title"] == "x"
    with pytest.raises(ValidationError) as error:
        files.check_upload(upload)
    assert error.value.code == "too_large"


def test_a_file_within_the_limit_arrives_whole(settings):
    settings.SAMVERKAN_MAX_UPLOAD_MB = 1
    upload = _multipart_request(1000).FILES["file"]
    assert not isinstance(upload, TooLargeUpload)
    assert upload.read() == PDF + b"%" * 1000


def test_the_page_and_the_api_refuse_a_file_past_the_limit(client, demo, settings, tmp_path):
    settings.SAMVERKAN_MAX_UPLOAD_MB = 1
    settings.MEDIA_ROOT = tmp_path
    decision = Decision.objects.filter(municipality=demo.motala).first()
    big = PDF + b"%" * (2 * 1024 * 1024)
    client.force_login(demo.users["coordinator"])
    page = client.post(
        reverse("document-create", args=["decision", decision.pk]),
        {
            "kind": "minutes",
            "title": "Stor",
            "is_public": "on",
            "file": SimpleUploadedFile("stor.pdf", big),
        },
    )
    assert page.status_code == 200
    assert [e.code for e in page.context["form"].errors.as_data()["file"]] == ["too_large"]
    api = client.post(
        f"/api/v1/decisions/{decision.pk}/documents",
        {"kind": "minutes", "title": "Stor", "file": SimpleUploadedFile("stor.pdf", big)},
    )
    assert api.status_code == 400
    assert [error["field"] for error in api.json()["errors"]] == ["file"]
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


# Written completely or not at all ------------------------------------------------------------


class FullDisk(AtomicFileSystemStorage):
    """A disk that fills up halfway through the first chunk it is given."""

    def _write_chunk(self, out, chunk):
        super()._write_chunk(out, chunk[: len(chunk) // 2])
        out.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def _files_in(folder):
    return [path for path in folder.rglob("*") if path.is_file()]


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    storage = FullDisk(location=tmp_path)
    content = ContentFile(b"%" * 300_000, name="protokoll.pdf")  # several chunks
    with pytest.raises(OSError):
        storage.save("documents/2026/protokoll.pdf", content)
    assert _files_in(tmp_path) == []


def test_a_complete_write_gets_its_name_and_keeps_other_files(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("documents/2026/protokoll.pdf", ContentFile(PDF))
    second = storage.save("documents/2026/protokoll.pdf", ContentFile(PDF + b"\n"))
    assert first != second
    assert (tmp_path / first).read_bytes() == PDF
    assert (tmp_path / second).read_bytes() == PDF + b"\n"
    assert not [p for p in _files_in(tmp_path) if p.name.startswith(PARTIAL_PREFIX)]


def test_the_default_storage_writes_atomically():
    from django.core.files.storage import default_storage

    assert isinstance(default_storage, AtomicFileSystemStorage)


def test_a_full_disk_during_an_upload_saves_neither_record_nor_file(
    demo, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", FullDisk(location=tmp_path))
    decision = Decision.objects.filter(municipality=demo.motala).first()
    client = Client(raise_request_exception=False)
    client.force_login(demo.users["coordinator"])
    response = client.post(
        reverse("document-create", args=["decision", decision.pk]),
        {
            "kind": "minutes",
            "title": "Protokoll",
            "is_public": "on",
            "file": SimpleUploadedFile("karta.png", noise_png()),
        },
    )
    assert response.status_code >= 500
    assert not Document.objects.filter(decision=decision).exists()
    assert _files_in(tmp_path) == []
