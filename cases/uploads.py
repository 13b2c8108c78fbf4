"""Checks of an uploaded file before it is stored: its type, size, content and name.

The type is read from the content (magic bytes, and for the Office formats the parts
inside the ZIP), never from the name or the browser's Content-Type: a renamed
program or web page must not become a "PDF" that a colleague opens. The name must
then agree with what the content is, and is cleaned before it is shown or offered
as a download name.

Used by the forms (so a refusal shows next to the field) and again by the services
(so an import or a script cannot skip it). Every refusal is a ValidationError with
a message a person can act on.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    """One kind of file we accept: how its content is recognised and named."""

    key: str
    label: str  # as a person knows it ("PDF", "Word"); not translated
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("pdf", "PDF", "application/pdf", (".pdf",))
DOCX = FileType(
    "docx",
    "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileType(
    "xlsx",
    "Excel (.xlsx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
ODT = FileType(
    "odt", "OpenDocument (.odt)", "application/vnd.oasis.opendocument.text", (".odt",)
)
PNG = FileType("png", "PNG", "image/png", (".png",))
JPEG = FileType("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"))

# What a bilaga may be.
ATTACHMENT_TYPES: tuple[FileType, ...] = (PDF, DOCX, XLSX, ODT, PNG, JPEG)
# What "Start from Word" reads.
WORD_TYPES: tuple[FileType, ...] = (DOCX,)

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"
_PDF_SIGNATURE = b"%PDF-"
_ZIP_SIGNATURE = b"PK\x03\x04"
# Compound File Binary: .doc, .xls, and password-protected .docx/.xlsx.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The main part of each Office Open XML format, and the content type
# [Content_Types].xml gives it (a .docm or .dotx has another).
_OOXML_MAIN_PARTS = {
    DOCX: (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    XLSX: (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# [Content_Types].xml is a few kB; a larger one is not an Office file.
_CONTENT_TYPES_MAX_BYTES = 1024 * 1024

# Longest cleaned name (the column holds 255; the storage path adds a folder).
NAME_MAX_LENGTH = 150
# The characters no file may have on Windows, the officials' computers; every
# other printable character of the name stays as uploaded (å, ä, ö, §, ', #, €: the
# name "Protokollsutdrag 2024-03-12 § 45.pdf" is what people search for). The
# storage keeps the file under a generated name (ssr_portal.lib.storage.generated_name).
_NAME_UNSAFE = re.compile(r'[<>:"/\\|?*]')


class _Macros(Exception):
    """The Office file carries macros."""


class _TooManyParts(Exception):
    """The ZIP holds more entries, or expands to more, than an Office file does."""


# An Office file of 25 MB holds a few hundred parts and expands to some tens of
# megabytes; beyond these it is a "zip bomb" or not an Office file.
ZIP_MAX_ENTRIES = 5_000
ZIP_MAX_EXPANDED_BYTES = 500 * 1024 * 1024
# A PDF of the board's papers runs to some hundreds of pages.
PDF_MAX_PAGES = 5_000
# Actions that run something when the PDF is opened or clicked: JavaScript,
# starting a program, sending or fetching data, playing media (PDF 1.7, 12.6.4).
_PDF_ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/Rendition",
    "/GoToE",
}


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed: the file, its cleaned name and what it really is."""

    file: File
    name: str
    file_type: FileType
    size: int

    @property
    def content_type(self) -> str:
        return self.file_type.content_type


def clean_file_name(name: str, *, max_length: int = NAME_MAX_LENGTH) -> str:
    """A file name that is safe to show and to offer as a download name.

    1. Unicode NFC, so that "å" from a Mac (a + ring) is one letter.
    2. Only the last part of a path ("C:\\Users\\x\\Bilaga.pdf" → "Bilaga.pdf").
    3. No control or format characters (a right-to-left override would disguise
       the extension); the characters Windows forbids in a name (< > : " | ? *)
       become "_"; every other character stays; runs of space become one; no
       leading or trailing dots or space.
    4. At most `max_length` characters, keeping the extension (lower-cased).

    Returns "" when nothing of a name is left.
    """
    name = unicodedata.normalize("NFC", str(name))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C"))
    name = _NAME_UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = stem.strip(" ._")
    extension = extension.lower().strip()
    if not stem:
        return ""
    suffix = f".{extension[:10]}" if extension else ""
    return stem[: max_length - len(suffix)].rstrip(" .") + suffix


def file_extension(name: str) -> str:
    """ ".pdf" for "Bilaga.PDF"; "" for a name without one."""
    _, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and extension else ""


def _head(file: File, size: int = 16) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _zip_kind(file: File) -> FileType | None:
    """DOCX, XLSX or ODT by the parts inside the ZIP; None for any other ZIP.

    Reads the ZIP's directory and two small entries, never the whole content (a
    "zip bomb" costs nothing here). Raises _Macros for a file with macros.
    """
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES or (
                sum(info.file_size for info in entries) > ZIP_MAX_EXPANDED_BYTES
            ):
                raise _TooManyParts
            names = set(archive.namelist())
            if any(n.lower().endswith("vbaproject.bin") for n in names) or any(
                n.startswith(("Basic/", "Scripts/")) for n in names
            ):
                raise _Macros
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    with archive.open(info) as entry:
                        if entry.read(101).strip() == _ODT_MIMETYPE:
                            return ODT
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > _CONTENT_TYPES_MAX_BYTES:
                    return None
                with archive.open(info) as entry:
                    types = entry.read(_CONTENT_TYPES_MAX_BYTES).decode(
                        "utf-8", "replace"
                    )
                for kind, (part, main_type) in _OOXML_MAIN_PARTS.items():
                    if part in names and f'ContentType="{main_type}"' in types:
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError):
        return None
    finally:
        file.seek(0)
    return None


def _pdf_problem(file: File) -> str | None:
    """Why a file that starts like a PDF cannot be an attachment, or None: it
    does not parse, has too many pages, or carries active content (JavaScript,
    actions that start a program or send data, XFA forms, which hold scripts).
    Read by pypdf, whose objects are resolved on demand: only the catalogue, the
    pages and their annotations are visited."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    try:
        file.seek(0)
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted and reader.decrypt("") == 0:
            return "encrypted"
        pages = reader.pages
        if len(pages) == 0:
            return "unreadable"
        if len(pages) > PDF_MAX_PAGES:
            return "too_many_parts"
        catalog = reader.trailer["/Root"]
        if _has_active_content(catalog, pages):
            return "active"
    except FileNotDecryptedError:
        return "encrypted"
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return "unreadable"
    finally:
        file.seek(0)
    return None


def _is_active_action(action) -> bool:
    """An action dictionary (or a chain of them, /Next) that runs something."""
    seen = 0
    while action is not None and seen < 100:
        action = action.get_object()
        if not hasattr(action, "get"):
            return False
        if action.get("/S") in _PDF_ACTIVE_ACTIONS:
            return True
        following = action.get("/Next")
        if isinstance(following, list):
            return any(_is_active_action(item) for item in following)
        action, seen = following, seen + 1
    return False


def _has_active_content(catalog, pages) -> bool:
    names = catalog.get("/Names")
    names = names.get_object() if names is not None else {}
    if "/JavaScript" in names:
        return True
    acroform = catalog.get("/AcroForm")
    if acroform is not None and "/XFA" in acroform.get_object():
        return True
    if _is_active_action(catalog.get("/OpenAction")):
        return True
    for holder in (catalog, *pages):
        triggers = holder.get("/AA")
        if triggers is not None and any(
            _is_active_action(value) for value in triggers.get_object().values()
        ):
            return True
    for page in pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if _is_active_action(annotation.get("/A")):
                return True
            triggers = annotation.get("/AA")
            if triggers is not None and any(
                _is_active_action(value) for value in triggers.get_object().values()
            ):
                return True
    return False


def detect_type(file: File) -> FileType | None:
    """What the content of `file` is, by its first bytes (and ZIP parts); None when
    it is none of the types we know. Raises _Macros for an Office file with macros."""
    head = _head(file)
    if head.startswith(_PDF_SIGNATURE):
        return PDF
    if head.startswith(_PNG_SIGNATURE):
        return PNG
    if head.startswith(_JPEG_SIGNATURE):
        return JPEG
    if head.startswith(_ZIP_SIGNATURE):
        return _zip_kind(file)
    return None


_PDF_MESSAGES = {
    "unreadable": lambda: _(
        "The PDF file cannot be read: it is damaged or not a PDF. Save or print it "
        "to PDF again and try again."
    ),
    "encrypted": lambda: _(
        "The PDF file is protected by a password. Save it without a password and "
        "try again."
    ),
    "too_many_parts": lambda: (
        _("The PDF file has more than %(count)s pages. Divide it into smaller files.")
        % {"count": f"{PDF_MAX_PAGES:,}".replace(",", "\u00a0")}
    ),
    "active": lambda: _(
        "The PDF file contains scripts or actions that start programs or send "
        "data (JavaScript, Launch), which are not allowed. Print it to PDF (or save "
        "it as PDF/A) and try again."
    ),
}


def _type_list(allowed: tuple[FileType, ...]) -> str:
    return ", ".join(t.label for t in allowed)


def check_upload(
    file: File | None,
    *,
    allowed: tuple[FileType, ...] = ATTACHMENT_TYPES,
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Check an uploaded file and return it with its cleaned name and real type.

    In this order, each with its own message: a file at all; a name left after
    cleaning; not empty; not over the size limit (settings.SSR_UPLOAD_MAX_BYTES);
    a name ending in an allowed type; content that is an allowed type and no
    macros; the name's type and the content's type the same.
    """
    if file is None:
        raise ValidationError(_("Choose a file."), code="required")
    name = clean_file_name(getattr(file, "name", "") or "")
    if not name:
        raise ValidationError(
            _("The file has no usable name. Rename it and choose it again."),
            code="name",
        )
    size = file.size if file.size is not None else 0
    if size <= 0:
        raise ValidationError(
            _("The file %(name)s is empty.") % {"name": name}, code="empty"
        )
    limit = settings.SSR_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest file you can upload is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    extension = file_extension(name)
    named = next((t for t in allowed if extension in t.extensions), None)
    if named is None:
        raise ValidationError(
            _(
                "%(name)s is not a type of file that can be used here."
                " Allowed: %(types)s."
            )
            % {"name": name, "types": _type_list(allowed)},
            code="type",
        )
    try:
        detected = detect_type(file)
    except _Macros:
        raise ValidationError(
            _(
                "The file contains macros, which are not allowed. Save it without"
                " macros (as .docx or .xlsx) and try again."
            ),
            code="macros",
        ) from None
    except _TooManyParts:
        raise ValidationError(
            _(
                "The file has more parts than a %(type)s file has, or unpacks to "
                "more than %(limit)s. Save it again from the program that made it."
            )
            % {"type": named.label, "limit": filesizeformat(ZIP_MAX_EXPANDED_BYTES)},
            code="too_many_parts",
        ) from None
    if detected == PDF:
        problem = _pdf_problem(file)
        if problem is not None:
            raise ValidationError(_PDF_MESSAGES[problem](), code=f"pdf_{problem}")
    if detected is None and _head(file).startswith(_OLE_SIGNATURE):
        raise ValidationError(
            _(
                "The file is an old Office file (.doc, .xls) or is protected by a"
                " password. Save it as %(type)s without a password and try again."
            )
            % {"type": named.label},
            code="mismatch",
        )
    if detected != named:
        if detected is not None and detected in allowed:
            message = _(
                "The file's name ends in %(extension)s, but its content is %(type)s."
                " Give it the right name and try again."
            ) % {"extension": extension, "type": detected.label}
        else:
            message = _(
                "The file's name ends in %(extension)s, but its content is not a"
                " %(type)s file."
            ) % {"extension": extension, "type": named.label}
        raise ValidationError(message, code="mismatch")
    return CheckedUpload(file=file, name=name, file_type=detected, size=size)
