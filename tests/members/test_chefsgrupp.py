import pytest
from django.urls import reverse

from members.models import ChefsgruppSeat
from tests.factories import OrganisationFactory

URL = reverse("members:chefsgrupp")


@pytest.fixture
def seats(db):
    lansstyrelsen = OrganisationFactory(
        name="Länsstyrelsen Stockholm",
        kind="lansstyrelse",
        municipality_code="",
        slug="lansstyrelsen-stockholm",
    )
    nykvarn = OrganisationFactory(name="Nykvarns kommun", slug="nykvarn")
    stockholm = OrganisationFactory(name="Stockholms stad", slug="stockholm")
    # Created out of order: the page puts the chair first.
    ChefsgruppSeat.objects.create(
        area="stockholm", organisation=stockholm, holder_title="Stadsdirektör"
    )
    ChefsgruppSeat.objects.create(
        area="south", organisation=nykvarn, holder_title="Kommundirektör"
    )
    ChefsgruppSeat.objects.create(area="middle", holder_title="Kommundirektör")
    ChefsgruppSeat.objects.create(area="north", holder_title="Kommundirektör")
    ChefsgruppSeat.objects.create(
        area="chair", organisation=lansstyrelsen, holder_title="Länsöverdirektör"
    )


def test_the_chefsgrupp_page_lists_the_seats_with_the_chair_first(client, seats):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert [seat.area for seat in response.context["seats"]] == [
        "chair",
        "north",
        "middle",
        "south",
        "stockholm",
    ]
    content = response.content.decode()
    assert "Länsöverdirektör" in content
    assert "/members/nykvarn/" in content


def test_the_chefsgrupp_page_explains_it_is_the_directing_level_in_normal_mode(
    client, db
):
    content = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "inriktande nivå" in content
    assert "ordinarie läge" in content
    assert "Nykvarn" in content
    assert "Länsstyrelsen Stockholm" in content


def test_the_chefsgrupp_page_reads_one_query(client, seats, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(URL)


def test_a_member_page_shows_its_seat(client, seats):
    response = client.get(
        reverse("members:detail", args=["nykvarn"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Municipalities, south" in response.content.decode()
