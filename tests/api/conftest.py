import datetime

import pytest

from cases.models import Case, JournalEntry, Secrecy
from tests.factories import BoardFactory, CaseFactory


@pytest.fixture
def botkyrka_ks(botkyrka):
    return BoardFactory(organisation=botkyrka, name="Kommunstyrelsen", prefix="KS")


@pytest.fixture
def public_case(ks, alice):
    """A public case of Huddinge with every internal field filled in."""
    return CaseFactory(
        board=ks,
        year=2023,
        serial=236,
        title="Målbild för Samverkan Stockholmsregionen 2023–2026",
        status=Case.Status.DRAFTING,
        handler=alice,
        follow_up_date=datetime.date(2023, 6, 1),
        description="Huddinge godkänner SSR:s gemensamma målbild.",
    )


@pytest.fixture
def secret_case(ks, alice):
    """A secret case of Huddinge."""
    return CaseFactory(
        board=ks,
        year=2023,
        serial=237,
        title="Säkerhetsskyddsanalys för kommunens ledningsplats",
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 18 kap. 13 §",
        handler=alice,
        follow_up_date=datetime.date(2023, 9, 1),
        description="Hemlig bedömning.",
    )


@pytest.fixture
def botkyrka_case(botkyrka_ks):
    """A public case of Botkyrka, another organisation."""
    return CaseFactory(
        board=botkyrka_ks,
        year=2022,
        serial=15,
        title="Yttrande över regional krisberedskap",
        status=Case.Status.CLOSED,
        description="Botkyrkas interna anteckning.",
        follow_up_date=datetime.date(2022, 12, 1),
    )


@pytest.fixture
def make_entry(db):
    """Registers a document in a case: make_entry(case, serial, **fields)."""

    def make(case, serial, **fields):
        values = {
            "direction": JournalEntry.Direction.INTERNAL,
            "document_date": datetime.date(2023, 3, 20),
            "subject": f"Handling {serial}",
        }
        values.update(fields)
        return JournalEntry.objects.create(case=case, serial=serial, **values)

    return make
