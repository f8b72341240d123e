"""Checking uploaded files: the type by content, not by name, and the size.

Accepted: PDF, DOCX, ODT, PNG and JPEG. An executable renamed to .pdf is refused
because its first bytes are not a PDF's. DOCX and ODT are ZIP files, so they are
recognised by the parts inside them.
"""

import zipfile
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import max_upload_bytes

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: {".pdf"}, PNG: {".png"}, JPEG: {".jpg", ".jpeg"}, DOCX: {".docx"}, ODT: {".odt"}}


def _zip_document_type(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def detect_type(upload) -> str | None:
    """The accepted type the file's content shows, or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    kind = filetype.guess(head)
    if kind is not None and kind.mime in (PNG, JPEG):
        return kind.mime
    if head.startswith(b"PK\x03\x04"):
        return _zip_document_type(upload)
    return None


def check_upload(upload) -> str:
    """Return the file's type, or raise ValidationError with a message for the user."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    content_type = detect_type(upload)
    if content_type is None:
        raise ValidationError(
            _(
                "%(name)s is not a PDF, Word (DOCX), OpenDocument text (ODT), PNG or JPEG "
                "file: its content says otherwise, whatever its name."
            )
            % {"name": upload.name},
            code="file_type",
        )
    extension = PurePath(upload.name).suffix.lower()
    if extension not in EXTENSIONS[content_type]:
        raise ValidationError(
            _("%(name)s is named as another type than its content (%(type)s).")
            % {"name": upload.name, "type": sorted(EXTENSIONS[content_type])[0].lstrip(".")},
            code="file_name",
        )
    return content_type
