"""GET /diarium/<pk>/ (diarium:detail): a public case of the public diarium, without login."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Document, Secrecy
from cases.services import journal_entry_register
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _url(case) -> str:
    return reverse("diarium:detail", args=[case.pk])


def test_the_public_diarium_links_each_case_to_its_page(client, case):
    page = client.get(reverse("diarium:list")).content.decode()
    assert f'<a class="ds-link" href="{_url(case)}">KS 2023/1</a>' in page


def test_anyone_reads_a_public_case_its_board_and_dates(client, case):
    response = client.get(_url(case))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "KS 2023/1",
        "Målbild Samverkan Stockholmsregionen 2023-2026",
        "Huddinge kommun, Kommunstyrelsen",
        "2023-03-20",
        "No decision in the case has adjusted minutes yet.",
    ]:
        assert text in page


def test_a_secret_or_partly_secret_case_is_not_found(client, ks, secret_case):
    assert client.get(_url(secret_case)).status_code == 404
    partly = CaseFactory(
        board=ks,
        serial=3,
        secrecy=Secrecy.PARTLY_SECRET,
        secrecy_reference="OSL 18 kap. 13 §",
    )
    assert client.get(_url(partly)).status_code == 404


def test_public_documents_are_listed_and_secret_ones_never(client, case, entry, alice):
    journal_entry_register(
        case=case,
        direction="incoming",
        subject="Hemlig riskanalys från Polisen",
        counterpart="Polismyndigheten",
        document_date=datetime.date(2023, 3, 11),
        received_date=datetime.date(2023, 3, 13),
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 18 kap. 13 §",
        registered_by=alice,
    )
    page = client.get(_url(case)).content.decode()
    assert "KS 2023/1-1" in page
    assert "Målbild 2023-2026 från regionala chefsgruppen" in page
    assert "Hemlig riskanalys" not in page
    assert "KS 2023/1-2" not in page


def test_the_decision_shows_once_the_minutes_are_adjusted(
    client, decided, meeting, adjust
):
    url = _url(decided)
    assert "noterar till protokollet" not in client.get(url).content.decode()
    adjust(meeting)
    page = client.get(url).content.decode()
    assert "Kommunstyrelsen noterar till protokollet" in page
    assert "§ 1" in page


def test_the_official_report_is_listed_once_the_case_is_approved(client, make_case):
    case = make_case(title="Godkänt ärende")
    Document.objects.create(
        case=case,
        title="Tjänsteskrivelse om samverkan",
        document_date=datetime.date(2023, 4, 1),
    )
    draft = make_case(title="Utkast", status="drafting")
    Document.objects.create(
        case=draft,
        title="Utkast till skrivelse",
        document_date=datetime.date(2023, 4, 1),
    )
    assert "Tjänsteskrivelse om samverkan" in client.get(_url(case)).content.decode()
    assert "Utkast till skrivelse" not in client.get(_url(draft)).content.decode()
