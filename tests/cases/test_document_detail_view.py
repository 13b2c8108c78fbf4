"""GET /cases/<pk>/document/ (cases:document): the tjänsteskrivelse as the portal shows it."""

import datetime

import pytest
from django.templatetags.static import static
from django.urls import reverse

from cases.models import CaseReference, Secrecy
from cases.services import case_import
from cases.services.documents import (
    SectionInput,
    document_html,
    document_save,
    document_start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(alice, case):
    document = document_start(case=case, user=alice)
    return document_save(
        document=document,
        user=alice,
        base_version=document.version,
        title=document.title,
        document_date=datetime.date(2023, 3, 20),
        sections=[
            SectionInput(title="Förslag till beslut", text="Kommunstyrelsen noterar."),
            SectionInput(
                title="Beskrivning av ärendet",
                text="Avsiktsförklaringen, KS 2014/195 (se bilaga 2), och "
                "överenskommelsen KS 2015/560. Åter KS\u00a02014/195, inte KS 2014/1950.",
            ),
        ],
    )


@pytest.fixture
def earlier(ks):
    return case_import(
        board=ks,
        year=2014,
        serial=195,
        title="Avsiktsförklaring Samverkan Stockholmsregionen",
        registered_date=datetime.date(2014, 3, 24),
    )


def _url(case) -> str:
    return reverse("cases:document", args=[case.pk])


def test_the_page_shows_the_rendered_report_and_the_actions(client, alice, document):
    client.force_login(alice)
    response = client.get(_url(document.case))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<article class="doc doc-preview"' in page
    assert "<h2>Beskrivning av ärendet</h2>" in page
    assert "<p>Kommunstyrelsen noterar.</p>" in page
    for name in (
        "cases:document-edit",
        "cases:document-pdf",
        "cases:document-versions",
    ):
        assert f'href="{reverse(name, args=[document.case.pk])}"' in page
    assert f'href="{static("pdf/document.css")}"' in page
    assert f'href="{static("pdf/preview.css")}"' in page
    # the panels, each with its form for someone who may change the report
    for panel in ("signatories", "references", "recipients"):
        assert f'id="{panel}"' in page
    assert reverse("cases:document-signatory-add", args=[document.case.pk]) in page


def test_a_colleague_who_may_not_write_reads_it_without_the_forms(
    client, bob, document
):
    client.force_login(bob)
    page = client.get(_url(document.case)).content.decode()
    assert "<h2>Beskrivning av ärendet</h2>" in page
    assert reverse("cases:document-edit", args=[document.case.pk]) not in page
    assert reverse("cases:document-signatory-add", args=[document.case.pk]) not in page
    assert reverse("cases:document-pdf", args=[document.case.pk]) in page


def test_an_outsider_reads_a_public_case_but_not_a_secret_one(
    client, alice, charlie, document, secret_case
):
    document_start(case=secret_case, user=alice)
    client.force_login(charlie)
    assert client.get(_url(document.case)).status_code == 200
    assert client.get(_url(secret_case)).status_code == 404


def test_a_case_without_a_report_offers_to_start_one(client, alice, bob, case):
    client.force_login(alice)
    page = client.get(_url(case)).content.decode()
    assert "No official report has been started for this case yet." in page
    assert f'action="{reverse("cases:document-start", args=[case.pk])}"' in page
    client.force_login(bob)
    page = client.get(_url(case)).content.decode()
    assert reverse("cases:document-start", args=[case.pk]) not in page


def test_referenced_case_numbers_in_the_text_link_to_their_cases(
    client, alice, document, earlier
):
    CaseReference.objects.create(
        case=document.case, referenced_case=earlier, note="Antagen 24 mars 2014"
    )
    client.force_login(alice)
    page = client.get(_url(document.case)).content.decode()
    link = f'<a class="doc-case-link" href="/cases/{earlier.pk}/">KS 2014/195</a>'
    assert page.count(link) == 1
    # also with the no-break space of text pasted from Word
    assert (
        f'<a class="doc-case-link" href="/cases/{earlier.pk}/">KS&nbsp;2014/195</a>'
        in page
    )
    assert "KS 2014/1950" in page  # a longer number is not the referenced case
    assert 'href="/cases/' + str(earlier.pk) + '/">KS 2014/1950' not in page
    assert "KS 2015/560" in page and "KS 2015/560</a>" not in page  # not referenced
    assert "Antagen 24 mars 2014" in page  # the panel lists the note
    # The PDF keeps plain text.
    html = document_html(document)
    assert "KS 2014/195 (se bilaga 2)" in html
    assert "doc-case-link" not in html


def test_a_reference_to_a_secret_case_is_neither_listed_nor_linked_for_outsiders(
    client, alice, charlie, ks, document
):
    secret = case_import(
        board=ks,
        year=2014,
        serial=195,
        title="Hemlig utredning",
        registered_date=datetime.date(2014, 3, 24),
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 18 kap. 13 §",
    )
    CaseReference.objects.create(case=document.case, referenced_case=secret)
    client.force_login(charlie)
    page = client.get(_url(document.case)).content.decode()
    assert "Hemlig utredning" not in page
    assert f"/cases/{secret.pk}/" not in page
    client.force_login(alice)
    assert f"/cases/{secret.pk}/" in client.get(_url(document.case)).content.decode()


def test_the_page_refuses_post(client, alice, document):
    client.force_login(alice)
    assert client.post(_url(document.case)).status_code == 405


def test_the_page_renders_in_swedish(client, alice, document):
    client.cookies["django_language"] = "sv"
    client.force_login(alice)
    response = client.get(_url(document.case))
    assert response.status_code == 200
    assert '<html lang="sv"' in response.content.decode()
