"""A case under secrecy attached to a case others may read (issue 10): its report's
title and its number were copied and shown to every reader of the public case,
on the attachments page, in the PDF, the handlingar and the API."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Attachment, Case, Secrecy
from cases.services import SectionInput, document_save, document_start
from cases.services.attachments import attachment_add_case_document
from cases.services.handlingar import handlingar_pdf

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Säkerhetsskyddsanalys för kommunens ledningsplats"


@pytest.fixture
def public_document(case, alice):
    return document_start(case=case, user=alice)


@pytest.fixture
def secret(ks, alice):
    from cases.services import case_register

    secret = case_register(
        board=ks,
        title=SECRET_TITLE,
        handler=alice,
        registered_by=alice,
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 18 kap. 13 §",
    )
    document = document_start(case=secret, user=alice)
    document_save(
        document=document,
        user=alice,
        base_version=document.version,
        title=SECRET_TITLE,
        document_date=document.document_date,
        sections=[SectionInput(title="Förslag till beslut", text="Hemligt.")],
    )
    return Case.objects.get(pk=secret.pk)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_an_attached_secret_report_gets_a_title_that_names_nothing(
    public_document, secret, alice
):
    attachment = attachment_add_case_document(
        document=public_document, user=alice, source_case=secret
    )
    assert attachment.title == "Tjänsteskrivelse i sekretessbelagt ärende"


def test_a_public_report_keeps_its_own_title_when_attached(public_document, alice, ks):
    from cases.services import case_register

    other = case_register(board=ks, title="Avsiktsförklaring", registered_by=alice)
    document = document_start(case=other, user=alice)
    attachment = attachment_add_case_document(
        document=public_document, user=alice, source_case=other
    )
    assert attachment.title == document.title


def test_no_channel_shows_the_secret_case_to_another_organisation(
    client, public_document, secret, alice, charlie
):
    attachment_add_case_document(
        document=public_document, user=alice, source_case=secret
    )
    case = public_document.case
    client.force_login(charlie)
    for name in ("cases:attachments", "cases:document", "cases:document-pdf"):
        response = client.get(reverse(name, args=[case.pk]))
        assert response.status_code == 200, name
        body = (
            _text(response.content)
            if response["Content-Type"] == "application/pdf"
            else response.content.decode()
        )
        assert SECRET_TITLE not in body, name
        assert secret.number not in body, name
    bundle = _text(handlingar_pdf(public_document))
    assert SECRET_TITLE not in bundle and secret.number not in bundle
    assert "sekretess" in bundle
    api = client.get(f"/api/cases/{case.pk}/document/").content.decode()
    assert SECRET_TITLE not in api and secret.number not in api


def test_the_migration_renames_titles_copied_before(public_document, secret):
    from importlib import import_module

    from django.apps import apps

    attachment = Attachment.objects.create(
        document=public_document, title=SECRET_TITLE, source_case=secret
    )
    migration = import_module(
        "cases.migrations.0011_neutral_titles_of_secret_attached_reports"
    )
    migration.neutral_titles(apps, None)
    attachment.refresh_from_db()
    assert attachment.title == migration.NEUTRAL
