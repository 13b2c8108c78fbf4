import pytest

from cases.models import Case
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


def test_page_beyond_the_end_answers_404_json(client, public_case):
    response = client.get("/api/cases/", {"page": 5})

    assert response.status_code == 404
    assert "detail" in response.json()


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


@pytest.mark.parametrize("size", [3, 12])
def test_anonymous_list_takes_a_fixed_number_of_queries(
    client, ks, botkyrka_ks, django_assert_num_queries, size
):
    for board in (ks, botkyrka_ks):
        CaseFactory.create_batch(size, board=board)

    with django_assert_num_queries(2):  # count, page
        response = client.get("/api/cases/")

    assert response.json()["count"] == 2 * size


@pytest.mark.parametrize("size", [3, 12])
def test_logged_in_list_takes_a_fixed_number_of_queries(
    client, alice, ks, botkyrka_ks, django_assert_num_queries, size
):
    for board in (ks, botkyrka_ks):
        CaseFactory.create_batch(size, board=board, handler=alice)
    client.force_login(alice)

    with django_assert_num_queries(3):  # user, count, page
        response = client.get("/api/cases/")

    results = response.json()["results"]
    assert len(results) == 2 * size
    assert sum("handler_name" in case for case in results) == size  # Huddinge's
