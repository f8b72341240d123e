"""Uploads: the type is read from the content, not the name, and the size is limited."""

import base64
import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.registry import files
from samverkan.registry.demo import minimal_pdf
from samverkan.registry.forms import DocumentForm
from samverkan.registry.models import Decision, Document

# A real 16×16 JPEG (CPython's test image, Lib/test/imghdrdata/python.jpg).
JPEG_BYTES = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkI"
    "CQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQ"
    "EBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIA"
    "AhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYF"
    "BwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAEC"
    "EQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUg"
    "slSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWke"
    "zS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKh"
    "QMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhS"
    "mCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z"
)


def _png() -> bytes:
    """A real 1×1 PNG: signature, IHDR, IDAT and IEND with their checksums."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8-bit RGB
    pixels = zlib.compress(b"\x00\x33\x66\x99")  # filter byte + one pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _docx() -> bytes:
    """A minimal Word document (python-docx is not a dependency): the parts Word needs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Samarbetsavtal</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def _odt() -> bytes:
    """An OpenDocument text: `mimetype` first and stored uncompressed, as the standard says."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            files.ODT,
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
            + files.ODT
            + '"/><manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'office:version="1.2"><office:body><office:text><text:p>Protokoll</text:p>'
            "</office:text></office:body></office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()


PDF_BYTES = minimal_pdf("Protokollsutdrag")
# An ELF header and a Windows (MZ) header: executables, whatever their name says.
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100
MZ_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def _upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("protokoll.pdf", PDF_BYTES, files.PDF),
        ("karta.png", _png(), files.PNG),
        ("foto.jpg", JPEG_BYTES, files.JPEG),
        ("foto.JPEG", JPEG_BYTES, files.JPEG),
        ("avtal.docx", _docx(), files.DOCX),
        ("protokoll.odt", _odt(), files.ODT),
    ],
)
def test_accepted_types_are_recognised_by_content(name, content, expected):
    assert files.check_upload(_upload(name, content)) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("protokoll.pdf", ELF_BYTES),
        ("protokoll.pdf", MZ_BYTES),
        ("avtal.docx", b"PK\x03\x04 not really a zip"),
        ("tom.pdf", b""),
    ],
)
def test_a_disguised_file_is_refused(name, content):
    with pytest.raises(ValidationError) as refused:
        files.check_upload(_upload(name, content))
    assert refused.value.code == "file_type"
    assert name in refused.value.messages[0]


def test_a_zip_without_the_document_parts_is_not_a_word_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")  # no [Content_Types].xml
    with pytest.raises(ValidationError) as refused:
        files.check_upload(_upload("avtal.docx", buffer.getvalue()))
    assert refused.value.code == "file_type"


def test_a_pdf_named_png_is_refused_for_its_name():
    with pytest.raises(ValidationError) as refused:
        files.check_upload(_upload("bild.png", PDF_BYTES))
    assert refused.value.code == "file_name"
    assert "pdf" in refused.value.messages[0]


def test_an_oversized_file_is_refused_by_the_setting(settings):
    settings.SAMVERKAN_MAX_UPLOAD_MB = 1
    limit = 1024 * 1024
    files.check_upload(_upload("ok.pdf", PDF_BYTES + b"\n" * (limit - len(PDF_BYTES))))
    with pytest.raises(ValidationError) as refused:
        files.check_upload(_upload("stor.pdf", PDF_BYTES + b"\n" * (limit + 1 - len(PDF_BYTES))))
    assert refused.value.code == "too_large"
    assert "1.0" in refused.value.messages[0] or "1,0" in refused.value.messages[0]


def _document_form(demo, upload, **data):
    decision = Decision.objects.filter(municipality=demo.motala).first()
    fields = {"kind": "minutes", "title": "Protokoll", "is_public": "on", **data}
    form = DocumentForm(
        fields,
        {"file": upload},
        instance=Document(municipality=demo.motala, decision=decision),
        municipality=demo.motala,
    )
    return form


def test_the_form_stores_a_checked_file_under_media_not_static(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    form = _document_form(demo, _upload("protokoll.pdf", PDF_BYTES))
    assert form.is_valid(), form.errors
    document = form.save()
    assert (document.content_type, document.original_name) == (files.PDF, "protokoll.pdf")
    assert document.size == len(PDF_BYTES)
    stored = tmp_path / "media" / document.file.name
    assert stored.read_bytes() == PDF_BYTES
    assert not str(stored).startswith(str(settings.STATIC_ROOT))


def test_the_form_refuses_a_disguised_file_and_saves_nothing(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    before = Document.objects.count()
    form = _document_form(demo, _upload("protokoll.pdf", MZ_BYTES))
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["file"]] == ["file_type"]
    assert Document.objects.count() == before
    assert not (tmp_path / "media").exists()


def test_a_confidential_file_needs_its_ground(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    form = _document_form(demo, _upload("protokoll.pdf", PDF_BYTES), is_public="")
    assert not form.is_valid()
    assert "confidentiality_ground" in form.errors
    form = _document_form(
        demo,
        _upload("protokoll.pdf", PDF_BYTES),
        is_public="",
        confidentiality_ground="21 kap. 1 § OSL",
    )
    assert form.is_valid(), form.errors
