"""The diarium's pages render in Swedish, the portal's first language, too."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases.services import case_update
from tests.factories import CaseFactory
from tests.helpers import use_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def swedish(client):
    return use_language(client, "sv")


@pytest.mark.parametrize("name", ["cases:list", "cases:register", "diarium:list"])
def test_the_list_and_form_pages_render_in_swedish(swedish, alice, case, name):
    swedish.force_login(alice)
    response = swedish.get(reverse(name))
    assert response.status_code == 200
    assert '<html lang="sv"' in response.content.decode()


def test_the_case_list_is_in_swedish(swedish, alice, case):
    swedish.force_login(alice)
    page = swedish.get(reverse("cases:list")).content.decode()
    assert "<title>Ärenden – SSR-portalen</title>" in page
    assert "Ärenden</h1>" in page
    assert "Registrera ärende</a>" in page
    assert 'aria-label="Filtrera ärenden"' in page
    for label in ["Sök", "Nämnd", "År", "Status", "Handläggare"]:
        assert f">{label}" in page
    assert "Alla nämnder" in page and "Alla handläggare" in page
    assert "Visa ärenden</button>" in page
    assert "1 ärende</p>" in page
    assert "Ärenden, sida 1</caption>" in page
    for header in [
        "Diarienummer",
        "Ärendemening",
        "Status",
        "Handläggare",
        "Registrerat",
        "Sekretess",
    ]:
        assert f'<th scope="col">{header}</th>' in page
    assert "<td>Registrerat</td>" in page  # the case's status
    assert '<span class="ds-sr-only">Offentlig</span>' in page


def test_the_case_page_is_in_swedish(swedish, alice, registrar, entry):
    case = entry.case
    case_update(case=case, user=registrar, follow_up_date=datetime.date(2030, 1, 15))
    swedish.force_login(alice)
    page = swedish.get(case.get_absolute_url()).content.decode()
    assert "Ändra registreringsuppgifter</a>" in page
    assert "Registrera handling</a>" in page
    assert "Registreringsuppgifter</h2>" in page
    for term, value in [
        ("Diarienummer", "KS 2023/1"),
        ("Nämnd", "Kommunstyrelsen, Huddinge kommun"),
        ("Typ", "Information"),
        ("Status", "Registrerat"),
        ("Handläggare", str(alice)),
        ("Sekretess", "Offentlig"),
    ]:
        assert f"<dt>{term}</dt><dd>{value}</dd>" in page
    assert "<dt>Registreringsdatum</dt>" in page
    assert "<dt>Bevakningsdatum</dt>" in page
    assert "Registrerade handlingar</h2>" in page
    assert "Registrerade handlingar i ärende KS 2023/1</caption>" in page
    for header in ["Nummer", "Handlingstyp", "Avser", "Avsändare eller mottagare"]:
        assert f'<th scope="col">{header}</th>' in page
    assert "<td>Inkommande</td>" in page
    assert "Historik</h2>" in page
    assert "Historik för ärende KS 2023/1, senaste först</caption>" in page
    assert "Ärende: registrering" in page
    assert "Handling KS 2023/1-1: registrering" in page
    assert "Ärende: ändring" in page
    assert "<strong>Bevakningsdatum</strong>: " in page
    assert "(tomt)" in page


def test_the_registration_form_is_in_swedish(swedish, alice, ks):
    swedish.force_login(alice)
    page = swedish.get(reverse("cases:register")).content.decode()
    assert "Registrera ärende</h1>" in page
    for label in ["Nämnd", "Ärendemening", "Typ", "Handläggare", "Bevakningsdatum"]:
        assert f">{label}" in page
    assert "<legend" in page and ">Sekretess" in page
    for choice in ["Beslutsärende", "Remiss", "Medborgarförslag", "Delvis sekretess"]:
        assert f">{choice}</label>" in page or f">{choice}</option>" in page
    assert "(frivilligt)" in page
    assert "Registrera ärendet</button>" in page
    assert "Avbryt</a>" in page


def test_registering_a_case_says_so_in_swedish(swedish, alice, ks):
    swedish.force_login(alice)
    response = swedish.post(
        reverse("cases:register"),
        {
            "board": ks.pk,
            "title": "Risk- och sårbarhetsanalys",
            "kind": "decision",
            "secrecy": "public",
        },
        follow=True,
    )
    assert "Ärendet har registrerats med diarienummer KS " in (
        response.content.decode()
    )


def test_the_public_diarium_is_in_swedish(swedish, case):
    page = swedish.get(reverse("diarium:list")).content.decode()
    assert "<title>Offentligt diarium – SSR-portalen</title>" in page
    assert 'aria-label="Sök i det offentliga diariet"' in page
    assert "Alla organisationer" in page
    assert '<th scope="col">Organisation och nämnd</th>' in page
    assert "Offentliga ärenden, sida 1</caption>" in page


def test_the_public_diariums_pages_and_count_are_in_swedish(
    swedish, ks, settings, monkeypatch
):
    settings.SSR_CASES_PER_PAGE = 1
    for serial in range(1, 4):
        CaseFactory(board=ks, serial=serial)
    first = swedish.get(reverse("diarium:list")).content.decode()
    assert "3 ärenden</p>" in first
    assert 'rel="next">Nästa sida</a>' in first
    second_url = html.unescape(re.search(r'href="([^"]*)" rel="next"', first)[1])
    third_url = html.unescape(
        re.search(
            r'href="([^"]*)" rel="next"',
            swedish.get(reverse("diarium:list") + second_url).content.decode(),
        )[1]
    )
    third = swedish.get(reverse("diarium:list") + third_url).content.decode()
    assert 'rel="prev">Föregående sida</a>' in third
    assert ">Första sidan</a>" in third
    monkeypatch.setattr("ssr_portal.lib.keyset.COUNT_LIMIT", 1234)
    CaseFactory.create_batch(1232, board=ks, year=2020)
    # Swedish groups thousands with a (non-breaking) space.
    assert "Fler än 1\xa0234 ärenden</p>" in (
        swedish.get(reverse("diarium:list")).content.decode()
    )
    bad = swedish.get(reverse("diarium:list"), {"cursor": "x"})
    assert bad.status_code == 400
    assert "Länken till sidan är inte giltig" in bad.content.decode()


def test_the_case_page_renders_in_swedish(swedish, alice, entry):
    swedish.force_login(alice)
    response = swedish.get(entry.case.get_absolute_url())
    assert response.status_code == 200
    assert '<html lang="sv"' in response.content.decode()


def test_form_errors_come_in_swedish(swedish, alice, ks):
    swedish.force_login(alice)
    response = swedish.post(reverse("cases:register"), {"board": ks.pk})
    with translation.override("sv"):
        required = gettext("This field is required.")
    assert required != "This field is required."
    assert required in response.content.decode()
    assert "Rätta följande för att gå vidare</h2>" in response.content.decode()
