"""The text of an uploaded file (PDF, DOCX, ODT, XLSX, ODS), for search.

Run by the background worker on each upload (cases/tasks.py), never in a
request. Files come from officials and from outside, so every reader is bounded:
at most MAX_PAGES pages of a PDF, MAX_XML_BYTES of a document's XML (a zip
member's declared size is checked before it is read, so a zip bomb is refused
unread), MAX_CHARACTERS of text, and XML is parsed by defusedxml (no entity
expansion, no external entities) as a stream. A file that cannot be read gives
the empty string: the file itself is still the attachment.
"""

import io
import logging
import re
import zipfile
from collections.abc import Iterator

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

logger = logging.getLogger(__name__)

MAX_PAGES = 500
MAX_XML_BYTES = 50 * 1024 * 1024
MAX_CHARACTERS = 1_000_000

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


class _TooBig(ValueError):
    pass


def extract_text(data: bytes, content_type: str) -> str:
    """The file's text as paragraphs separated by blank lines; "" for a type
    without text (images) or a file that cannot be read."""
    reader = _READERS.get(content_type)
    if reader is None:
        return ""
    try:
        text = "\n\n".join(reader(data))
    except (
        _TooBig,
        zipfile.BadZipFile,
        ElementTree.ParseError,
        DefusedXmlException,
        KeyError,
        ValueError,
        OSError,
    ) as error:
        logger.info("No text from a %s file: %s", content_type, error)
        return ""
    return _tidy(text)[:MAX_CHARACTERS]


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _pdf(data: bytes) -> Iterator[str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        total = 0
        for page in reader.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            total += len(text)
            yield text
            if total > MAX_CHARACTERS:
                return
    except PyPdfError as error:
        raise ValueError(str(error)) from error


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise _TooBig(f"{name} is {info.file_size} bytes")
    with archive.open(info) as handle:
        data = handle.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise _TooBig(f"{name} is larger than it says")
    return data


def _paragraphs(xml: bytes, paragraph: str, texts: set[str]) -> Iterator[str]:
    """The text of each `paragraph` element: the concatenated text of its
    `texts` elements (DOCX: w:p and w:t; ODF: text:p/text:h and their text)."""
    parts: list[str] = []
    for event, element in ElementTree.iterparse(
        io.BytesIO(xml), events=("start", "end"), forbid_dtd=True
    ):
        if event == "end" and element.tag in texts:
            parts.append(element.text or "")
        elif event == "end" and element.tag == paragraph:
            yield "".join(parts)
            parts = []
            element.clear()


def _docx(data: bytes) -> Iterator[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = _member(archive, "word/document.xml")
    yield from _paragraphs(xml, f"{_W}p", {f"{_W}t"})


def _xlsx(data: bytes) -> Iterator[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "xl/sharedStrings.xml" not in archive.namelist():
            return
        xml = _member(archive, "xl/sharedStrings.xml")
    yield from _paragraphs(xml, f"{_S}si", {f"{_S}t"})


def _odf(data: bytes) -> Iterator[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = _member(archive, "content.xml")
    text_parts: list[str] = []
    for _event, element in ElementTree.iterparse(
        io.BytesIO(xml), events=("end",), forbid_dtd=True
    ):
        if element.tag in (f"{_TEXT}p", f"{_TEXT}h"):
            text_parts.append("".join(element.itertext()))
            element.clear()
    yield from text_parts


_READERS = {PDF: _pdf, DOCX: _docx, XLSX: _xlsx, ODT: _odf, ODS: _odf}
