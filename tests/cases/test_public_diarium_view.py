"""GET /diarium/ (diarium:list): the public postlista, without login."""

import pytest
from django.urls import reverse

from cases.models import Case, Secrecy
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

URL = reverse("diarium:list")


def _numbers(response) -> list[str]:
    return [case.number for case in response.context["page"]]


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


def test_the_filter_choices_name_no_organisation_with_only_secret_cases(
    client, case, botkyrka, botkyrka_ks
):
    CaseFactory(
        board=botkyrka_ks,
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
    )
    form = client.get(URL).context["filter"].form
    assert botkyrka not in form.fields["organisation"].queryset
    assert botkyrka_ks not in form.fields["board"].queryset


def test_the_diarium_is_paginated(client, ks, settings):
    settings.SSR_CASES_PER_PAGE = 10
    for serial in range(1, 26):
        CaseFactory(board=ks, serial=serial)
    assert len(client.get(URL).context["page"]) == 10
    last = client.get(URL, {"page": 3})
    assert _numbers(last) == [f"KS 2023/{serial}" for serial in range(5, 0, -1)]
    assert 'aria-current="true"' in last.content.decode()


@pytest.mark.parametrize("number_of_cases", [3, 30])
def test_the_diarium_takes_the_same_number_of_queries_however_many_cases(
    client, ks, botkyrka_ks, number_of_cases, settings, django_assert_num_queries
):
    settings.SSR_CASES_PER_PAGE = 25
    for serial in range(1, number_of_cases + 1):
        CaseFactory(board=ks if serial % 2 else botkyrka_ks, serial=serial)
    # organisation, board and year choices, count, page
    with django_assert_num_queries(5):
        response = client.get(URL)
    assert len(response.context["page"]) == min(number_of_cases, 25)
    assert Case.objects.count() == number_of_cases


def test_the_diarium_refuses_post(client):
    assert client.post(URL).status_code == 405
