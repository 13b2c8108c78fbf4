"""The minutes and the protokollsutdrag as PDF/A, in Swedish, and who may
download them (cases/services/minutes.py, cases/views/justering.py)."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from cases.services import justering as justering_services
from tests.cases.justering_fixtures import DECISION_TEXT


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def _sv(msgid: str) -> str:
    """The Swedish of a msgid of the minutes (the msgid itself until the lead's
    catalogue has it): the PDFs are always in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(msgid)


@pytest.fixture
def adjusted(jmeeting, decided_item, secretary, chair, adjuster):
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    justering_services.justering_confirm(meeting=jmeeting, user=chair)
    justering_services.justering_confirm(meeting=jmeeting, user=adjuster)
    jmeeting.refresh_from_db()
    return jmeeting


def test_the_minutes_show_the_paragraph_decision_and_signature_lines(
    client, jmeeting, numbered_item, alice
):
    client.force_login(alice)
    response = client.get(reverse("cases:minutes-pdf", args=[jmeeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert _sv("Minutes") in text
    assert f"§ {numbered_item.paragraph}" in text
    assert numbered_item.case.number in text
    assert DECISION_TEXT[:60] in text
    assert _sv("The decision is sent to") in text
    assert "Samverkan Stockholmsregionen" in text
    assert "Ulla Ordförande" in text
    assert "Jan Justerare" in text
    assert _sv("Chair") in text
    assert _sv("Adjuster") in text
    assert "______" in text
    assert _sv("Time and place of the adjustment") in text


def test_the_adjusted_minutes_name_who_confirmed_and_when(client, adjusted, alice):
    client.force_login(alice)
    text = _text(client.get(reverse("cases:minutes-pdf", args=[adjusted.pk])).content)
    # Dates as the minutes print them: in Swedish time (UTC is a day behind
    # between midnight and one or two in the morning).
    for confirmation in adjusted.confirmations.all():
        assert confirmation.user.get_full_name() in text
        assert f"{timezone.localtime(confirmation.confirmed_at):%Y-%m-%d}" in text
    assert f"{timezone.localtime(adjusted.adjusted_at):%Y-%m-%d}" in text


def test_the_extract_shows_one_paragraph_and_the_certification(
    client, jmeeting, numbered_item, alice
):
    client.force_login(alice)
    response = client.get(
        reverse("cases:extract-pdf", args=[jmeeting.pk, numbered_item.paragraph])
    )
    assert response.status_code == 200
    text = _text(response.content)
    assert f"§ {numbered_item.paragraph}" in text
    assert DECISION_TEXT[:60] in text
    assert "Länsstyrelsen Stockholm" in text
    assert _sv("Certified extract") in text
    assert "Sara Sekreterare" in text


def test_an_unknown_paragraph_is_not_found(client, jmeeting, numbered_item, alice):
    client.force_login(alice)
    url = reverse("cases:extract-pdf", args=[jmeeting.pk, numbered_item.paragraph + 5])
    assert client.get(url).status_code == 404


def test_the_pdfs_need_a_login(client, jmeeting, numbered_item):
    for url in (
        reverse("cases:minutes-pdf", args=[jmeeting.pk]),
        reverse("cases:extract-pdf", args=[jmeeting.pk, numbered_item.paragraph]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_a_paragraph_of_a_case_the_user_may_not_see_is_not_found(
    client, jmeeting, numbered_item, charlie
):
    """charlie (Botkyrka) sees the meeting page but not Huddinge's case, if the
    case is not public; a public case is visible to everyone."""
    client.force_login(charlie)
    url = reverse("cases:extract-pdf", args=[jmeeting.pk, numbered_item.paragraph])
    expected = 200 if numbered_item.case.secrecy == "public" else 404
    assert client.get(url).status_code == expected
