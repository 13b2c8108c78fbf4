"""Fixtures of the diarium tests, on top of alice, bob and charlie (tests/conftest.py).

alice: official of Huddinge (may write); bob: Huddinge, no case-writing role;
charlie: official of Botkyrka (may write there, nowhere else).
"""

import datetime

import pytest

from cases.models import Secrecy
from cases.services import case_register, journal_entry_register
from members.roles import Role
from tests.factories import BoardFactory, DiariumFactory, UserFactory
from tests.helpers import use_language

REGISTERED = datetime.date(2023, 3, 20)


@pytest.fixture
def botkyrka_ks(botkyrka):
    """Botkyrka's Kommunstyrelsen writes its numbers its own way: KS/2023:1."""
    return BoardFactory(
        organisation=botkyrka,
        name="Kommunstyrelsen",
        prefix="KS",
        diarium=DiariumFactory(
            organisation=botkyrka,
            name="Kommunstyrelsen",
            prefix="KS",
            number_format="{prefix}/{year}:{serial}",
        ),
    )


@pytest.fixture
def registrar(huddinge):
    return UserFactory(
        username="rasmus",
        first_name="Rasmus",
        organisation=huddinge,
        roles=[Role.REGISTRAR],
    )


@pytest.fixture
def case(ks, alice):
    """A public case of Huddinge, handled by alice: KS 2023/1."""
    return case_register(
        board=ks,
        title="Målbild Samverkan Stockholmsregionen 2023-2026",
        kind="information",
        handler=alice,
        registered_by=alice,
        registered_date=REGISTERED,
    )


@pytest.fixture
def secret_case(ks, alice, case):
    """A secret case of Huddinge: KS 2023/2."""
    return case_register(
        board=ks,
        title="Säkerhetsskyddsanalys 2023",
        handler=alice,
        registered_by=alice,
        registered_date=REGISTERED,
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
    )


@pytest.fixture
def botkyrka_case(botkyrka_ks, charlie):
    """A public case of Botkyrka: KS/2023:1."""
    return case_register(
        board=botkyrka_ks,
        title="Risk- och sårbarhetsanalys 2023",
        handler=charlie,
        registered_by=charlie,
        registered_date=REGISTERED,
    )


@pytest.fixture
def entry(case, alice):
    """An incoming document in the public case: KS 2023/1-1."""
    return journal_entry_register(
        case=case,
        direction="incoming",
        subject="Målbild 2023-2026 från regionala chefsgruppen",
        counterpart="Samverkan Stockholmsregionen",
        document_date=datetime.date(2023, 3, 10),
        received_date=datetime.date(2023, 3, 13),
        registered_by=alice,
    )


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English (the msgids), so that the assertions hold once the Swedish
    catalogue exists; `test_pages_in_swedish.py` asks for Swedish itself."""
    return use_language(client, "en")
