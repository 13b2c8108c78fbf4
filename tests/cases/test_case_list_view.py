"""GET /cases/ (cases:list): who sees what, filters, search, pagination, queries."""

import html
import re

import pytest
from django.urls import reverse

from cases.models import Case, Secrecy
from ssr_portal.lib.keyset import Cursor
from tests.factories import (
    BoardFactory,
    CaseFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("cases:list")


def _numbers(response) -> list[str]:
    return [case.number for case in response.context["page"]]


def test_the_list_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_official_sees_the_cases_of_her_organisation(
    client, alice, case, secret_case
):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert _numbers(response) == ["KS 2023/2", "KS 2023/1"]
    assert "Säkerhetsskyddsanalys 2023" in response.content.decode()


def test_an_outsider_sees_public_cases_but_not_secret_ones(
    client, charlie, case, secret_case, botkyrka_case
):
    client.force_login(charlie)
    response = client.get(URL)
    assert sorted(_numbers(response)) == ["KS 2023/1", "KS/2023:1"]
    assert "Säkerhetsskyddsanalys" not in response.content.decode()


def test_the_table_shows_number_title_status_officer_date_and_secrecy(
    client, alice, secret_case
):
    client.force_login(alice)
    page = client.get(URL).content.decode()
    for text in [
        "KS 2023/2",
        "Säkerhetsskyddsanalys 2023",
        "Registered",
        str(alice),
        "2023-03-20",
        '<span class="ds-tag" data-color="danger">Secret</span>',
    ]:
        assert text in page
    assert f'href="{secret_case.get_absolute_url()}"' in page


def test_the_register_button_shows_only_to_those_who_may_register(client, alice, bob):
    client.force_login(alice)
    assert reverse("cases:register") in client.get(URL).content.decode()
    client.force_login(bob)
    assert reverse("cases:register") not in client.get(URL).content.decode()


def test_the_list_filters_by_status_year_board_and_officer(
    client, alice, registrar, ks, case, botkyrka_case
):
    closed = CaseFactory(board=ks, year=2014, serial=195, status=Case.Status.CLOSED)
    other = CaseFactory(board=ks, year=2023, serial=50, handler=registrar)
    client.force_login(alice)
    assert _numbers(client.get(URL, {"status": "closed"})) == [closed.number]
    assert _numbers(client.get(URL, {"year": "2014"})) == [closed.number]
    assert "KS/2023:1" not in _numbers(client.get(URL, {"board": ks.pk}))
    assert _numbers(client.get(URL, {"handler": registrar.pk})) == [other.number]


def test_the_search_finds_number_and_title(client, alice, case, secret_case):
    client.force_login(alice)
    assert _numbers(client.get(URL, {"q": "2023/2"})) == ["KS 2023/2"]
    assert _numbers(client.get(URL, {"q": "målbild"})) == ["KS 2023/1"]
    assert _numbers(client.get(URL, {"q": "finns inte"})) == []


@pytest.fixture
def secret_board_case(huddinge, registrar):
    """A secret case on a board that has no public case, handled by the registrar."""
    board = BoardFactory(
        organisation=huddinge, name="Krisledningsnämnden", prefix="KLN"
    )
    return CaseFactory(
        board=board,
        year=2019,
        serial=1,
        handler=registrar,
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
    )


def test_filter_choices_come_from_the_boards_the_series_and_her_own_people(
    client, charlie, botkyrka_case, secret_board_case, registrar
):
    client.force_login(charlie)
    form = client.get(URL).context["filter"].form
    # Case officers: her own organisation's people only.
    assert registrar not in form.fields["handler"].queryset
    assert charlie in form.fields["handler"].queryset
    # Boards: every member's (a board's name is public, its secret cases are not).
    assert set(form.fields["board"].queryset) == {
        botkyrka_case.board,
        secret_board_case.board,
    }
    # Years: those in which a diarium numbered cases.
    assert list(form.fields["year"].choices)[1:] == [
        ("2023", "2023"),
        ("2019", "2019"),
    ]


def test_another_organisations_board_lists_only_its_public_cases(
    client, charlie, huddinge, botkyrka_case, secret_board_case
):
    public = CaseFactory(board=secret_board_case.board, year=2019, serial=2)
    client.force_login(charlie)
    response = client.get(URL, {"board": secret_board_case.board.pk})
    assert response.status_code == 200
    assert _numbers(response) == [public.number]
    assert "KLN 2019/1" not in response.content.decode()
    assert "1 case</p>" in response.content.decode()


def test_another_organisations_officer_is_refused_not_obeyed(
    client, charlie, botkyrka_case, secret_board_case, registrar
):
    client.force_login(charlie)
    response = client.get(URL, {"handler": registrar.pk})
    assert response.status_code == 200
    assert "handler" in response.context["filter"].form.errors
    assert "KLN 2019/1" not in response.content.decode()


def _link(response, rel: str) -> str | None:
    """The href of the pagination's link `rel` ("next", "prev"), unescaped."""
    match = re.search(rf'href="([^"]*)" rel="{rel}"', response.content.decode())
    return html.unescape(match.group(1)) if match else None


def test_the_list_pages_forwards_and_back_and_keeps_its_filters(
    client, alice, ks, settings
):
    settings.SSR_CASES_PER_PAGE = 2
    for serial in range(1, 6):
        CaseFactory(board=ks, serial=serial)
    CaseFactory(board=ks, year=2022, serial=1)
    client.force_login(alice)
    first = client.get(URL, {"year": "2023"})
    assert _numbers(first) == ["KS 2023/5", "KS 2023/4"]
    assert "5 cases</p>" in first.content.decode()
    assert "Cases, page 1</caption>" in first.content.decode()
    assert _link(first, "prev") is None
    second = client.get(URL + _link(first, "next"))
    assert "year=2023" in _link(first, "next")
    assert _numbers(second) == ["KS 2023/3", "KS 2023/2"]
    assert "Cases, page 2</caption>" in second.content.decode()
    third = client.get(URL + _link(second, "next"))
    assert _numbers(third) == ["KS 2023/1"]
    assert _link(third, "next") is None
    assert "First page</a>" in third.content.decode()
    back = client.get(URL + _link(third, "prev"))
    assert _numbers(back) == ["KS 2023/3", "KS 2023/2"]
    start = client.get(URL + _link(back, "prev"))
    assert _numbers(start) == ["KS 2023/5", "KS 2023/4"]
    assert _link(start, "prev") is None
    assert "Cases, page 1</caption>" in start.content.decode()


def test_pages_of_cases_with_the_same_number_neither_overlap_nor_skip(
    client, alice, ks, settings
):
    """Two diaria may both have "KS 2023/1": the primary key orders them."""
    settings.SSR_CASES_PER_PAGE = 1
    other = BoardFactory(organisation=OrganisationFactory(), prefix="KS")
    twins = [CaseFactory(board=board, serial=1) for board in (ks, other)]
    client.force_login(alice)
    first = client.get(URL)
    second = client.get(URL + _link(first, "next"))
    assert [first.context["page"].object_list, second.context["page"].object_list] == [
        [twins[1]],
        [twins[0]],
    ]
    assert _link(second, "next") is None


@pytest.mark.parametrize("cursor", ["nonsense", "YS4yLjIwMjM", "%00", "Yi4wLjEuMi4z"])
def test_a_bad_cursor_is_a_message_and_the_first_page_not_an_error(
    client, alice, case, cursor
):
    client.force_login(alice)
    response = client.get(URL, {"cursor": cursor})
    assert response.status_code == 400
    assert _numbers(response) == ["KS 2023/1"]
    assert "The link to this page is not valid" in response.content.decode()


@pytest.mark.parametrize("before", [False, True])
def test_a_made_up_cursor_shows_only_what_she_may_see_and_no_error(
    client, alice, case, botkyrka_case, before
):
    """A cursor is not secret: any position only seeks within her own list (the
    largest a cursor may carry, past every year and serial column's range)."""
    client.force_login(alice)
    edge = 2**62 if not before else 0
    cursor = Cursor(position=(edge, edge, edge), before=before, number=7).encode()
    response = client.get(URL, {"cursor": cursor})
    assert response.status_code == 200
    assert sorted(_numbers(response)) == sorted([case.number, botkyrka_case.number])


def test_a_long_list_counts_to_a_limit_and_says_more(client, alice, ks, monkeypatch):
    monkeypatch.setattr("ssr_portal.lib.keyset.COUNT_LIMIT", 3)
    for serial in range(1, 5):
        CaseFactory(board=ks, serial=serial)
    client.force_login(alice)
    page = client.get(URL).content.decode()
    assert "More than 3 cases</p>" in page
    assert "4 cases" not in page


@pytest.mark.parametrize("number_of_cases", [5, 50])
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        # user, organisation (header), roles, board, year and officer
        # choices, count, page, the main menu's inbox count
        ("none", 9),
        # the same, plus checking the chosen board and officer
        ("filtered", 11),
        # a later page: the same as the first
        ("cursor", 9),
    ],
)
def test_the_list_takes_the_same_number_of_queries_however_many_cases(
    client,
    alice,
    ks,
    number_of_cases,
    params,
    queries,
    settings,
    django_assert_num_queries,
):
    settings.SSR_CASES_PER_PAGE = 50
    officer = UserFactory(organisation=ks.organisation)
    for serial in range(1, number_of_cases + 2):
        CaseFactory(
            board=ks,
            serial=serial,
            handler=officer,
            secrecy=Secrecy.SECRET if serial % 3 == 0 else Secrecy.PUBLIC,
            secrecy_reference="OSL 18 kap. 13 §" if serial % 3 == 0 else "",
        )
    newest = Case.objects.get(serial=number_of_cases + 1)
    client.force_login(alice)
    query = {
        "none": {},
        "filtered": {
            "q": "Ärende",
            "board": ks.pk,
            "year": 2023,
            "handler": officer.pk,
        },
        # After the newest case: the remaining number_of_cases.
        "cursor": {
            "cursor": Cursor(
                position=(2023, newest.serial, newest.pk), before=False, number=2
            ).encode()
        },
    }[params]
    with django_assert_num_queries(queries):
        response = client.get(URL, query)
    assert response.status_code == 200
    shown = number_of_cases if params == "cursor" else number_of_cases + 1
    assert len(response.context["page"]) == min(shown, 50)


def test_the_list_refuses_post(client, alice):
    client.force_login(alice)
    assert client.post(URL).status_code == 405
