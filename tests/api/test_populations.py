import pytest

from tests.factories import OrganisationFactory, PopulationFactory


@pytest.fixture
def populations(huddinge, botkyrka):
    return [
        PopulationFactory(organisation=huddinge, year=2016, population=108_371),
        PopulationFactory(organisation=huddinge, year=2017, population=110_003),
        PopulationFactory(organisation=botkyrka, year=2017, population=91_855),
    ]


def test_filter_by_year(client, populations):
    response = client.get("/api/populations/", {"year": 2017})

    results = response.json()["results"]
    assert sorted(row["population"] for row in results) == [91_855, 110_003]
    assert {row["year"] for row in results} == {2017}


def test_filter_by_municipality_code(client, populations):
    response = client.get("/api/populations/", {"municipality_code": "0126"})

    results = response.json()["results"]
    assert [row["year"] for row in results] == [2017, 2016]
    assert {row["municipality_code"] for row in results} == {"0126"}
    assert results[0]["organisation"]["slug"] == "huddinge"


def test_filter_by_year_and_municipality_code(client, populations):
    response = client.get(
        "/api/populations/", {"year": 2017, "municipality_code": "0127"}
    )

    assert [row["population"] for row in response.json()["results"]] == [91_855]


def test_invalid_year_answers_400_json(client, populations):
    response = client.get("/api/populations/", {"year": "förra"})

    assert response.status_code == 400
    assert "year" in response.json()


def test_delete_is_refused_anonymous_403_and_logged_in_405(client, populations, alice):
    delete = lambda: client.delete(f"/api/populations/{populations[0].pk}/")  # noqa: E731
    assert delete().status_code == 403
    client.force_login(alice)
    assert delete().status_code == 405


@pytest.mark.parametrize("size", [2, 10])
def test_list_takes_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, size
):
    for organisation in OrganisationFactory.create_batch(size):
        PopulationFactory(organisation=organisation)

    with django_assert_num_queries(2):  # count, page
        response = client.get("/api/populations/")

    assert response.json()["count"] == size
