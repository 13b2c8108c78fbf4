import datetime

import pytest

from members.models import MembershipEvent, Organisation
from tests.factories import AgencyFactory, BoardFactory, OrganisationFactory


@pytest.fixture
def huddinge_joined(huddinge):
    return MembershipEvent.objects.create(
        organisation=huddinge,
        kind=MembershipEvent.Kind.AGREEMENT,
        effective_date=datetime.date(2015, 12, 14),
        note="KS 2015/560",
    )


def test_list_contains_kind_and_municipality_code(client, huddinge, botkyrka):
    AgencyFactory(name="Polismyndigheten", slug="polisen", org_number="202100-0076")

    response = client.get("/api/organisations/")

    assert response.status_code == 200
    by_slug = {org["slug"]: org for org in response.json()["results"]}
    assert by_slug["huddinge"]["kind"] == "kommun"
    assert by_slug["huddinge"]["municipality_code"] == "0126"
    assert by_slug["polisen"]["kind"] == "myndighet"
    assert by_slug["polisen"]["municipality_code"] == ""
    assert by_slug["polisen"]["org_number"] == "202100-0076"


def test_detail_is_looked_up_by_slug_with_boards_and_membership_events(
    client, ks, huddinge_joined
):
    response = client.get("/api/organisations/huddinge/")

    organisation = response.json()
    assert organisation["name"] == "Huddinge kommun"
    assert organisation["boards"] == [
        {"id": ks.pk, "name": "Kommunstyrelsen", "prefix": "KS"}
    ]
    assert organisation["membership_events"] == [
        {
            "kind": "overenskommelse",
            "effective_date": "2015-12-14",
            "note": "KS 2015/560",
        }
    ]


def test_unknown_slug_answers_404_json(client, db):
    response = client.get("/api/organisations/ingen-sadan/")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_filter_by_kind(client, huddinge):
    AgencyFactory(slug="polisen")

    response = client.get("/api/organisations/", {"kind": Organisation.Kind.AGENCY})

    assert [org["slug"] for org in response.json()["results"]] == ["polisen"]


def test_post_is_refused_anonymous_403_and_logged_in_405(client, alice):
    post = lambda: client.post("/api/organisations/", {"name": "Ny", "slug": "ny"})  # noqa: E731
    assert post().status_code == 403
    client.force_login(alice)
    assert post().status_code == 405
    assert not Organisation.objects.filter(slug="ny").exists()


@pytest.mark.parametrize("size", [2, 8])
def test_list_takes_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, size
):
    for organisation in OrganisationFactory.create_batch(size):
        BoardFactory(organisation=organisation)
        MembershipEvent.objects.create(
            organisation=organisation,
            kind=MembershipEvent.Kind.JOINED,
            effective_date=datetime.date(2016, 1, 1),
        )

    with django_assert_num_queries(4):  # count, page, boards, membership events
        response = client.get("/api/organisations/")

    assert response.json()["count"] == size
