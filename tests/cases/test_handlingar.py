"""`handlingar_pdf` and /cases/<pk>/handlingar.pdf: the tjänsteskrivelse followed by
its attachments, with bookmarks, stored and reused like the document's PDF.

Runs on the demo Målbild document (five PDF attachments), loaded once for the
module inside a transaction that is rolled back at the end.
"""

import io
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from cases.models import Attachment, Case, Secrecy
from cases.services import document_pdf, document_start, document_touch
from cases.services.handlingar import handlingar_pdf
from members.models import User
from tests.cases.test_document_pdf import demo_loaded, fresh
from tests.helpers import system

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("media")) as document:
        yield document


@pytest.fixture
def document(demo):
    return fresh(demo)


def _swedish(msgid: str, **values) -> str:
    with translation.override("sv"):
        return gettext(msgid) % values if values else gettext(msgid)


def _top_level_bookmarks(reader: PdfReader) -> list[tuple[str, int]]:
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


def _attach(document, **fields) -> Attachment:
    position = document.attachments.count()
    attachment = Attachment.objects.create(
        document=document, position=position, **fields
    )
    document_touch(document)
    return attachment


def test_the_bookmarks_are_the_document_and_each_attachment_in_order(document):
    reader = PdfReader(io.BytesIO(handlingar_pdf(document)))
    titles = [title for title, _page in _top_level_bookmarks(reader)]
    attachments = [a.title for a in document.attachments.all()]
    assert len(attachments) == 5
    assert titles == [_swedish("Official report")] + [
        f"{_swedish('Attachment %(number)s.', number=n)} {title}"
        for n, title in enumerate(attachments, start=1)
    ]


def test_the_pages_are_the_documents_then_each_attachments(document):
    reader = PdfReader(io.BytesIO(handlingar_pdf(document)))
    own = len(PdfReader(io.BytesIO(document_pdf(document))).pages)
    parts = [
        len(PdfReader(a.file.open("rb")).pages) for a in document.attachments.all()
    ]
    assert len(reader.pages) == own + sum(parts)
    starts = [page for _title, page in _top_level_bookmarks(reader)]
    assert starts[0] == 0 and starts[1] == own
    assert reader.pages[own].extract_text().count("Gemensam målbild") >= 1


def test_the_handlingar_do_not_claim_pdf_a_but_carry_the_metadata(document):
    reader = PdfReader(io.BytesIO(handlingar_pdf(document)))
    xmp = reader.xmp_metadata
    assert xmp is None or b"pdfaid" not in xmp.stream.get_data()
    assert reader.metadata.title == document.title
    assert "KS 2023/236" in reader.metadata["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "sv"


def test_a_second_download_renders_and_merges_nothing(document):
    first = handlingar_pdf(document)
    with (
        mock.patch("cases.services.documents.html_to_pdf") as render_document,
        mock.patch("cases.services.handlingar.html_to_pdf") as render_placeholder,
        mock.patch("cases.services.handlingar.PdfWriter") as merge,
    ):
        second = handlingar_pdf(fresh(document))
    render_document.assert_not_called()
    render_placeholder.assert_not_called()
    merge.assert_not_called()
    assert second == first


def test_a_stored_download_costs_two_queries(document, django_assert_num_queries):
    first = handlingar_pdf(document)
    again = fresh(document)
    # The attachments and the organisation's title of the tjänsteskrivelse
    # (DocumentTitle), both in the key.
    with django_assert_num_queries(2):
        assert handlingar_pdf(again) == first


def test_a_changed_document_is_merged_again_and_the_old_file_deleted(document):
    folder = f"documents/handlingar/{document.case_id}"
    storage = default_storage
    handlingar_pdf(document)
    first_files = storage.listdir(folder)[1]
    document_touch(document)
    # The same text may merge to the same bytes; what shows the new merge is the
    # stored file: a new one under the new key, and the old one gone.
    handlingar_pdf(fresh(document))
    second_files = storage.listdir(folder)[1]
    assert len(first_files) == len(second_files) == 1
    assert first_files != second_files


def test_a_file_that_is_not_a_pdf_gets_a_placeholder_page(document):
    handlingar_pdf(document)
    _attach(
        document,
        title="Kostnadsfördelning",
        file=ContentFile(b"PK\x03\x04 not really a docx", name="kostnader.docx"),
        original_name="kostnader.docx",
        content_type="application/vnd.openxmlformats-officedocument"
        ".wordprocessingml.document",
        size=26,
    )
    reader = PdfReader(io.BytesIO(handlingar_pdf(fresh(document))))
    title, page = _top_level_bookmarks(reader)[-1]
    assert title == f"{_swedish('Attachment %(number)s.', number=6)} Kostnadsfördelning"
    assert page == len(reader.pages) - 1
    text = " ".join(reader.pages[-1].extract_text().split())
    assert "Kostnadsfördelning" in text and "DOCX" in text and "KS 2023/236" in text


def test_a_damaged_pdf_gets_a_placeholder_page(document):
    _attach(
        document,
        title="Trasig",
        file=ContentFile(b"%PDF-1.7 nothing else", name="trasig.pdf"),
        original_name="trasig.pdf",
        content_type="application/pdf",
        size=21,
    )
    reader = PdfReader(io.BytesIO(handlingar_pdf(fresh(document))))
    assert "Trasig" in reader.pages[-1].extract_text()


def test_another_public_cases_document_is_included_as_its_pdf(document):
    earlier = Case.objects.get(board=document.case.board, number="KS 2014/195")
    earlier_document = document_start(case=earlier, user=system())
    _attach(document, title="Avsiktsförklaringen", source_case=earlier)
    reader = PdfReader(io.BytesIO(handlingar_pdf(fresh(document))))
    pages = len(PdfReader(io.BytesIO(document_pdf(earlier_document))).pages)
    _title, start = _top_level_bookmarks(reader)[-1]
    assert len(reader.pages) - start == pages
    assert "KS 2014/195" in reader.pages[start].extract_text()


def test_a_secret_case_attached_to_a_public_one_is_not_even_named(document):
    earlier = Case.objects.get(board=document.case.board, number="KS 2015/560")
    Case.objects.filter(pk=earlier.pk).update(secrecy=Secrecy.SECRET)
    document_start(case=earlier, user=system())
    _attach(document, title="Överenskommelsen", source_case=earlier)
    reader = PdfReader(io.BytesIO(handlingar_pdf(fresh(document))))
    _title, start = _top_level_bookmarks(reader)[-1]
    assert start == len(reader.pages) - 1  # one placeholder page, not its document
    placeholder = reader.pages[-1].extract_text()
    assert "KS 2015/560" not in placeholder  # its number is as secret (issue 10)
    assert "sekretessbelagt" in placeholder


def _url(document) -> str:
    return reverse("cases:handlingar-pdf", args=[document.case_id])


def test_the_case_officer_waits_while_the_worker_puts_the_handlingar_together(
    client, document
):
    from django_tasks_db.models import DBTaskResult

    from tests.helpers import run_tasks

    run_tasks()  # the demo's own (the text of its uploaded attachments)
    DBTaskResult.objects.all().delete()
    client.force_login(User.objects.get(username="handlaggare"))
    waiting = client.get(_url(document))
    assert waiting.status_code == 202
    page = waiting.content.decode()
    assert "The documents of KS 2023/236 are being put together" in page
    assert f'href="{_url(document)}"' in page  # "Check again", without JavaScript
    # Reloading while it is being built queues nothing more.
    assert client.get(_url(document)).status_code == 202
    assert DBTaskResult.objects.count() == 1
    # htmx polls the status region until the file is there.
    polled = client.get(_url(document), headers={"HX-Request": "true"})
    assert polled.status_code == 202
    assert 'hx-trigger="every 2s"' in polled.content.decode()
    assert run_tasks() == 1
    ready = client.get(_url(document), headers={"HX-Request": "true"})
    assert ready.status_code == 200
    assert "hx-trigger" not in ready.content.decode()
    response = client.get(_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="KS_2023-236_handlingar.pdf"' in response["Content-Disposition"]
    assert response.content == handlingar_pdf(document)


def test_the_stored_handlingar_are_served_at_once(client, document):
    handlingar_pdf(document)
    client.force_login(User.objects.get(username="handlaggare"))
    response = client.get(_url(document))
    assert response.status_code == 200
    assert response.content == handlingar_pdf(document)


def test_another_organisation_gets_404_for_a_secret_case(client, document):
    Case.objects.filter(pk=document.case_id).update(secrecy=Secrecy.SECRET)
    client.force_login(User.objects.get(username="handlaggare-botkyrka"))
    assert client.get(_url(document)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, document):
    response = client.get(_url(document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_case_without_a_document_is_404(client, document):
    earlier = Case.objects.get(board=document.case.board, number="KS 2014/195")
    client.force_login(User.objects.get(username="handlaggare"))
    url = reverse("cases:handlingar-pdf", args=[earlier.pk])
    assert client.get(url).status_code == 404
