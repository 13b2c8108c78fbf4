"""The text of uploaded attachments, read by the worker for search (issue 9 §3):
PDF, DOCX, ODT and XLSX; bounded against hostile files; never in the request."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from cases.models import Attachment
from cases.services.attachments import attachment_add_file
from cases.services.documents import document_start
from ssr_portal.lib import text_extraction
from ssr_portal.lib.pdf import html_to_pdf
from ssr_portal.lib.text_extraction import DOCX, ODT, PDF, XLSX, extract_text
from tests.cases.test_upload_validation import docx_bytes, odt_bytes, zip_bytes
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def docx_paragraphs(*paragraphs: str) -> bytes:
    body = "".join(
        f"<w:p><w:r><w:t>{first}</w:t></w:r><w:r><w:t xml:space='preserve'> {rest}"
        "</w:t></w:r></w:p>"
        for first, _, rest in (p.partition(" ") for p in paragraphs)
    )
    return docx_bytes(f"<w:document {W}><w:body>{body}</w:body></w:document>")


def _odt(*paragraphs: str) -> bytes:
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    xml = f"<office:document-content {ODF}><office:body><office:text>{body}"
    xml += "</office:text></office:body></office:document-content>"
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("mimetype", ODT, zipfile.ZIP_STORED)
        archive.writestr("content.xml", xml)
    return data.getvalue()


def test_the_text_of_a_pdf_is_read():
    data = html_to_pdf("<html lang='sv'><body><p>Krisberedskap i Huddinge</p></body>")
    assert "Krisberedskap i Huddinge" in extract_text(data, PDF)


def test_the_paragraphs_of_a_word_file_are_read_in_order():
    text = extract_text(
        docx_paragraphs("Målbild för samverkan", "Förslag till beslut"), DOCX
    )
    assert text == "Målbild för samverkan\n\nFörslag till beslut"


def test_the_paragraphs_of_an_odt_file_are_read():
    assert extract_text(_odt("Yttrande över remiss", "Bilaga 2"), ODT) == (
        "Yttrande över remiss\n\nBilaga 2"
    )


def test_the_cells_of_a_spreadsheet_are_read():
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Kommun</t></si><si><t>Folkmängd</t></si></sst>"
    )
    data = zip_bytes({"xl/workbook.xml": "<workbook/>", "xl/sharedStrings.xml": shared})
    assert extract_text(data, XLSX) == "Kommun\n\nFolkmängd"


def test_an_entity_bomb_gives_no_text_and_no_hang():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    assert extract_text(docx_bytes(bomb), DOCX) == ""


def test_a_zip_member_larger_than_the_limit_is_not_read(monkeypatch):
    monkeypatch.setattr(text_extraction, "MAX_XML_BYTES", 1000)
    assert extract_text(docx_paragraphs("ord " * 400), DOCX) == ""


def test_a_damaged_file_gives_no_text():
    assert extract_text(b"%PDF-1.4 broken", PDF) == ""
    assert extract_text(b"PK\x03\x04 not a zip", DOCX) == ""
    assert extract_text(odt_bytes(), ODT) == ""


def test_an_upload_queues_the_reading_and_the_worker_stores_the_text(case, alice):
    document = document_start(case=case, user=alice)
    upload = SimpleUploadedFile(
        "yttrande.docx", docx_paragraphs("Yttrande om krisberedskap")
    )
    attachment = attachment_add_file(document=document, user=alice, file=upload)
    assert Attachment.objects.get(pk=attachment.pk).text == ""  # not in the request
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "cases.tasks.attachment_text_extract"
    assert run_tasks() == 1
    attachment.refresh_from_db()
    assert attachment.text == "Yttrande om krisberedskap"
    assert attachment.text_extracted_at is not None
    # Reading the text is no change of the attachment in its history.
    assert attachment.history.count() == 1
