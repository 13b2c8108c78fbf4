"""cases/uploads.py: the type by content, the size limit and the cleaned name.

The builders below make the smallest real file of each allowed type; the attachment
tests import them.
"""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from cases.uploads import (
    ATTACHMENT_TYPES,
    DOCX,
    JPEG,
    ODT,
    PDF,
    PNG,
    WORD_TYPES,
    XLSX,
    check_upload,
    clean_file_name,
)

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="{part}" ContentType="{main}"/>
</Types>"""
_DOCX_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
_XLSX_MAIN = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)


def zip_bytes(entries: dict[str, bytes | str], *, stored_first: str = "") -> bytes:
    """The same entries give the same bytes: each entry carries a fixed date (a
    zip stamps the current time, so two builds a second apart differ)."""
    buffer = io.BytesIO()

    def entry(name: str, method: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=(2023, 3, 20, 12, 0, 0))
        info.compress_type = method
        return info

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(
                entry(stored_first, zipfile.ZIP_STORED), entries.pop(stored_first)
            )
        for name, data in entries.items():
            archive.writestr(entry(name, zipfile.ZIP_DEFLATED), data)
    return buffer.getvalue()


def pdf_bytes(title: str = "", **catalog) -> bytes:
    """A real one-page PDF (a blank A4 page), whose bytes differ with `title`;
    `catalog` entries are added to its catalogue (e.g. an /OpenAction), as pypdf
    objects."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if title:
        writer.add_metadata({"/Title": title})
    for key, value in catalog.items():
        writer._root_object[NameObject(f"/{key}")] = value
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def docx_bytes(document_xml: str = "<w:document/>", **extra: bytes | str) -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": _CONTENT_TYPES.format(
                part="/word/document.xml", main=_DOCX_MAIN
            ),
            "word/document.xml": document_xml,
            **extra,
        }
    )


def xlsx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": _CONTENT_TYPES.format(
                part="/xl/workbook.xml", main=_XLSX_MAIN
            ),
            "xl/workbook.xml": "<workbook/>",
        }
    )


def odt_bytes(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    return zip_bytes(
        {"mimetype": mimetype, "content.xml": "<office:document-content/>"},
        stored_first="mimetype",
    )


def plain_zip_bytes() -> bytes:
    return zip_bytes({"readme.txt": "hej"})


BUILDERS = {
    "pdf": pdf_bytes,
    "png": png_bytes,
    "jpeg": jpeg_bytes,
    "docx": docx_bytes,
    "xlsx": xlsx_bytes,
    "odt": odt_bytes,
}


@pytest.fixture(autouse=True)
def in_english():
    """The messages in English (the msgids), whatever the catalogue holds."""
    with translation.override("en"):
        yield


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(file, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(file, **kwargs)
    return " ".join(caught.value.messages)


# Accepted ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "builder", "file_type"),
    [
        ("Bilaga.pdf", pdf_bytes, PDF),
        ("Karta.png", png_bytes, PNG),
        ("Foto.jpg", jpeg_bytes, JPEG),
        ("Foto.JPEG", jpeg_bytes, JPEG),
        ("Avsiktsförklaring.docx", docx_bytes, DOCX),
        ("Kostnader.xlsx", xlsx_bytes, XLSX),
        ("Överenskommelse.odt", odt_bytes, ODT),
    ],
)
def test_each_allowed_type_is_accepted_by_its_content(name, builder, file_type):
    checked = check_upload(upload(name, builder()))

    assert checked.file_type == file_type
    assert checked.content_type == file_type.content_type
    assert checked.size == len(builder())


def test_the_type_comes_from_the_content_not_from_the_browser():
    checked = check_upload(upload("Bilaga.pdf", pdf_bytes(), "text/html"))

    assert checked.content_type == "application/pdf"


def test_every_allowed_type_has_a_builder_here():
    assert {t.key for t in ATTACHMENT_TYPES} == set(BUILDERS)


# Refused ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["program.exe", "sida.html", "arkiv.zip", "text.txt", "utan-ändelse"]
)
def test_a_type_that_is_not_allowed_is_refused(name):
    message = refusal(upload(name, b"MZ\x90\x00 not really"))

    assert "is not a type of file that can be used here" in message
    assert "PDF, Word (.docx), Excel (.xlsx)" in message


def test_a_png_named_pdf_is_refused_and_the_message_says_what_it_is():
    message = refusal(upload("Bilaga.pdf", png_bytes()))

    assert "name ends in .pdf, but its content is PNG" in message


def test_an_html_file_named_pdf_is_refused():
    page = b"<!doctype html><html><script>alert(1)</script></html>"

    message = refusal(upload("Bilaga.pdf", page))

    assert "name ends in .pdf, but its content is not a PDF file" in message


def test_a_renamed_program_is_refused():
    assert "not a PDF file" in refusal(upload("Bilaga.pdf", b"MZ\x90\x00\x03\x00"))


def test_a_zip_named_docx_is_refused():
    message = refusal(upload("Avsiktsförklaring.docx", plain_zip_bytes()))

    assert "not a Word (.docx) file" in message


def test_a_workbook_named_docx_is_refused():
    assert "its content is Excel (.xlsx)" in refusal(upload("Text.docx", xlsx_bytes()))


def test_an_opendocument_spreadsheet_named_odt_is_refused():
    spreadsheet = odt_bytes("application/vnd.oasis.opendocument.spreadsheet")

    assert "not a OpenDocument (.odt) file" in refusal(upload("Text.odt", spreadsheet))


def test_a_docx_without_its_content_types_is_refused():
    broken = zip_bytes({"word/document.xml": "<w:document/>"})

    assert "not a Word (.docx) file" in refusal(upload("Text.docx", broken))


def test_a_damaged_zip_named_docx_is_refused():
    damaged = docx_bytes()[:40]

    assert "not a Word (.docx) file" in refusal(upload("Text.docx", damaged))


def test_a_word_file_with_macros_is_refused():
    with_macros = docx_bytes(**{"word/vbaProject.bin": b"\x00macro"})

    assert "contains macros" in refusal(upload("Text.docx", with_macros))


def test_an_old_or_password_protected_office_file_is_refused_with_advice():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100

    message = refusal(upload("Text.docx", ole))

    assert "old Office file" in message
    assert "Save it as Word (.docx)" in message


def test_an_empty_file_is_refused():
    assert refusal(upload("Bilaga.pdf", b"")) == "The file Bilaga.pdf is empty."


def test_a_file_over_the_limit_is_refused(settings):
    settings.SSR_UPLOAD_MAX_BYTES = 100

    message = refusal(upload("Bilaga.pdf", pdf_bytes() + b" " * 100))

    assert "the largest file you can upload is 100" in message


def test_a_file_at_the_limit_is_accepted(settings):
    data = pdf_bytes()
    settings.SSR_UPLOAD_MAX_BYTES = len(data)

    assert check_upload(upload("Bilaga.pdf", data)).size == len(data)


def test_no_file_is_refused():
    assert refusal(None) == "Choose a file."


def test_a_name_that_is_only_a_path_is_refused():
    file = upload("x.pdf", pdf_bytes())
    file.name = "..\\..\\"

    assert "no usable name" in refusal(file)


def test_word_import_takes_only_docx():
    message = refusal(upload("Bilaga.pdf", pdf_bytes()), allowed=WORD_TYPES)

    assert "Allowed: Word (.docx)." in message


# Names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("..\\..\\Windows\\Bilaga 1.pdf", "Bilaga 1.pdf"),
        ("../../etc/Bilaga 1.pdf", "Bilaga 1.pdf"),
        ("C:\\Users\\anna\\Målbild.pdf", "Målbild.pdf"),
        (
            "Målbild för Södertörn – Åtgärder.PDF",
            "Målbild för Södertörn – Åtgärder.pdf",
        ),
        (
            "Protokollsutdrag 2024-03-12 § 45.pdf",
            "Protokollsutdrag 2024-03-12 § 45.pdf",
        ),
        ("Bil\x00aga\x1f 1\u202e.pdf", "Bilaga 1.pdf"),
        ("  .hidden  .pdf", "hidden.pdf"),
        ('<script>"x".pdf', "script__x.pdf"),
        ("a:b*c?.pdf", "a_b_c.pdf"),
        ("...", ""),
        ("", ""),
    ],
)
def test_names_are_cleaned(name, cleaned):
    assert clean_file_name(name) == cleaned


def test_a_decomposed_a_ring_becomes_one_letter():
    assert clean_file_name("Ma\u030albild.pdf") == "Målbild.pdf"


def test_a_long_name_is_shortened_keeping_its_extension():
    cleaned = clean_file_name("Ö" * 400 + ".docx")

    assert len(cleaned) == 150
    assert cleaned.endswith("Ö.docx")


def test_the_checked_upload_carries_the_cleaned_name():
    checked = check_upload(upload("C:\\Temp\\Målbild\x07.pdf", pdf_bytes()))

    assert checked.name == "Målbild.pdf"


# Beyond the first bytes (issue 10) -------------------------------------------------


def _action(kind: str, **fields):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    action = DictionaryObject(
        {NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)}
    )
    for key, value in fields.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def test_a_pdf_that_only_starts_like_one_is_refused():
    data = b"%PDF-1.7\nnot a PDF at all, only its first bytes"
    assert refusal(upload("Bilaga.pdf", data)).startswith("The PDF file cannot be read")


def test_a_pdf_that_runs_javascript_when_opened_is_refused():
    data = pdf_bytes(OpenAction=_action("/JavaScript", JS="app.alert('x')"))
    assert "JavaScript" in refusal(upload("Bilaga.pdf", data))


def test_a_pdf_that_starts_a_program_is_refused():
    data = pdf_bytes(OpenAction=_action("/Launch", F="cmd.exe"))
    assert "start programs" in refusal(upload("Bilaga.pdf", data))


def test_a_pdf_with_document_level_javascript_is_refused():
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    scripts = DictionaryObject(
        {NameObject("/Names"): ArrayObject([_action("/JavaScript", JS="this.print()")])}
    )
    names = DictionaryObject({NameObject("/JavaScript"): scripts})
    assert "JavaScript" in refusal(upload("Bilaga.pdf", pdf_bytes(Names=names)))


def test_a_pdf_whose_link_goes_to_a_web_page_is_fine():
    data = pdf_bytes(OpenAction=_action("/URI", URI="https://huddinge.se"))
    assert check_upload(upload("Bilaga.pdf", data)).file_type.label == "PDF"


def test_an_office_file_with_too_many_parts_is_refused(monkeypatch):
    from cases import uploads

    monkeypatch.setattr(uploads, "ZIP_MAX_ENTRIES", 3)
    data = docx_bytes(**{f"word/part{n}.xml": "<x/>" for n in range(5)})
    assert "more parts" in refusal(upload("Bilaga.docx", data))
