"""An uploaded bilaga keeps the name it had on the official's computer: shown in the
list, used as its heading and as the download name; the storage keeps the file
under a generated name (issue 12 §7)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.services import document_start
from cases.services.attachments import attachment_add_file
from tests.cases.test_upload_validation import pdf_bytes

NAME = "Protokollsutdrag 2024-03-12 § 45.pdf"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def document(case, alice):
    return document_start(case=case, user=alice)


def _add(document, user, name):
    return attachment_add_file(
        document=document, user=user, file=SimpleUploadedFile(name, pdf_bytes())
    )


def test_the_heading_and_the_shown_name_keep_the_paragraph_sign(
    client, alice, document
):
    attachment = _add(document, alice, NAME)

    assert attachment.title == "Protokollsutdrag 2024-03-12 § 45"
    assert attachment.original_name == NAME
    client.force_login(alice)
    page = client.get(reverse("cases:attachments", args=[document.case_id]))
    assert NAME in page.content.decode()


def test_the_download_is_named_as_uploaded(client, alice, document):
    attachment = _add(document, alice, NAME)
    client.force_login(alice)

    response = client.get(
        reverse("cases:attachment-download", args=[document.case_id, attachment.pk])
    )

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Protokollsutdrag%202024-03-12%20%C2%A7%2045.pdf"
    )


def test_the_file_is_stored_under_a_generated_name(alice, document, media):
    first = _add(document, alice, NAME)
    second = _add(document, alice, NAME)

    pattern = rf"attachments/{document.case_id}/[0-9a-f]{{32}}\.pdf"
    assert re.fullmatch(pattern, first.file.name)
    assert re.fullmatch(pattern, second.file.name)
    assert first.file.name != second.file.name
    assert first.file.read() == second.file.read() == pdf_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "Kommunens 'plan' #3 [utkast] 50 %.pdf",
        "Yttrande över remiss – Åtgärder för äldre, ö-området.pdf",
    ],
)
def test_punctuation_a_file_system_allows_stays(alice, document, name):
    assert _add(document, alice, name).original_name == name
