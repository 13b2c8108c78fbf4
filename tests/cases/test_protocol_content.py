"""What the minutes, the extract and the kallelse print (cases/services/minutes.py,
cases/services/kallelse.py): Ärendebeskrivning, Beslutsunderlag, signature
lines, the organisation's titles of its documents and the kallelse's förslag
till beslut."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from cases.models import (
    Attachment,
    Document,
    DocumentTitle,
    JournalEntry,
    Secrecy,
    Section,
)
from cases.services import justering as justering_services
from cases.services import meetings as meeting_services
from cases.services.documents import document_html
from cases.services.kallelse import kallelse_html
from cases.services.minutes import agenda_item_describe, minutes_html
from ssr_portal.lib.refusals import StepRefused

SUMMARY = "Kommunstyrelsen föreslås godkänna den gemensamma målbilden."
PROPOSAL = "Kommunstyrelsen godkänner målbilden för 2023–2026."


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def report(approved_case):
    """The tjänsteskrivelse of the case, with its Förslag till beslut, its
    Sammanfattning and one bilaga, and three journal entries (one secret)."""
    document = Document.objects.create(
        case=approved_case,
        title="Målbild 2023–2026",
        document_date=datetime.date(2023, 3, 1),
    )
    Section.objects.create(
        document=document, position=1, title="Förslag till beslut", text=PROPOSAL
    )
    Section.objects.create(
        document=document, position=2, title="Sammanfattning", text=SUMMARY
    )
    Attachment.objects.create(
        document=document, position=1, title="Målbild SSR", file="attachments/a.pdf"
    )
    for serial, (day, subject, secrecy) in enumerate(
        [
            (datetime.date(2023, 3, 10), "Yttrande från Länsstyrelsen", Secrecy.PUBLIC),
            (datetime.date(2023, 2, 1), "Skrivelse från SSR", Secrecy.PUBLIC),
            (datetime.date(2023, 2, 15), "Säkerhetsskyddsanalys", Secrecy.SECRET),
        ],
        start=1,
    ):
        JournalEntry.objects.create(
            case=approved_case,
            serial=serial,
            direction=JournalEntry.Direction.INTERNAL,
            document_date=day,
            subject=subject,
            secrecy=secrecy,
            secrecy_reference="" if secrecy == Secrecy.PUBLIC else "OSL 18 kap. 8 §",
        )
    return document


def test_the_minutes_print_the_description_and_the_decision_basis(
    report, jmeeting, numbered_item, alice
):
    text = _plain(minutes_html(jmeeting, alice))
    assert "Ärendebeskrivning" in text
    assert SUMMARY in text  # the Sammanfattning: the case has no description
    assert "Beslutsunderlag" in text
    assert "Tjänsteskrivelse: Målbild 2023–2026, 2023-03-01" in text
    assert "Bilaga 1. Målbild SSR" in text
    # The journal entries by date; the secret one is left out of the minutes.
    assert text.index("Skrivelse från SSR, 2023-02-01") < text.index(
        "Yttrande från Länsstyrelsen, 2023-03-10"
    )
    assert "Säkerhetsskyddsanalys" not in text
    assert "§ 1" in text


def test_the_case_description_comes_before_the_summary(
    report, approved_case, jmeeting, numbered_item, alice
):
    approved_case.description = "Ärendet gäller SSR:s målbild."
    approved_case.save()
    text = _plain(minutes_html(jmeeting, alice))
    assert "Ärendet gäller SSR:s målbild." in text
    assert SUMMARY not in text


def test_the_secretary_writes_the_description_of_an_item_before_justering(
    client, report, jmeeting, decided_item, secretary, alice
):
    client.force_login(secretary)
    url = reverse("cases:item-description", args=[jmeeting.pk, decided_item.pk])
    page = client.get(url)
    assert SUMMARY in page.content.decode()  # the default to start from
    response = client.post(url, {"description": "Beskrivning för protokollet."})
    assert response.status_code == 302
    text = _plain(minutes_html(jmeeting, alice))
    assert "Beskrivning för protokollet." in text
    assert SUMMARY not in text
    # Before the sending the draft shows the item's position, not a §.
    assert "1. Målbild" in text
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    with translation.override("sv"), pytest.raises(StepRefused) as refused:
        agenda_item_describe(item=decided_item, user=secretary, description="Ny.")
    assert "skickats för justering" in str(refused.value)


def test_only_the_secretary_writes_the_description(
    client, jmeeting, decided_item, alice
):
    client.force_login(alice)
    url = reverse("cases:item-description", args=[jmeeting.pk, decided_item.pk])
    assert client.post(url, {"description": "x"}).status_code == 403


def test_the_extract_has_signature_lines_and_the_certification(
    client, report, jmeeting, numbered_item, alice
):
    client.force_login(alice)
    response = client.get(
        reverse("cases:extract-pdf", args=[jmeeting.pk, numbered_item.paragraph])
    )
    text = _text(response.content)
    assert "Ulla Ordförande" in text
    assert "Jan Justerare" in text
    assert "Ordförande" in text and "Justerare" in text
    assert "Utdragsbestyrkande" in text
    assert "Beslutsunderlag" in text
    assert "Ärendebeskrivning" in text


def test_the_organisation_titles_its_documents(
    client, huddinge, report, jmeeting, numbered_item, alice
):
    DocumentTitle.objects.create(
        organisation=huddinge,
        kind=DocumentTitle.Kind.MINUTES,
        title="Sammanträdesprotokoll",
        page_mark="Sida",
    )
    DocumentTitle.objects.create(
        organisation=huddinge,
        kind=DocumentTitle.Kind.EXTRACT,
        title="Utdrag ur sammanträdesprotokoll",
    )
    DocumentTitle.objects.create(
        organisation=huddinge,
        kind=DocumentTitle.Kind.OFFICIAL_REPORT,
        title="Tjänsteutlåtande",
    )
    client.force_login(alice)
    minutes = _text(
        client.get(reverse("cases:minutes-pdf", args=[jmeeting.pk])).content
    )
    assert "SAMMANTRÄDESPROTOKOLL" in minutes  # the page mark, upper case
    assert "Sida 1 (1)" in minutes or "Sida 1 (2)" in minutes
    extract = _text(
        client.get(
            reverse("cases:extract-pdf", args=[jmeeting.pk, numbered_item.paragraph])
        ).content
    )
    assert "UTDRAG UR SAMMANTRÄDESPROTOKOLL" in extract
    assert "Tjänsteutlåtande" in document_html(report)


def test_without_a_title_the_swedish_defaults_are_printed(
    report, jmeeting, numbered_item, alice
):
    assert "Protokoll" in minutes_html(jmeeting, alice)
    assert "Protokollsutdrag" in minutes_html(jmeeting, alice, numbered_item)
    assert "Kallelse" in kallelse_html(jmeeting, alice)
    assert "Tjänsteskrivelse" in document_html(report)


def test_a_changed_title_renders_the_official_report_anew(huddinge, report):
    from cases.services.documents import document_pdf_content

    before = document_pdf_content(report)
    DocumentTitle.objects.create(
        organisation=huddinge,
        kind=DocumentTitle.Kind.OFFICIAL_REPORT,
        title="Skrivelse",
    )
    assert document_pdf_content(report) != before


def test_the_kallelse_prints_each_items_proposal_when_the_meeting_asks(
    report, jmeeting, approved_case, secretary, alice
):
    meeting_services.agenda_add(meeting=jmeeting, case=approved_case, user=secretary)
    assert PROPOSAL not in kallelse_html(jmeeting, alice)
    meeting_services.meeting_update(
        meeting=jmeeting,
        user=secretary,
        meeting_date=jmeeting.meeting_date,
        start_time=jmeeting.start_time,
        place=jmeeting.place,
        chair=jmeeting.chair,
        secretary=jmeeting.secretary,
        adjusters=list(jmeeting.adjusters.all()),
        kallelse_shows_proposals=True,
    )
    jmeeting.refresh_from_db()
    html = kallelse_html(jmeeting, alice)
    assert "Förslag till beslut" in html
    assert PROPOSAL in html


def test_the_meeting_form_sets_the_kallelse_option(client, jmeeting, secretary, chair):
    client.force_login(secretary)
    response = client.post(
        reverse("cases:meeting-edit", args=[jmeeting.pk]),
        {
            "meeting_date": "2023-04-12",
            "start_time": "13:00",
            "place": "Kommunstyrelsesalen",
            "chair": chair.pk,
            "secretary": secretary.pk,
            "kallelse_shows_proposals": "on",
        },
    )
    assert response.status_code == 302
    jmeeting.refresh_from_db()
    assert jmeeting.kallelse_shows_proposals
