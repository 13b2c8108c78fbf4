import pytest

from members.roles import Role
from tests.factories import BoardFactory, OrganisationFactory, UserFactory


@pytest.fixture
def huddinge(db):
    return OrganisationFactory(
        name="Huddinge kommun", municipality_code="0126", slug="huddinge"
    )


@pytest.fixture
def botkyrka(db):
    return OrganisationFactory(
        name="Botkyrka kommun", municipality_code="0127", slug="botkyrka"
    )


@pytest.fixture
def ks(huddinge):
    return BoardFactory(organisation=huddinge, name="Kommunstyrelsen", prefix="KS")


@pytest.fixture
def alice(huddinge):
    """An official of Huddinge: the owner in the alice/bob/charlie pattern."""
    return UserFactory(
        username="alice",
        first_name="Alice",
        organisation=huddinge,
        roles=[Role.OFFICIAL],
    )


@pytest.fixture
def bob(huddinge):
    """A colleague in Huddinge without a case-writing role (SSR coordinator)."""
    return UserFactory(
        username="bob",
        first_name="Bob",
        organisation=huddinge,
        roles=[Role.COORDINATOR],
    )


@pytest.fixture
def charlie(botkyrka):
    """An official of another organisation."""
    return UserFactory(
        username="charlie",
        first_name="Charlie",
        organisation=botkyrka,
        roles=[Role.OFFICIAL],
    )
