"""GET /diarium/ (diarium:list): the public postlista, without login."""

import html
import re

import pytest
from django.urls import reverse

from cases.models import Case, Secrecy
from ssr_portal.lib.keyset import Cursor
from tests.factories import CaseFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("diarium:list")


def _numbers(response) -> list[str]:
    return [case.number for case in response.context["page"]]


def _link(response, rel: str) -> str | None:
    """The href of the pagination's link `rel` ("next", "prev"), unescaped."""
    match = re.search(rf'href="([^"]*)" rel="{rel}"', response.content.decode())
    return html.unescape(match.group(1)) if match else None


def test_anyone_sees_the_public_cases_without_logging_in(client, case, botkyrka_case):
    response = client.get(URL)
    assert response.status_code == 200
    assert sorted(_numbers(response)) == ["KS 2023/1", "KS/2023:1"]
    page = response.content.decode()
    for text in [
        "Målbild Samverkan Stockholmsregionen 2023-2026",
        "Huddinge kommun",
        "Kommunstyrelsen",
        "2023-03-20",
        "Registered",
    ]:
        assert text in page


def test_secret_and_partly_secret_cases_are_not_listed(client, ks, case, secret_case):
    CaseFactory(
        board=ks,
        serial=3,
        title="Delvis hemligt",
        secrecy=Secrecy.PARTLY_SECRET,
        secrecy_reference="OSL 18 kap. 13 §",
    )
    response = client.get(URL)
    assert _numbers(response) == ["KS 2023/1"]
    page = response.content.decode()
    assert "Säkerhetsskyddsanalys" not in page
    assert "Delvis hemligt" not in page
    # Not even a logged-in colleague sees them here: this is the public list.


def test_a_search_for_a_secret_title_finds_nothing(client, secret_case):
    assert _numbers(client.get(URL, {"q": "Säkerhetsskydd"})) == []
    assert _numbers(client.get(URL, {"q": secret_case.number})) == []


def test_the_diarium_searches_number_and_title(client, case, botkyrka_case):
    assert _numbers(client.get(URL, {"q": "KS/2023"})) == ["KS/2023:1"]
    assert _numbers(client.get(URL, {"q": "Målbild"})) == [case.number]


def test_the_diarium_filters_by_organisation_board_and_year(
    client, ks, case, botkyrka_case
):
    old = CaseFactory(board=ks, year=2014, serial=195)
    assert _numbers(client.get(URL, {"organisation": "botkyrka"})) == ["KS/2023:1"]
    assert sorted(_numbers(client.get(URL, {"board": ks.pk}))) == sorted(
        [case.number, old.number]
    )
    assert _numbers(client.get(URL, {"year": "2014"})) == [old.number]


def test_the_filter_choices_are_the_members_with_boards_and_their_boards(
    client, case, botkyrka, botkyrka_ks
):
    """Board names are public: a board with only secret cases is offered, and
    choosing it finds nothing. A member without a board in the portal is not."""
    secret = CaseFactory(
        board=botkyrka_ks,
        year=2019,
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
    )
    without_boards = OrganisationFactory(name="Ekerö kommun")
    form = client.get(URL).context["filter"].form
    assert botkyrka in form.fields["organisation"].queryset
    assert without_boards not in form.fields["organisation"].queryset
    assert botkyrka_ks in form.fields["board"].queryset
    assert ("2019", "2019") in list(form.fields["year"].choices)
    response = client.get(URL, {"board": botkyrka_ks.pk})
    assert _numbers(response) == []
    assert secret.number not in response.content.decode()


def test_the_diarium_pages_forwards_and_back(client, ks, settings):
    settings.SSR_CASES_PER_PAGE = 10
    for serial in range(1, 26):
        CaseFactory(board=ks, serial=serial)
    first = client.get(URL)
    assert len(first.context["page"]) == 10
    assert "25 cases</p>" in first.content.decode()
    second = client.get(URL + _link(first, "next"))
    last = client.get(URL + _link(second, "next"))
    assert _numbers(last) == [f"KS 2023/{serial}" for serial in range(5, 0, -1)]
    assert _link(last, "next") is None
    assert "Public cases, page 3</caption>" in last.content.decode()
    back = client.get(URL + _link(last, "prev"))
    assert _numbers(back) == [f"KS 2023/{serial}" for serial in range(15, 5, -1)]


def test_a_bad_cursor_is_a_message_in_the_page(client, case):
    response = client.get(URL, {"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert _numbers(response) == [case.number]
    assert "The link to this page is not valid" in response.content.decode()


@pytest.mark.parametrize("number_of_cases", [5, 50])
@pytest.mark.parametrize("later_page", [False, True])
def test_the_diarium_takes_the_same_number_of_queries_however_many_cases(
    client,
    ks,
    botkyrka_ks,
    number_of_cases,
    later_page,
    settings,
    django_assert_num_queries,
):
    settings.SSR_CASES_PER_PAGE = 50
    for serial in range(1, number_of_cases + 2):
        CaseFactory(board=ks if serial % 2 else botkyrka_ks, serial=serial)
    query = {}
    if later_page:
        newest = Case.objects.newest_first().first()
        query["cursor"] = Cursor(
            position=(newest.year, newest.serial, newest.pk), before=False, number=2
        ).encode()
    # organisation, board and year choices, count, page
    with django_assert_num_queries(5):
        response = client.get(URL, query)
    shown = number_of_cases if later_page else number_of_cases + 1
    assert len(response.context["page"]) == min(shown, 50)


def test_the_diarium_refuses_post(client):
    assert client.post(URL).status_code == 405
