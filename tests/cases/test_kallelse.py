"""The kallelse with its agenda (PDF/A) and the meeting documents (the kallelse
and each item's handlingar, with bookmarks), and who may download them
(cases/services/kallelse.py, cases/views/kallelse.py).

Runs on the demo data (the Målbild case KS 2023/236 with its document and five
attachments), loaded once for the module inside a transaction that is rolled
back at the end.
"""

import datetime
import io
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from cases.models import AgendaItem, Case, Meeting, Secrecy
from cases.services.handlingar import handlingar_pdf
from cases.services.kallelse import kallelse_pdf, meeting_documents_pdf
from members.models import User
from tests.cases.test_document_pdf import demo_loaded, fresh
from tests.factories import CaseFactory
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
SECRET_TITLE = "Säkerhetsskyddsanalys 2023"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("media")) as document:
        yield document


@pytest.fixture
def document(demo):
    return fresh(demo)


@pytest.fixture
def insider():
    return User.objects.get(username="handlaggare")


@pytest.fixture
def outsider():
    return User.objects.get(username="handlaggare-botkyrka")


@pytest.fixture
def meeting(document, insider):
    """Kommunstyrelsen's meeting: 1. Målbild (with its document), 2. KS 2014/195
    (no document), 3. a secret case of Huddinge (no document)."""
    board = document.case.board
    meeting = Meeting.objects.create(
        board=board,
        meeting_date=datetime.date(2023, 4, 12),
        start_time=datetime.time(13, 0),
        place="Kommunstyrelsesalen",
        chair=insider,
        secretary=insider,
    )
    Case.objects.filter(pk=document.case_id).update(secrecy=Secrecy.PUBLIC)
    earlier = Case.objects.get(board=board, number="KS 2014/195")
    Case.objects.filter(pk=earlier.pk).update(secrecy=Secrecy.PUBLIC)
    secret = CaseFactory(board=board, serial=900, title=SECRET_TITLE)
    Case.objects.filter(pk=secret.pk).update(secrecy=Secrecy.SECRET)
    for position, case in enumerate((document.case, earlier, secret), start=1):
        AgendaItem.objects.create(meeting=meeting, case=case, position=position)
    return meeting


def _sv(msgid: str) -> str:
    with translation.override("sv"):
        return gettext(msgid)


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _top_level(reader: PdfReader) -> list[tuple[str, int]]:
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


def test_the_kallelse_shows_the_meeting_and_the_agenda_in_order(
    meeting, document, insider
):
    text = _text(kallelse_pdf(meeting, insider))
    assert _sv("Notice of meeting") in text
    assert "Kommunstyrelsen" in text
    assert "2023-04-12" in text
    assert "13:00" in text
    assert "Kommunstyrelsesalen" in text
    numbers = ["KS 2023/236", "KS 2014/195", "KS 2023/900"]
    places = [text.index(number) for number in numbers]
    assert places == sorted(places)
    assert SECRET_TITLE in text
    assert _sv("no documents") in text


def test_the_kallelse_declares_pdf_a(meeting, insider):
    xmp = PdfReader(io.BytesIO(kallelse_pdf(meeting, insider))).xmp_metadata
    assert xmp is not None
    root = ElementTree.fromstring(xmp.stream.get_data())
    claims = {
        (node.get(f"{PDFAID}part"), node.get(f"{PDFAID}conformance"))
        for node in root.iter()
        if node.get(f"{PDFAID}part")
    }
    assert claims == {("3", "B")}


def test_the_kallelse_follows_the_agenda_order(meeting, insider):
    first = AgendaItem.objects.get(meeting=meeting, position=1)
    second = AgendaItem.objects.get(meeting=meeting, position=2)
    AgendaItem.objects.filter(pk=first.pk).update(position=2)
    AgendaItem.objects.filter(pk=second.pk).update(position=1)
    text = _text(kallelse_pdf(meeting, insider))
    assert text.index("KS 2014/195") < text.index("KS 2023/236")


def test_the_meeting_documents_have_the_bookmarks_and_pages_in_order(
    meeting, document, insider
):
    reader = PdfReader(io.BytesIO(meeting_documents_pdf(meeting, insider)))
    kallelse_pages = len(PdfReader(io.BytesIO(kallelse_pdf(meeting, insider))).pages)
    handlingar = PdfReader(io.BytesIO(handlingar_pdf(document)))
    assert len(reader.pages) == kallelse_pages + len(handlingar.pages)
    assert _top_level(reader) == [
        (_sv("Notice of meeting"), 0),
        (f"1. KS 2023/236 {document.case.title}", kallelse_pages),
    ]
    # The item's own bookmarks (tjänsteskrivelse, each bilaga) are nested below.
    outline = list(reader.outline)
    at = [i for i, item in enumerate(outline) if not isinstance(item, list)][1]
    nested = outline[at + 1]
    assert isinstance(nested, list)
    assert [item.title for item in nested if not isinstance(item, list)] == [
        item.title for item in handlingar.outline if not isinstance(item, list)
    ]
    assert reader.trailer["/Root"]["/Lang"] == "sv"


def _download(client, url):
    """A PDF as a reader gets it: the meeting documents wait for the worker to
    put the handlingar together (a 202 page), then come as the file."""
    response = client.get(url)
    if response.status_code == 202:
        run_tasks()
        response = client.get(url)
    return response


def test_an_outsider_does_not_get_the_secret_item(client, meeting, outsider):
    client.force_login(outsider)
    for name in ("cases:kallelse-pdf", "cases:meeting-documents-pdf"):
        response = _download(client, reverse(name, args=[meeting.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = _text(response.content)
        assert "KS 2023/236" in text
        assert SECRET_TITLE not in text
        assert "KS 2023/900" not in text


def test_the_insider_downloads_both(client, meeting, insider):
    client.force_login(insider)
    response = client.get(reverse("cases:kallelse-pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert 'filename="kallelse-KS-2023-04-12.pdf"' in response["Content-Disposition"]
    assert SECRET_TITLE in _text(response.content)
    response = _download(
        client, reverse("cases:meeting-documents-pdf", args=[meeting.pk])
    )
    assert response.status_code == 200
    titles = [
        title for title, _page in _top_level(PdfReader(io.BytesIO(response.content)))
    ]
    assert titles[0] == _sv("Notice of meeting")
    assert titles[1].startswith("1. KS 2023/236")


def test_the_meeting_page_links_both(client, meeting, insider):
    client.force_login(insider)
    page = client.get(reverse("cases:meeting", args=[meeting.pk])).content.decode()
    assert reverse("cases:kallelse-pdf", args=[meeting.pk]) in page
    assert reverse("cases:meeting-documents-pdf", args=[meeting.pk]) in page


def test_anonymous_visitors_are_sent_to_the_login(client, meeting):
    for name in ("cases:kallelse-pdf", "cases:meeting-documents-pdf"):
        response = client.get(reverse(name, args=[meeting.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_an_unknown_meeting_is_not_found(client, insider):
    client.force_login(insider)
    response = client.get(reverse("cases:kallelse-pdf", args=[999999]))
    assert response.status_code == 404


def test_the_meeting_documents_wait_for_the_worker_after_a_change(
    client, meeting, insider, document
):
    from cases.services import document_touch

    run_tasks()  # the demo's own (the text of its uploaded attachments)
    document_touch(document)  # new handlingar are due for the changed report
    client.force_login(insider)
    url = reverse("cases:meeting-documents-pdf", args=[meeting.pk])
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert "The meeting documents are being put together" in waiting.content.decode()
    assert run_tasks() == 1
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
