"""Downloading a bilaga: /cases/<pk>/attachments/<id>/."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.services import case_register, document_start
from cases.services.attachments import (
    attachment_add_case_document,
    attachment_add_file,
)
from tests.cases.test_upload_validation import docx_bytes, pdf_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def document(case, alice):
    return document_start(case=case, user=alice)


@pytest.fixture
def attachment(document, alice):
    return attachment_add_file(
        document=document,
        user=alice,
        title="Överenskommelse",
        file=SimpleUploadedFile("Överenskommelse 2015.docx", docx_bytes()),
    )


def _url(attachment) -> str:
    return reverse(
        "cases:attachment-download",
        args=[attachment.document.case_id, attachment.pk],
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_file_is_served_with_its_type_and_name(client, alice, attachment):
    client.force_login(alice)

    response = client.get(_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%C3%96verenskommelse%202015.docx"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == docx_bytes()


def test_an_ascii_name_is_given_plainly(client, alice, document):
    plain = attachment_add_file(
        document=document,
        user=alice,
        title="Bilaga",
        file=SimpleUploadedFile("bilaga-1.pdf", pdf_bytes(), "text/html"),
    )
    client.force_login(alice)

    response = client.get(_url(plain))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bilaga-1.pdf"'


def test_charlie_of_another_organisation_may_download_from_a_public_case(
    client, charlie, attachment
):
    client.force_login(charlie)

    assert client.get(_url(attachment)).status_code == 200


def test_charlie_gets_404_for_an_attachment_of_a_secret_case(
    client, alice, charlie, secret_case
):
    document = document_start(case=secret_case, user=alice)
    secret = attachment_add_file(
        document=document,
        user=alice,
        title="Säkerhetsanalys",
        file=SimpleUploadedFile("Analys.pdf", pdf_bytes()),
    )
    client.force_login(charlie)

    assert client.get(_url(secret)).status_code == 404
    client.force_login(alice)
    assert client.get(_url(secret)).status_code == 200


def test_an_attachment_id_of_another_case_is_404(client, alice, attachment, ks):
    other = case_register(board=ks, title="Annat ärende", registered_by=alice)
    client.force_login(alice)

    url = reverse("cases:attachment-download", args=[other.pk, attachment.pk])

    assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, attachment):
    response = client.get(_url(attachment))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_missing_file_is_404_not_500(client, alice, attachment):
    default_storage.delete(attachment.file.name)
    client.force_login(alice)

    assert client.get(_url(attachment)).status_code == 404


def test_post_is_not_allowed(client, alice, attachment):
    client.force_login(alice)

    assert client.post(_url(attachment)).status_code == 405


# Another case's report as a bilaga --------------------------------------------------


@pytest.fixture
def earlier_case(ks, alice, case):
    earlier = case_register(
        board=ks,
        title="Avsiktsförklaring SSR",
        registered_by=alice,
        handler=alice,
        registered_date=datetime.date(2023, 3, 20),
    )
    document_start(case=earlier, user=alice)
    return earlier


def test_another_cases_report_is_downloaded_as_its_pdf(
    client, alice, document, earlier_case
):
    attachment = attachment_add_case_document(
        document=document, user=alice, source_case=earlier_case
    )
    client.force_login(alice)

    response = client.get(_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''KS%202023-2%20Avsiktsf%C3%B6rklaring%20SSR.pdf"
    )
    assert _body(response).startswith(b"%PDF-")


def test_another_cases_report_needs_that_case_to_be_visible(
    client, alice, charlie, document, ks
):
    hidden = case_register(
        board=ks,
        title="Säkerhetsskydd",
        registered_by=alice,
        secrecy="secret",
        secrecy_reference="OSL 15 kap. 2 §",
    )
    document_start(case=hidden, user=alice)
    attachment = attachment_add_case_document(
        document=document, user=alice, source_case=hidden
    )
    client.force_login(charlie)

    assert client.get(_url(attachment)).status_code == 404
    page = client.get(reverse("cases:attachments", args=[document.case_id]))
    assert "Not available to you" in page.content.decode()
