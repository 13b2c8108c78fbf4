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
# Characters kept in a name besides letters (å, ä, ö and every other) and digits;
# § names a paragraph of the minutes ("Protokollsutdrag 2024-03-12 § 45.pdf").
_NAME_UNSAFE = re.compile(r"[^\w\s.,()&+\-–§]", re.UNICODE)


class _Macros(Exception):
    """The Office file carries macros."""


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
    3. No control characters; anything but letters, digits, space and . , ( ) & + - – §
       becomes "_"; runs of space become one; no leading or trailing dots or space.
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
