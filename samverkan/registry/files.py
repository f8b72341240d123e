"""Checking uploaded files: the type by the whole content, not by the name, and the size.

The one check for every upload, from the pages and the API alike (registry documents,
activity and application attachments). Accepted:

- PDF, when pypdf parses the whole document (an executable behind a `%PDF-` prefix is not
  one), unless it is encrypted (a password) or carries JavaScript or actions that start
  programs or send data (an /OpenAction, a page's or a field's /AA, a link);
- PNG and JPEG, when Pillow decodes the whole image (within a pixel limit);
- Word, Excel and PowerPoint (DOCX, XLSX, PPTX), when the ZIP is a complete Office Open
  XML package whose main part has the type's content type; and OpenDocument text (ODT).
  A macro-enabled file, or one carrying a VBA project, ActiveX controls or macro sheets,
  is refused, whatever its name.

The size limit is SAMVERKAN_MAX_UPLOAD_MB; lib.uploads drops a larger file while the body
still streams in, and this check then refuses it with its real size.
"""

import posixpath
import warnings
import zipfile
from pathlib import PurePath
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import max_upload_bytes

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {
    PDF: {".pdf"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg"},
    DOCX: {".docx"},
    XLSX: {".xlsx"},
    PPTX: {".pptx"},
    ODT: {".odt"},
}

# The content type of an Office package's main part, and the file type it makes.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
# Parts and content types that carry code: VBA projects, macro-enabled main parts,
# ActiveX controls, Excel 4.0 macro sheets.
MACRO_PART_NAMES = {"vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin"}
MACRO_CONTENT_TYPE_MARKS = ("macroenabled", "vbaproject", "activex", "macrosheet")
# OpenDocument keeps Basic macros and scripts in these folders.
ODF_MACRO_FOLDERS = ("basic/", "scripts/")

# Bounds on what a ZIP may unpack to before its parts are read (a ZIP bomb is refused).
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_UNPACKED = 256 * 1024 * 1024
MAX_XML_PART = 2 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000


class _Refused(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# PDF ------------------------------------------------------------------------------------


# Actions a PDF reader runs by itself or on a click: scripts, starting a program, and
# fetching or sending data. A link to a page or an address (GoTo, URI) is harmless.
PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"}
# Keys that hold or name scripts wherever they appear (a document's /Names /JavaScript tree,
# an action's /JS, XFA forms, which carry scripts of their own).
PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/XFA"}
# Bound on the objects walked, so a crafted file cannot keep the check busy.
MAX_PDF_OBJECTS = 200_000


def _pdf_has_active_content(reader) -> bool:
    """Whether any object reachable from the document's catalogue carries a script or an
    action that starts a program (an /OpenAction, a page's /AA, a link, a form field)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    pending = [reader.trailer["/Root"]]
    seen: set[tuple[int, int]] = set()
    walked = 0
    while pending:
        node = pending.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        walked += 1
        if walked > MAX_PDF_OBJECTS:
            raise _Refused("file_type")
        if isinstance(node, DictionaryObject):
            if PDF_ACTIVE_KEYS & set(node.keys()):
                return True
            if node.get("/S") in PDF_ACTIVE_ACTIONS:
                return True
            # A page's /Parent leads back up the tree; everything else is followed.
            pending.extend(value for name, value in node.items() if name != "/Parent")
        elif isinstance(node, ArrayObject):
            pending.extend(node)
    return False


def _pdf_type(upload) -> str:
    from pypdf import PdfReader

    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(upload, strict=False)
            if reader.is_encrypted:
                # Nobody can read it without the password, and no check can see inside it.
                raise _Refused("encrypted")
            # At least one page, and every page object resolves.
            if len(reader.pages) < 1 or any(page.mediabox is None for page in reader.pages):
                raise _Refused("file_type")
            if _pdf_has_active_content(reader):
                raise _Refused("pdf_code")
    except _Refused:
        raise
    except Exception:  # pypdf raises many kinds on a broken or fake PDF
        raise _Refused("file_type") from None
    finally:
        upload.seek(0)
    return PDF


# Images -----------------------------------------------------------------------------------


def _image_type(upload) -> str:
    from PIL import Image

    # MPO: a JPEG with more than one picture, as some cameras save them.
    formats = {"PNG": PNG, "JPEG": JPEG, "MPO": JPEG}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=list(formats)) as image:
                kind = formats[image.format]
                image.verify()  # checksums and structure
            upload.seek(0)
            with Image.open(upload, formats=list(formats)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _Refused("file_type")
                image.load()  # every pixel decodes: a truncated image fails here
    except _Refused:
        raise
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError, … on a broken image
        raise _Refused("file_type") from None
    finally:
        upload.seek(0)
    return kind


# ZIP packages (Office Open XML, OpenDocument) ------------------------------------------------


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as part:
        data = part.read(MAX_XML_PART + 1)
    if len(data) > MAX_XML_PART:
        raise _Refused("file_type")
    return data


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    data = _read_part(archive, name)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _Refused("file_type")  # no OOXML or ODF part declares entities
    return ElementTree.fromstring(data)


def _ooxml_type(archive: zipfile.ZipFile, names: dict[str, str]) -> str:
    if "[content_types].xml" not in names or "_rels/.rels" not in names:
        raise _Refused("file_type")
    content_types = _xml(archive, names["[content_types].xml"])
    overrides, defaults = {}, {}
    for element in content_types:
        tag = element.tag.rsplit("}", 1)[-1]
        value = element.get("ContentType", "")
        if any(mark in value.lower() for mark in MACRO_CONTENT_TYPE_MARKS):
            raise _Refused("macros")
        if tag == "Override":
            overrides[element.get("PartName", "").lstrip("/").lower()] = value
        elif tag == "Default":
            defaults[element.get("Extension", "").lower()] = value
    relationships = _xml(archive, names["_rels/.rels"])
    main = [
        element.get("Target", "")
        for element in relationships
        if element.get("Type") == OFFICE_DOCUMENT
    ]
    if len(main) != 1:
        raise _Refused("file_type")
    part = posixpath.normpath(main[0].lstrip("/")).lower()
    if part not in names:
        raise _Refused("file_type")
    content_type = overrides.get(part) or defaults.get(posixpath.splitext(part)[1].lstrip("."))
    kind = OOXML_MAIN_PARTS.get(content_type or "")
    if kind is None:
        raise _Refused("file_type")
    _xml(archive, names[part])  # the main part is well-formed XML
    return kind


def _odt_type(archive: zipfile.ZipFile, names: dict[str, str]) -> str:
    if _read_part(archive, names["mimetype"]).strip() != ODT.encode():
        raise _Refused("file_type")
    if any(name.startswith(ODF_MACRO_FOLDERS) for name in names):
        raise _Refused("macros")
    for part in ("meta-inf/manifest.xml", "content.xml"):
        if part not in names:
            raise _Refused("file_type")
        _xml(archive, names[part])
    return ODT


def _zip_document_type(upload) -> str:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if not entries or len(entries) > MAX_ZIP_ENTRIES:
                raise _Refused("file_type")
            if min(entry.header_offset for entry in entries) != 0:
                raise _Refused("file_type")  # something hides in front of the archive
            if sum(entry.file_size for entry in entries) > MAX_ZIP_UNPACKED:
                raise _Refused("file_type")
            names = {entry.filename.lower(): entry.filename for entry in entries}
            if any(posixpath.basename(name) in MACRO_PART_NAMES for name in names):
                raise _Refused("macros")
            if archive.testzip() is not None:  # every part's checksum, the whole file
                raise _Refused("file_type")
            if "mimetype" in names:
                return _odt_type(archive, names)
            return _ooxml_type(archive, names)
    except _Refused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError):
        raise _Refused("file_type") from None
    except (ElementTree.ParseError, EOFError, NotImplementedError, RuntimeError):
        raise _Refused("file_type") from None
    finally:
        upload.seek(0)


# The check --------------------------------------------------------------------------------


def _inspect(upload) -> str:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return _pdf_type(upload)
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
        return _image_type(upload)
    if head.startswith(b"PK\x03\x04"):
        return _zip_document_type(upload)
    raise _Refused("file_type")


def detect_type(upload) -> str | None:
    """The accepted type the file's whole content shows, or None (macros included)."""
    try:
        return _inspect(upload)
    except _Refused:
        return None


def check_upload(upload) -> str:
    """Return the file's type, or raise ValidationError with a message for the user."""
    limit = max_upload_bytes()
    if getattr(upload, "too_large", False) or upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    try:
        content_type = _inspect(upload)
    except _Refused as refused:
        if refused.code == "encrypted":
            raise ValidationError(
                _(
                    "%(name)s is protected by a password: save it without a password and "
                    "upload it again, so that everyone who may read it can open it."
                )
                % {"name": upload.name},
                code="encrypted",
            ) from None
        if refused.code == "pdf_code":
            raise ValidationError(
                _(
                    "%(name)s contains JavaScript or actions that start programs, which are "
                    "not accepted: print it to a new PDF (or save it as PDF/A) and upload "
                    "that."
                )
                % {"name": upload.name},
                code="pdf_code",
            ) from None
        if refused.code == "macros":
            raise ValidationError(
                _(
                    "%(name)s contains macros or other code, which is not accepted: save it "
                    "as a document without macros (DOCX, XLSX or PPTX) and upload it again."
                )
                % {"name": upload.name},
                code="macros",
            ) from None
        raise ValidationError(
            _(
                "%(name)s is not a PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), "
                "OpenDocument text (ODT), PNG or JPEG file: its content says otherwise, "
                "whatever its name."
            )
            % {"name": upload.name},
            code="file_type",
        ) from None
    extension = PurePath(upload.name).suffix.lower()
    if extension not in EXTENSIONS[content_type]:
        raise ValidationError(
            _("%(name)s is named as another type than its content (%(type)s).")
            % {"name": upload.name, "type": sorted(EXTENSIONS[content_type])[0].lstrip(".")},
            code="file_name",
        )
    return content_type
