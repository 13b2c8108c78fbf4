"""/cases/<pk>/document.pdf: the tjänsteskrivelse for those who may see the case."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from cases.services import document_start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def document(case, alice):
    return document_start(case=case, user=alice)


def _url(case) -> str:
    return reverse("cases:document-pdf", args=[case.pk])


def test_alice_gets_the_pdf_with_a_file_name(client, alice, case, document):
    client.force_login(alice)
    response = client.get(_url(case))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="KS_2023-1_tjansteskrivelse.pdf"'
    )
    assert response.content.startswith(b"%PDF-")


def test_the_pdf_is_in_swedish_for_a_user_who_reads_english(
    client, alice, case, document
):
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    response = client.get(_url(case))
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    with translation.override("sv"):
        kind, ref = gettext("Official report"), gettext("Ref.")
    assert (kind, ref) == ("Tjänsteskrivelse", "Dnr")
    assert kind.upper() in text and f"{ref} KS 2023/1" in text


def test_someone_of_another_organisation_gets_a_public_cases_pdf(
    client, charlie, case, document
):
    client.force_login(charlie)
    assert client.get(_url(case)).status_code == 200


def test_someone_of_another_organisation_gets_404_for_a_secret_case(
    client, alice, charlie, secret_case
):
    document_start(case=secret_case, user=alice)
    client.force_login(charlie)
    assert client.get(_url(secret_case)).status_code == 404


def test_a_colleague_without_a_writing_role_gets_a_secret_case_of_her_own_organisation(
    client, alice, bob, secret_case
):
    document_start(case=secret_case, user=alice)
    client.force_login(bob)
    assert client.get(_url(secret_case)).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client, case, document):
    response = client.get(_url(case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_case_without_a_document_is_404(client, alice, case):
    client.force_login(alice)
    assert client.get(_url(case)).status_code == 404


def test_post_is_refused(client, alice, case, document):
    client.force_login(alice)
    assert client.post(_url(case)).status_code == 405
