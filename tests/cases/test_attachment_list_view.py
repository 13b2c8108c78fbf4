"""The attachments page /cases/<pk>/attachments/: the numbered list, and uploading."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Attachment
from cases.services import document_start
from cases.services.attachments import attachment_add_file
from tests.cases.test_upload_validation import (
    BUILDERS,
    docx_bytes,
    pdf_bytes,
    plain_zip_bytes,
    png_bytes,
)
from tests.helpers import stored_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def document(case, alice):
    return document_start(case=case, user=alice)


def _url(case) -> str:
    return reverse("cases:attachments", args=[case.pk])


def _add(document, user, title, name="Bilaga.pdf", data=None):
    return attachment_add_file(
        document=document,
        user=user,
        title=title,
        file=SimpleUploadedFile(name, data or pdf_bytes()),
    )


def _numbered_titles(content: str) -> list[tuple[str, str]]:
    """("Attachment 1.", title) for each row of the table, in page order."""
    rows = re.findall(
        r'<th scope="row" class="nowrap">(Attachment \d+\.)</th>\s*<td>([^<]+)', content
    )
    return [(number, title.strip()) for number, title in rows]


# Reading ------------------------------------------------------------------------


def test_the_page_numbers_the_attachments_in_order(client, alice, document):
    for title in ("Gemensam målbild", "Avsiktsförklaring", "Överenskommelse"):
        _add(document, alice, title)
    client.force_login(alice)

    response = client.get(_url(document.case))

    assert response.status_code == 200
    assert _numbered_titles(response.content.decode()) == [
        ("Attachment 1.", "Gemensam målbild"),
        ("Attachment 2.", "Avsiktsförklaring"),
        ("Attachment 3.", "Överenskommelse"),
    ]


def test_each_row_shows_file_name_type_size_and_download_link(client, alice, document):
    attachment = _add(document, alice, "Målbild", "Målbild 2023.docx", docx_bytes())
    client.force_login(alice)

    content = client.get(_url(document.case)).content.decode()

    download = reverse(
        "cases:attachment-download", args=[document.case_id, attachment.pk]
    )
    assert f'href="{download}" download>Målbild 2023.docx</a>' in content
    assert "Word (.docx)" in content
    assert f"{len(docx_bytes())}\xa0bytes" in content


def test_sizes_are_human_readable_in_swedish(client, alice, document):
    pdf = pdf_bytes()
    _add(document, alice, "Stor", data=pdf + b" " * (350_100 - len(pdf)))
    client.cookies["django_language"] = "sv"
    client.force_login(alice)

    content = client.get(_url(document.case)).content.decode()

    assert "341,9\xa0kB" in content


def test_the_writer_sees_the_forms(client, alice, document):
    client.force_login(alice)

    content = client.get(_url(document.case)).content.decode()

    assert 'enctype="multipart/form-data"' in content
    assert reverse("cases:attachment-add-case", args=[document.case_id]) in content


def test_bob_sees_the_list_without_forms(client, alice, bob, document):
    _add(document, alice, "Gemensam målbild")
    client.force_login(bob)

    response = client.get(_url(document.case))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Gemensam målbild" in content
    assert "multipart/form-data" not in content
    assert "Move up" not in content


def test_charlie_sees_a_public_case_but_not_a_secret_one(
    client, charlie, document, secret_case
):
    client.force_login(charlie)

    assert client.get(_url(document.case)).status_code == 200
    assert client.get(_url(secret_case)).status_code == 404


def test_a_case_without_a_report_explains_and_offers_word(client, alice, case):
    client.force_login(alice)

    content = client.get(_url(case)).content.decode()

    assert "The case has no official report yet." in content
    assert reverse("cases:document-import", args=[case.pk]) in content
    assert "multipart/form-data" not in content


def test_anonymous_visitors_are_sent_to_log_in(client, document):
    response = client.get(_url(document.case))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Uploading ------------------------------------------------------------------------


def _upload(client, case, name, data, title="Avsiktsförklaring"):
    return client.post(
        _url(case),
        {"upload-title": title, "upload-file": SimpleUploadedFile(name, data)},
    )


@pytest.mark.parametrize(
    ("name", "builder"),
    [
        ("Bilaga.pdf", "pdf"),
        ("Bilaga.docx", "docx"),
        ("Bilaga.xlsx", "xlsx"),
        ("Bilaga.odt", "odt"),
        ("Bilaga.png", "png"),
        ("Bilaga.jpg", "jpeg"),
    ],
)
def test_each_allowed_type_can_be_uploaded(client, alice, document, name, builder):
    client.force_login(alice)

    response = _upload(client, document.case, name, BUILDERS[builder]())

    attachment = Attachment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_url(document.case)}#attachment-{attachment.pk}"
    assert attachment.original_name == name
    assert attachment.size == len(BUILDERS[builder]())


def test_an_upload_is_stored_through_the_storage(client, alice, document):
    client.force_login(alice)

    _upload(client, document.case, "Överenskommelse 2015.pdf", pdf_bytes())

    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.title == "Avsiktsförklaring"
    assert stored_bytes(attachment.file.name) == pdf_bytes()


def test_a_path_in_the_name_is_dropped(client, alice, document):
    client.force_login(alice)

    _upload(client, document.case, "..\\..\\Windows\\Målbild.pdf", pdf_bytes())

    assert Attachment.objects.get().original_name == "Målbild.pdf"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("program.exe", b"MZ\x90\x00", "program.exe is not a type of file"),
        ("Bilaga.pdf", png_bytes(), "ends in .pdf, but its content is PNG"),
        (
            "Bilaga.pdf",
            b"<!doctype html><script>alert(1)</script>",
            "ends in .pdf, but its content is not a PDF file",
        ),
        ("Bilaga.docx", plain_zip_bytes(), "its content is not a Word (.docx) file"),
        ("Bilaga.pdf", b"", "The file Bilaga.pdf is empty."),
    ],
    ids=["wrong type", "png named pdf", "html named pdf", "zip named docx", "empty"],
)
def test_a_refused_upload_shows_why_and_keeps_the_title(
    client, alice, document, name, data, message
):
    client.force_login(alice)

    response = _upload(client, document.case, name, data, title="Avsiktsförklaring")

    content = response.content.decode()
    assert response.status_code == 400
    assert 'class="ds-error-summary"' in content
    assert 'id="id_upload-file_error"' in content
    assert message in html.unescape(content)
    assert 'value="Avsiktsförklaring"' in content
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused_and_the_title_kept(
    client, alice, document, settings
):
    settings.SSR_UPLOAD_MAX_BYTES = 50
    client.force_login(alice)

    response = _upload(client, document.case, "Bilaga.pdf", pdf_bytes())

    content = response.content.decode()
    assert response.status_code == 400
    assert "the largest file you can upload is 50\xa0bytes" in content
    assert 'value="Avsiktsförklaring"' in content


def test_a_name_that_is_only_a_path_is_refused_and_the_title_kept(
    client, alice, document
):
    client.force_login(alice)

    # The browser's name "..\\" leaves nothing once the path is dropped.
    response = _upload(client, document.case, "..\\", pdf_bytes())

    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_upload-file_error">Choose a file.' in content
    assert 'value="Avsiktsförklaring"' in content


def test_bob_may_not_upload(client, bob, document):
    client.force_login(bob)

    response = _upload(client, document.case, "Bilaga.pdf", pdf_bytes())

    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_charlie_may_not_upload_to_a_public_case(client, charlie, document):
    client.force_login(charlie)

    response = _upload(client, document.case, "Bilaga.pdf", pdf_bytes())

    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_charlie_gets_404_uploading_to_a_secret_case(
    client, alice, charlie, secret_case
):
    document_start(case=secret_case, user=alice)
    client.force_login(charlie)

    response = _upload(client, secret_case, "Bilaga.pdf", pdf_bytes())

    assert response.status_code == 404


def test_the_page_renders_in_swedish(client, alice, document):
    _add(document, alice, "Gemensam målbild")
    client.cookies["django_language"] = "sv"
    client.force_login(alice)

    response = client.get(_url(document.case))

    assert response.status_code == 200
    assert '<html lang="sv"' in response.content.decode()
