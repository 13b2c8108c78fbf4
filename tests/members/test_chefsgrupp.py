import pytest
from django.urls import reverse

from members.models import ChefsgruppSeat
from tests.factories import OrganisationFactory
from tests.helpers import use_language

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
    use_language(client, "en")
    response = client.get(URL)
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
    use_language(client, "en")
    content = client.get(URL).content.decode()
    assert "inriktande nivå" in content
    assert "ordinarie läge" in content
    assert "Nykvarn" in content
    assert "Länsstyrelsen Stockholm" in content


def test_the_chefsgrupp_page_reads_one_query(client, seats, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(URL)


def test_a_member_page_shows_its_seat(client, seats):
    use_language(client, "en")
    response = client.get(reverse("members:detail", args=["nykvarn"]))
    assert "Municipalities, south" in response.content.decode()


def test_the_chefsgrupp_page_is_in_swedish(client, seats):
    content = client.get(URL).content.decode()
    assert "<title>Regionala chefsgruppen – SSR-portalen</title>" in content
    # The Swedish name is the heading itself, not added after a translation.
    assert '<h1 class="ds-heading" data-size="lg">Regionala chefsgruppen</h1>' in (
        content
    )
    assert "den inriktande nivån i ordinarie läge" in content
    assert "Nykvarns kommundirektör" in content
    for header in ["Plats", "Innehas av", "Organisation", "Anteckning"]:
        assert f'<th scope="col">{header}</th>' in content
    assert '<th scope="row">Ordförande</th>' in content
    assert '<th scope="row">Kommunerna, syd</th>' in content
    assert "uppgift saknas" in content  # the seats without an organisation
