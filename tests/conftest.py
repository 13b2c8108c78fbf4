import fcntl
import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.signals import language_changed
from django.utils import translation

from members.roles import Role
from ssr_portal.lib.build import stale_catalogues, static_is_stale
from tests.factories import BoardFactory, OrganisationFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def build_steps():
    """Compile the catalogues and collect the static files when they are stale, as
    `make test` does first, so that a bare `pytest` in a fresh clone tests what
    production serves: Swedish, and the hashed static files of the manifest."""
    # One process at a time (pytest-xdist workers), also for checking: another
    # worker may be writing the .mo file or the manifest just now.
    lock = os.open(settings.LOCALE_PATHS[0], os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stale_catalogues():
            call_command(
                "compilemessages", ignore_patterns=[".venv", "var"], verbosity=0
            )
        if static_is_stale():
            call_command("collectstatic", interactive=False, verbosity=0)
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
