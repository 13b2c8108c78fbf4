import pytest

from tests.factories import BoardFactory, OrganisationFactory


def test_list_filters_by_organisation_slug(client, ks, botkyrka):
    BoardFactory(organisation=botkyrka, name="Kommunstyrelsen", prefix="KS")

    response = client.get("/api/boards/", {"organisation": "huddinge"})

    [board] = response.json()["results"]
    assert board["id"] == ks.pk
    assert board["prefix"] == "KS"
    assert board["number_format"] == "{prefix} {year}/{serial}"
    assert board["organisation"]["slug"] == "huddinge"


def test_put_is_refused_anonymous_403_and_logged_in_405(client, ks, alice):
    put = lambda: client.put(  # noqa: E731
        f"/api/boards/{ks.pk}/", {"name": "Ny"}, content_type="application/json"
    )
    assert put().status_code == 403  # no write without a login, whatever the view
    client.force_login(alice)
    assert put().status_code == 405


@pytest.mark.parametrize("size", [2, 10])
def test_list_takes_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, size
):
    for organisation in OrganisationFactory.create_batch(size):
        BoardFactory(organisation=organisation)

    with django_assert_num_queries(2):  # count, page
        response = client.get("/api/boards/")

    assert response.json()["count"] == size
