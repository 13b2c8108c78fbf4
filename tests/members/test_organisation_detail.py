import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import ChefsgruppSeat, MembershipEvent
from tests.factories import (
    BoardFactory,
    DiariumFactory,
    OrganisationFactory,
    PopulationFactory,
    UserFactory,
)
from tests.helpers import use_language


@pytest.fixture
def nykvarn(db):
    nykvarn = OrganisationFactory(
        name="Nykvarns kommun",
        short_name="Nykvarn",
        municipality_code="0140",
        slug="nykvarn",
    )
    PopulationFactory(
        organisation=nykvarn, year=2016, population=10424, source="SCB 2016"
    )
    PopulationFactory(
        organisation=nykvarn, year=2015, population=10227, source="SCB 2015"
    )
    MembershipEvent.objects.create(
        organisation=nykvarn,
        kind=MembershipEvent.Kind.AGREEMENT,
        effective_date=datetime.date(2015, 1, 1),
        note="Överenskommelsen.",
    )
    BoardFactory(
        organisation=nykvarn,
        name="Kommunstyrelsen",
        prefix="KS",
        diarium=DiariumFactory(
            organisation=nykvarn,
            name="Kommunstyrelsen",
            prefix="KS",
            number_format="{prefix}-{year}/{serial}",
        ),
    )
    UserFactory(
        organisation=nykvarn,
        first_name="Karin",
        last_name="Kommundirektör",
        title="Kommundirektör",
    )
    ChefsgruppSeat.objects.create(
        area=ChefsgruppSeat.Area.SOUTH,
        organisation=nykvarn,
        holder_title="Kommundirektör",
        note="Sydkommunerna representeras av Nykvarns kommundirektör.",
    )
    return nykvarn


def test_the_member_page_shows_everything_about_the_member(client, nykvarn):
    use_language(client, "en")
    response = client.get(reverse("members:detail", args=["nykvarn"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1" in content and "Nykvarns kommun</h1>" in content
    assert "Municipality" in content
    assert "0140" in content
    assert "Agreement" in content and "2015-01-01" in content
    assert "Kommunstyrelsen" in content
    assert f"KS-{timezone.localdate().year}/1" in content
    assert "10,424" in content and "SCB 2016" in content
    assert "Municipalities, south" in content


def test_the_accounts_are_listed_only_to_the_members_own_people(
    client, nykvarn, charlie
):
    """Issue 10: the public member page listed every account's name and title."""
    url = reverse("members:detail", args=["nykvarn"])
    assert "Karin Kommundirektör" not in client.get(url).content.decode()
    client.force_login(charlie)  # of another organisation
    assert "Karin Kommundirektör" not in client.get(url).content.decode()
    client.force_login(UserFactory(organisation=nykvarn, username="nykvarn-it"))
    page = client.get(url).content.decode()
    assert "Karin Kommundirektör, Kommundirektör" in page


def test_the_member_page_does_not_list_inactive_people(client, nykvarn):
    UserFactory(
        organisation=nykvarn, first_name="Gone", last_name="Away", is_active=False
    )
    client.force_login(UserFactory(organisation=nykvarn, username="nykvarn-it"))
    response = client.get(reverse("members:detail", args=["nykvarn"]))
    assert "Gone Away" not in response.content.decode()
    assert "Karin Kommundirektör" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 10])
def test_the_member_page_reads_five_queries_whatever_the_size(
    client, nykvarn, django_assert_num_queries, extra
):
    for index in range(extra):
        PopulationFactory(organisation=nykvarn, year=2000 + index)
        BoardFactory(organisation=nykvarn, name=f"Nämnd {index}", prefix=f"N{index}")
        UserFactory(organisation=nykvarn)
    with django_assert_num_queries(5):
        client.get(reverse("members:detail", args=["nykvarn"]))


def test_an_unknown_member_is_not_found(client, db):
    assert client.get(reverse("members:detail", args=["finns-inte"])).status_code == 404


def test_the_member_page_is_in_swedish(client, nykvarn):
    client.force_login(UserFactory(organisation=nykvarn, username="nykvarn-it"))
    content = client.get(reverse("members:detail", args=["nykvarn"])).content.decode()
    for term, value in [
        ("Typ", "Kommun"),
        ("Kortnamn", "Nykvarn"),
        ("Kommunkod", "0140"),
        ("Organisationsnummer", "uppgift saknas (inte kontrollerad)"),
    ]:
        assert f"<dt>{term}</dt><dd>{value}</dd>" in content
    assert "Plats i regionala chefsgruppen</h2>" in content
    assert "Kommunerna, syd: Kommundirektör." in content
    assert "Medlemskap</h2>" in content
    assert '<th scope="row">Överenskommelse</th>' in content
    assert "Nämnder och deras diarium</h2>" in content
    assert '<th scope="col">Diarienummer ser ut så här</th>' in content
    assert "Personer i portalen</h2>" in content
    assert "Folkmängd</h2>" in content
    assert '<th scope="col">31 december</th>' in content
    assert "10\xa0424" in content  # Swedish thousands separator


def test_the_member_page_shows_an_example_case_number_not_the_format(client, nykvarn):
    response = client.get(reverse("members:detail", args=["nykvarn"]))
    content = response.content.decode()
    assert "Diarienummer ser ut så här" in content
    assert f"KS-{timezone.localdate().year}/1" in content
    # The raw format is for those who set it up in the admin.
    assert "{prefix}" not in content and "{serial}" not in content


def test_an_administrator_also_sees_the_number_format(client, nykvarn):
    admin = UserFactory(organisation=nykvarn, is_staff=True)
    client.force_login(admin)
    content = client.get(reverse("members:detail", args=["nykvarn"])).content.decode()
    assert "<code>{prefix}-{year}/{serial}</code>" in content
