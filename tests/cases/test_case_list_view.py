"""GET /cases/ (cases:list): who sees what, filters, search, pagination, queries."""

import pytest
from django.urls import reverse

from cases.models import Case, Secrecy
from tests.factories import BoardFactory, CaseFactory, UserFactory

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


def test_filter_choices_name_only_what_the_user_may_see(
    client, charlie, botkyrka_case, secret_board_case, registrar
):
    client.force_login(charlie)
    form = client.get(URL).context["filter"].form
    assert registrar not in form.fields["handler"].queryset
    assert charlie in form.fields["handler"].queryset
    assert list(form.fields["board"].queryset) == [botkyrka_case.board]
    assert ("2019", "2019") not in list(form.fields["year"].choices)


def test_a_choice_the_user_may_not_see_is_refused_not_obeyed(
    client, charlie, botkyrka_case, secret_board_case
):
    client.force_login(charlie)
    response = client.get(URL, {"board": secret_board_case.board.pk})
    assert response.status_code == 200
    assert "board" in response.context["filter"].form.errors
    assert "KLN 2019/1" not in response.content.decode()


def test_the_list_is_paginated_and_keeps_its_filters(client, alice, ks, settings):
    settings.SSR_CASES_PER_PAGE = 2
    for serial in range(1, 6):
        CaseFactory(board=ks, serial=serial)
    client.force_login(alice)
    first = client.get(URL, {"year": "2023"})
    assert _numbers(first) == ["KS 2023/5", "KS 2023/4"]
    assert "?year=2023&amp;page=2" in first.content.decode()
    assert _numbers(client.get(URL, {"year": "2023", "page": 3})) == ["KS 2023/1"]
    # A page that does not exist shows the last one instead of an error.
    assert _numbers(client.get(URL, {"page": 99})) == ["KS 2023/1"]


@pytest.mark.parametrize("number_of_cases", [3, 30])
@pytest.mark.parametrize(
    ("filtered", "queries"),
    [
        # user, organisation (header), roles, board, year and officer
        # choices, count, page, the main menu's inbox count
        (False, 9),
        # the same, plus checking the chosen board and officer
        (True, 11),
    ],
)
def test_the_list_takes_the_same_number_of_queries_however_many_cases(
    client,
    alice,
    ks,
    number_of_cases,
    filtered,
    queries,
    settings,
    django_assert_num_queries,
):
    settings.SSR_CASES_PER_PAGE = 25
    officer = UserFactory(organisation=ks.organisation)
    for serial in range(1, number_of_cases + 1):
        CaseFactory(
            board=ks,
            serial=serial,
            handler=officer,
            secrecy=Secrecy.SECRET if serial % 3 == 0 else Secrecy.PUBLIC,
            secrecy_reference="OSL 18 kap. 13 §" if serial % 3 == 0 else "",
        )
    params = (
        {"q": "Ärende", "board": ks.pk, "year": 2023, "handler": officer.pk}
        if filtered
        else {}
    )
    client.force_login(alice)
    with django_assert_num_queries(queries):
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(response.context["page"]) == min(number_of_cases, 25)


def test_the_list_refuses_post(client, alice):
    client.force_login(alice)
    assert client.post(URL).status_code == 405
