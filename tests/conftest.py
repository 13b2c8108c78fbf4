import fcntl
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.signals import language_changed
from django.utils import translation

from members.roles import Role
from tests.factories import BoardFactory, OrganisationFactory, UserFactory


def _stale_catalogues() -> list[Path]:
    """The .po files whose .mo is missing or older (.mo files are not committed)."""
    stale = []
    for locale_dir in settings.LOCALE_PATHS:
        for po in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                stale.append(po)
    return stale


@pytest.fixture(scope="session", autouse=True)
def compiled_messages():
    """Compile the catalogues when needed, so that a bare `pytest` in a fresh clone
    has Swedish (`make test` compiles them first, in check-messages)."""
    # One process at a time (pytest-xdist workers), also for checking: another
    # worker may be writing the .mo file just now.
    lock = os.open(settings.LOCALE_PATHS[0], os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _stale_catalogues():
            call_command(
                "compilemessages", ignore_patterns=[".venv", "var"], verbosity=0
            )
    finally:
        os.close(lock)
    # Forget any catalogue read before it was compiled (while collecting tests).
    language_changed(setting="LOCALE_PATHS")


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the portal's default language (Swedish).

    A request activates its language in the thread and nothing deactivates it, so
    without this a test would run in whatever language an earlier test's request
    left behind.
    """
    translation.deactivate()
    yield
    translation.deactivate()


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
