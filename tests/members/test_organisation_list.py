import pytest
from django.urls import reverse

from members.models import Organisation
from tests.factories import AgencyFactory, OrganisationFactory
from tests.helpers import use_language

URL = reverse("members:list")


def test_members_are_grouped_by_kind_in_the_order_of_the_kinds(client, db):
    OrganisationFactory(name="SOS Alarm", kind="bolag", municipality_code="")
    AgencyFactory(name="Trafikverket")
    OrganisationFactory(name="Huddinge kommun")
    OrganisationFactory(
        name="Länsstyrelsen Stockholm", kind="lansstyrelse", municipality_code=""
    )
    OrganisationFactory(name="Region Stockholm", kind="region", municipality_code="")
    OrganisationFactory(
        name="Storstockholms brandförsvar", kind="kommunalforbund", municipality_code=""
    )
    response = client.get(URL)
    assert response.status_code == 200
    kinds = [group["kind"] for group in response.context["groups"]]
    assert kinds == [
        "lansstyrelse",
        "kommun",
        "region",
        "myndighet",
        "kommunalforbund",
        "bolag",
    ]
    content = response.content.decode()
    assert content.index("Länsstyrelsen Stockholm") < content.index("Huddinge kommun")
    assert content.index("Trafikverket") < content.index("SOS Alarm")


def test_the_network_itself_is_not_listed_as_a_member(client, db):
    OrganisationFactory(
        name="Samverkan Stockholmsregionen", kind="natverk", municipality_code=""
    )
    OrganisationFactory(name="Huddinge kommun")
    response = client.get(URL)
    assert "Samverkan Stockholmsregionen</a>" not in response.content.decode()
    assert [group["kind"] for group in response.context["groups"]] == ["kommun"]


def test_a_municipality_shows_its_code_and_an_agency_its_organisation_number(
    client, db
):
    OrganisationFactory(name="Huddinge kommun", municipality_code="0126")
    AgencyFactory(name="Trafikverket", org_number="202100-6297")
    content = client.get(URL).content.decode()
    assert "0126" in content
    assert "202100-6297" in content


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_reads_one_query_whatever_the_number_of_members(
    client, db, django_assert_num_queries, size
):
    OrganisationFactory.create_batch(size)
    AgencyFactory.create_batch(size)
    with django_assert_num_queries(1):
        response = client.get(URL)
    assert (
        sum(len(group["organisations"]) for group in response.context["groups"])
        == 2 * size
    )


def test_the_list_is_public_and_links_to_each_member(client, db):
    huddinge = OrganisationFactory(name="Huddinge kommun", slug="huddinge")
    response = client.get(URL)
    assert response.status_code == 200
    assert huddinge.get_absolute_url() in response.content.decode()
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_list_renders_in_each_language(client, db, language):
    OrganisationFactory(name="Huddinge kommun")
    use_language(client, language)
    response = client.get(URL)
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


def test_the_list_is_in_swedish(client, db):
    OrganisationFactory(name="Huddinge kommun", municipality_code="0126")
    AgencyFactory(name="Trafikverket", org_number="202100-6297")
    OrganisationFactory(name="SOS Alarm", kind="bolag", municipality_code="")
    content = client.get(URL).content.decode()
    assert "<title>Medlemmar – SSR-portalen</title>" in content
    assert "Medlemmar i Samverkan Stockholmsregionen</h1>" in content
    assert "Regionala chefsgruppen</a>" in content
    assert "Typer av medlemmar</h2>" in content
    for kind in ["Kommun", "Myndighet", "Bolag"]:
        assert f'id="kind-{kind.lower()}">{kind}</h2>' in content
    assert "Kommun: 1 medlem</caption>" in content
    assert '<th scope="col">Namn</th>' in content
    assert '<th scope="col">Kommunkod</th>' in content
    assert '<th scope="col">Organisationsnummer</th>' in content
    assert '<span class="ds-sr-only">uppgift saknas</span>' in content
