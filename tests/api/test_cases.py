from unittest.mock import patch

import pytest

from cases.api.cases import CasePagination
from cases.models import Case
from ssr_portal.lib.keyset import Cursor
from tests.factories import CaseFactory, UserFactory

PUBLIC_FIELDS = {
    "id",
    "url",
    "number",
    "title",
    "board",
    "organisation",
    "kind",
    "status",
    "registered_date",
    "entries_url",
}
INTERNAL_FIELDS = {
    "handler_name",
    "follow_up_date",
    "secrecy",
    "secrecy_reference",
    "description",
}


def numbers(response):
    return [case["number"] for case in response.json()["results"]]


def test_anonymous_list_shows_only_public_cases(
    client, public_case, secret_case, botkyrka_case
):
    response = client.get("/api/cases/")

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert set(numbers(response)) == {"KS 2023/236", "KS 2022/15"}


def test_anonymous_sees_only_the_public_fields(client, public_case):
    response = client.get(f"/api/cases/{public_case.pk}/")

    case = response.json()
    assert set(case) == PUBLIC_FIELDS
    assert case["number"] == "KS 2023/236"
    assert case["board"]["prefix"] == "KS"
    assert case["organisation"]["slug"] == "huddinge"
    assert case["status"] == "drafting"
    assert case["registered_date"] == "2023-03-20"
    assert not INTERNAL_FIELDS & set(case)


def test_anonymous_list_rows_have_no_internal_fields(client, public_case):
    case = client.get("/api/cases/").json()["results"][0]

    assert not INTERNAL_FIELDS & set(case)


def test_anonymous_gets_404_json_for_a_secret_case(client, secret_case):
    response = client.get(f"/api/cases/{secret_case.pk}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_official_of_huddinge_sees_own_secret_case_with_internal_fields(
    client, alice, secret_case
):
    client.force_login(alice)

    response = client.get(f"/api/cases/{secret_case.pk}/")

    assert response.status_code == 200
    case = response.json()
    assert set(case) == PUBLIC_FIELDS | INTERNAL_FIELDS
    assert case["handler_name"] == str(alice)
    assert case["follow_up_date"] == "2023-09-01"
    assert case["secrecy"] == "secret"
    assert case["secrecy_reference"] == "OSL 18 kap. 13 §"
    assert case["description"] == "Hemlig bedömning."


def test_official_of_huddinge_lists_own_secret_case(client, alice, secret_case):
    client.force_login(alice)

    assert numbers(client.get("/api/cases/")) == ["KS 2023/237"]


def test_official_of_huddinge_sees_no_internal_fields_of_another_organisations_case(
    client, alice, botkyrka_case
):
    client.force_login(alice)

    case = client.get(f"/api/cases/{botkyrka_case.pk}/").json()

    assert set(case) == PUBLIC_FIELDS


def test_official_of_botkyrka_gets_404_for_huddinges_secret_case(
    client, charlie, secret_case
):
    client.force_login(charlie)

    response = client.get(f"/api/cases/{secret_case.pk}/")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_official_of_botkyrka_does_not_list_huddinges_secret_case(
    client, charlie, public_case, secret_case
):
    client.force_login(charlie)

    assert numbers(client.get("/api/cases/")) == ["KS 2023/236"]


def test_official_of_botkyrka_sees_no_internal_fields_of_huddinges_public_case(
    client, charlie, public_case
):
    client.force_login(charlie)

    case = client.get(f"/api/cases/{public_case.pk}/").json()

    assert not INTERNAL_FIELDS & set(case)


def test_superuser_sees_internal_fields_of_every_case(client, botkyrka_case):
    client.force_login(UserFactory(is_superuser=True, organisation=None))

    case = client.get(f"/api/cases/{botkyrka_case.pk}/").json()

    assert case["description"] == "Botkyrkas interna anteckning."


def test_filter_by_board(client, public_case, botkyrka_case):
    response = client.get("/api/cases/", {"board": botkyrka_case.board_id})

    assert numbers(response) == ["KS 2022/15"]


def test_filter_by_organisation_slug(client, public_case, botkyrka_case):
    response = client.get("/api/cases/", {"organisation": "huddinge"})

    assert numbers(response) == ["KS 2023/236"]


def test_filter_by_year(client, public_case, botkyrka_case):
    assert numbers(client.get("/api/cases/", {"year": 2022})) == ["KS 2022/15"]


def test_filter_by_status(client, public_case, botkyrka_case):
    response = client.get("/api/cases/", {"status": Case.Status.CLOSED})

    assert numbers(response) == ["KS 2022/15"]


def test_search_matches_title(client, public_case, botkyrka_case):
    response = client.get("/api/cases/", {"search": "målbild"})

    assert numbers(response) == ["KS 2023/236"]


def test_search_matches_number(client, public_case, botkyrka_case):
    response = client.get("/api/cases/", {"search": "2022/15"})

    assert numbers(response) == ["KS 2022/15"]


def test_search_does_not_reveal_secret_cases(client, secret_case):
    assert client.get("/api/cases/", {"search": "Säkerhet"}).json()["count"] == 0


@pytest.mark.parametrize(
    "query", [{"status": "nonsense"}, {"year": "twenty"}, {"board": "999999"}]
)
def test_invalid_filter_answers_400_json(client, public_case, query):
    response = client.get("/api/cases/", query)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", ["/api/cases/999999/", "/api/cases/abc/"])
def test_unknown_case_answers_404_json(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("cursor", ["nonsense", "YS4yLjIwMjM", "Yi4wLjEuMi4z", "%00"])
def test_a_bad_cursor_answers_400_json(client, public_case, cursor):
    response = client.get("/api/cases/", {"cursor": cursor})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "cursor" in response.json()


def test_the_list_pages_by_next_and_previous_and_keeps_its_filters(
    client, ks, botkyrka_ks, settings
):
    CaseFactory.create_batch(5, board=ks)
    CaseFactory(board=botkyrka_ks)
    with patch.object(CasePagination, "page_size", 2):
        first = client.get("/api/cases/", {"board": ks.pk}).json()
        assert first["count"] == 5
        assert first["count_is_exact"] is True
        assert first["previous"] is None
        assert f"board={ks.pk}" in first["next"]
        second = client.get(first["next"]).json()
        third = client.get(second["next"]).json()
        back = client.get(third["previous"]).json()
    pages = [first, second, third]
    assert [case["number"] for page in pages for case in page["results"]] == [
        case.number for case in Case.objects.filter(board=ks).newest_first()
    ]
    assert third["next"] is None
    assert back["results"] == second["results"]


def test_a_long_list_counts_to_a_limit(client, ks, monkeypatch):
    monkeypatch.setattr("ssr_portal.lib.keyset.COUNT_LIMIT", 3)
    CaseFactory.create_batch(4, board=ks)

    page = client.get("/api/cases/").json()

    assert (page["count"], page["count_is_exact"]) == (3, False)
    assert len(page["results"]) == 4


def test_post_is_refused_with_405(client, alice, ks):
    client.force_login(alice)

    response = client.post("/api/cases/", {"title": "Nytt", "board": ks.pk})

    assert response.status_code == 405
    assert not Case.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_changing_a_case_is_refused_with_405(client, alice, public_case, method):
    client.force_login(alice)

    response = getattr(client, method)(
        f"/api/cases/{public_case.pk}/",
        {"title": "Ändrad"},
        content_type="application/json",
    )

    assert response.status_code == 405
    public_case.refresh_from_db()
    assert public_case.title.startswith("Målbild")


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("later_page", [False, True])
def test_anonymous_list_takes_a_fixed_number_of_queries(
    client, ks, botkyrka_ks, django_assert_num_queries, rows, later_page
):
    CaseFactory.create_batch(rows - rows // 2, board=ks)
    CaseFactory.create_batch(rows // 2 + 1, board=botkyrka_ks)
    query = {}
    if later_page:
        newest = Case.objects.newest_first().first()
        query["cursor"] = Cursor(
            position=(newest.year, newest.serial, newest.pk), before=False, number=2
        ).encode()

    with django_assert_num_queries(2):  # count, page
        response = client.get("/api/cases/", query)

    assert response.json()["count"] == rows + 1
    # One row more than `rows` on the first page, up to the page size of 50.
    shown = rows if later_page else rows + 1
    assert len(response.json()["results"]) == min(shown, 50)


@pytest.mark.parametrize("rows", [5, 50])
def test_logged_in_list_takes_a_fixed_number_of_queries(
    client, alice, ks, botkyrka_ks, django_assert_num_queries, rows
):
    CaseFactory.create_batch(rows - rows // 2, board=ks, handler=alice)
    CaseFactory.create_batch(rows // 2, board=botkyrka_ks)
    client.force_login(alice)

    with django_assert_num_queries(3):  # user, count, page
        response = client.get("/api/cases/")

    results = response.json()["results"]
    assert len(results) == rows
    # The internal fields of Huddinge's cases only.
    assert sum("handler_name" in case for case in results) == rows - rows // 2
