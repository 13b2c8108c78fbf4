"""POST /cases/<pk>/document/preview/ (cases:document-preview): the live preview of
unsaved text beside the editor (htmx)."""

import datetime

import pytest
from django.urls import reverse

from cases.models import CaseReference, DocumentVersion
from cases.services import case_import
from cases.services.documents import document_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(alice, case):
    return document_start(case=case, user=alice)


def _url(case) -> str:
    return reverse("cases:document-preview", args=[case.pk])


def _data(document, texts: list[tuple[str, str]], **fields) -> dict:
    ids = [s.pk for s in document.sections.all()]
    data = {
        "title": document.title,
        "document_date": "2023-03-20",
        "base_version": document.version,
        "sections-TOTAL_FORMS": len(texts),
        "sections-INITIAL_FORMS": len(texts),
    }
    for index, (title, text) in enumerate(texts):
        data[f"sections-{index}-id"] = ids[index] if index < len(ids) else ""
        data[f"sections-{index}-title"] = title
        data[f"sections-{index}-text"] = text
    return data | fields


UNSAVED = (
    "Det här gäller:\n\n- punkt ett\n- punkt två\n\n"
    "> Ett citat.\n\nChefsgruppen^[Regionala chefsgruppen.] beslutade."
)


def test_the_preview_renders_unsaved_text_and_saves_nothing(client, alice, document):
    client.force_login(alice)
    response = client.post(
        _url(document.case),
        _data(document, [("Sammanfattning", UNSAVED), ("Nytt avsnitt", "*Ny* text")]),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment, not a page
    assert "<li>punkt ett</li>" in html
    assert "<blockquote>" in html
    assert '<span class="footnote">Regionala chefsgruppen.</span>' in html
    assert "<h2>Nytt avsnitt</h2>" in html
    assert "<em>Ny</em> text" in html
    assert "Förvaltningens synpunkter" not in html  # only the posted sections
    document.refresh_from_db()
    assert document.version == 1
    assert DocumentVersion.objects.count() == 1
    assert document.sections.count() == 5
    assert not document.sections.filter(text__contains="punkt ett").exists()


def test_the_preview_shows_the_unsaved_title_and_date(client, alice, document):
    client.force_login(alice)
    html = client.post(
        _url(document.case),
        _data(document, [("A", "")], title="Ny titel", document_date="2024-01-31"),
    ).content.decode()
    assert "Ny titel" in html
    assert "2024-01-31" in html


def test_the_preview_tells_screen_readers_once_that_it_changed(client, alice, document):
    client.force_login(alice)
    html = client.post(_url(document.case), _data(document, [("A", "B")])).content
    assert b'id="preview-status" hx-swap-oob="innerHTML"' in html


def test_the_preview_shows_typed_markup_as_text_as_saving_would(
    client, alice, document
):
    client.force_login(alice)
    html = client.post(
        _url(document.case),
        _data(
            document, [("A", "Hej<script>alert(1)</script> <b onclick='x()'>där</b>")]
        ),
    ).content.decode()
    assert "<script>alert(1)" not in html
    assert "<b onclick" not in html
    assert "Hej&lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=" in html


def test_the_preview_links_the_numbers_of_referenced_cases(client, alice, ks, document):
    earlier = case_import(
        board=ks,
        year=2014,
        serial=195,
        title="Avsiktsförklaring",
        registered_date=datetime.date(2014, 3, 24),
    )
    CaseReference.objects.create(case=document.case, referenced_case=earlier)
    client.force_login(alice)
    html = client.post(
        _url(document.case), _data(document, [("A", "Se KS 2014/195 (bilaga 2).")])
    ).content.decode()
    assert (
        f'<a class="doc-case-link" href="/cases/{earlier.pk}/">KS 2014/195</a>' in html
    )


def test_only_those_who_may_edit_get_a_preview(client, bob, charlie, document):
    client.force_login(bob)
    assert (
        client.post(_url(document.case), _data(document, [("A", "B")])).status_code
        == 403
    )
    client.force_login(charlie)
    assert (
        client.post(_url(document.case), _data(document, [("A", "B")])).status_code
        == 403
    )


def test_an_outsider_gets_no_preview_of_a_secret_case(
    client, alice, charlie, secret_case
):
    document = document_start(case=secret_case, user=alice)
    client.force_login(charlie)
    assert (
        client.post(_url(secret_case), _data(document, [("A", "B")])).status_code == 404
    )


def test_the_preview_refuses_get(client, alice, document):
    client.force_login(alice)
    assert client.get(_url(document.case)).status_code == 405
