import datetime

import pytest
from django.urls import reverse

from cases.services.anslag import notice_publish
from tests.helpers import system

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(meeting, decided, adjust):
    adjust(meeting, datetime.date(2023, 6, 1))
    return notice_publish(meeting, published=datetime.date(2023, 6, 2), user=system())


def test_the_notice_board_shows_a_current_notice_to_anyone(
    client, notice, time_machine
):
    time_machine.move_to(datetime.datetime(2023, 6, 26, 12, 0))
    response = client.get(reverse("anslagstavla:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Minutes of Kommunstyrelsen, meeting 2023-04-12" in content
    assert "2023-06-26" in content  # the last day to appeal
    assert "moved from 2023-06-23" in content
    assert "2023-06-27" in content  # taken down
    assert "Huddinge kommun, diariet" in content
    assert "laglighetsprövning" in content


def test_the_notice_comes_down_on_the_legal_force_date(client, notice, time_machine):
    time_machine.move_to(datetime.datetime(2023, 6, 27, 8, 0))
    response = client.get(reverse("anslagstavla:list"))
    assert "Minutes of Kommunstyrelsen" not in response.content.decode()
    assert "There are no notices on the notice board today." in (
        response.content.decode()
    )


def test_a_notice_is_not_shown_before_its_publication_day(client, notice, time_machine):
    time_machine.move_to(datetime.datetime(2023, 6, 1, 12, 0))
    response = client.get(reverse("anslagstavla:list"))
    assert "Minutes of Kommunstyrelsen" not in response.content.decode()


def test_the_notice_page_is_public(client, notice):
    response = client.get(notice.get_absolute_url())
    assert response.status_code == 200
    assert "Where the minutes are kept" in response.content.decode()
    # The permanent text on how to appeal, in Swedish whatever the language.
    text = " ".join(response.content.decode().split())
    assert (
        "Överklagandet ska ha kommit in till förvaltningsrätten inom tre veckor" in text
    )
    assert f"senast den {notice.last_appeal_date:%Y-%m-%d}" in text


def test_the_case_page_shows_the_last_day_to_appeal_and_the_legal_force_date(
    client, alice, notice, decided
):
    client.force_login(alice)
    response = client.get(decided.get_absolute_url())
    content = response.content.decode()
    assert "Appeal and legal force" in content
    assert "2023-06-26" in content
    assert "moved from 2023-06-23" in content
    assert "2023-06-27" in content


def test_the_case_page_has_no_appeal_panel_before_the_notice(client, alice, decided):
    client.force_login(alice)
    response = client.get(decided.get_absolute_url())
    assert "Appeal and legal force" not in response.content.decode()


def test_the_takedown_reads_as_ahead_or_done_and_an_eve_is_not_a_holiday(
    client, notice, time_machine
):
    """A takedown date still ahead reads "Tas ned", not "Nedtaget"; the appeal day
    moved from midsommarafton names the eves beside the helgdagar, as lag
    (1930:173) does (issue 13 findings)."""
    from tests.helpers import use_language

    client = use_language(client, "sv")
    time_machine.move_to(datetime.datetime(2023, 6, 26, 12, 0))
    page = " ".join(client.get(notice.get_absolute_url()).content.decode().split())
    assert "<dt>Tas ned</dt>" in page and "Nedtaget" not in page
    assert (
        "(flyttad från 2023-06-23: en lördag, söndag eller helgdag, midsommarafton,"
        " julafton eller nyårsafton)" in page
    )

    time_machine.move_to(datetime.datetime(2023, 6, 28, 12, 0))
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "<dt>Nedtaget</dt>" in page and "Tas ned" not in page


def _pdf_text(data: bytes) -> str:
    import io
    import re

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_notice_links_to_the_adjusted_minutes_which_anyone_may_read(
    client, notice, time_machine
):
    time_machine.move_to(datetime.datetime(2023, 6, 26, 12, 0))
    url = reverse("anslagstavla:minutes-pdf", args=[notice.pk])
    for page in (reverse("anslagstavla:list"), notice.get_absolute_url()):
        assert f'href="{url}"' in client.get(page).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "noterar till protokollet" in _pdf_text(response.content)


def test_the_public_minutes_leave_out_a_secret_case_even_for_its_colleagues(
    client, meeting, decided, adjust, secretary, make_case
):
    from cases.models import Decision, Secrecy
    from cases.services import meetings as meeting_services

    secret = make_case(
        title="Skyddsobjekt i kommunen",
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
    )
    item = meeting_services.agenda_add(meeting=meeting, case=secret, user=secretary)
    meeting_services.decision_record(
        item=item, user=secretary, kind=Decision.Kind.NOTE, text="Hemligt beslut"
    )
    adjust(meeting, datetime.date(2023, 6, 1))
    notice = notice_publish(meeting, published=datetime.date(2023, 6, 2), user=system())
    client.force_login(secretary)
    text = _pdf_text(
        client.get(reverse("anslagstavla:minutes-pdf", args=[notice.pk])).content
    )
    assert "noterar till protokollet" in text
    assert "Skyddsobjekt" not in text
    assert "Hemligt beslut" not in text
