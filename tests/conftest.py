import fcntl
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import pytest
from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.test.signals import language_changed
from django.utils import translation

from members.roles import Role
from ssr_portal.lib.build import stale_catalogues, static_is_stale
from ssr_portal.lib.storage import S3_BACKEND, s3_storage_settings
from tests.factories import BoardFactory, OrganisationFactory, UserFactory
from tests.s3_server import S3Server, create_bucket

# Fixture modules that several test folders share: every test may ask for their
# fixtures by name (a fixture a test module or a nearer conftest.py defines wins).
pytest_plugins = [
    "tests.cases.meeting_fixtures",
    "tests.cases.justering_fixtures",
    "tests.cases.anslag_fixtures",
    "tests.cases.consultation_fixtures",
    "tests.ssr_portal.backup_fixtures",
]


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


@pytest.fixture(scope="session", autouse=True)
def s3_bucket():
    """On S3 (the run of tests/s3_server.py), this worker's bucket: the server is
    new with each run, and production's bucket is made by its IT department."""
    if settings.STORAGES["default"]["BACKEND"] == S3_BACKEND:
        create_bucket(storages.create_storage(settings.STORAGES["default"]))


@dataclass
class S3:
    """The default storage on a bucket of its own on a local S3 server, under
    a prefix (SSR_S3_PREFIX), as a bucket shared with others is used."""

    server: S3Server
    bucket: str
    prefix: str

    def objects(self) -> list[str]:
        """The names of every object in the bucket, asked of the server, not
        the portal; each must be under the prefix, which the names leave out."""
        client = default_storage.connection.meta.client
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        keys = [o["Key"] for page in pages for o in page.get("Contents", ())]
        outside = [key for key in keys if not key.startswith(f"{self.prefix}/")]
        assert not outside, f"objects outside the prefix {self.prefix}/: {outside}"
        return sorted(key.removeprefix(f"{self.prefix}/") for key in keys)

    def read(self, name: str) -> bytes:
        client = default_storage.connection.meta.client
        key = f"{self.prefix}/{name}"
        return client.get_object(Bucket=self.bucket, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def s3_server():
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def s3(s3_server, settings):
    """The default storage on a new bucket of a local S3 server (moto, in this
    process), configured as production configures it (SSR_S3_*, with a prefix).
    The test may stop and start `s3.server`; it runs again afterwards."""
    bucket = f"test-{uuid.uuid4().hex[:16]}"
    prefix = "ssr-portal"
    environment = s3_server.environment(bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage_settings(
            bucket=bucket,
            endpoint_url=environment["SSR_S3_ENDPOINT_URL"],
            region=environment["SSR_S3_REGION"],
            access_key_id=environment["SSR_S3_ACCESS_KEY_ID"],
            secret_access_key=environment["SSR_S3_SECRET_ACCESS_KEY"],
            addressing_style=environment["SSR_S3_ADDRESSING_STYLE"],
            prefix=prefix,
        ),
    }
    create_bucket(default_storage)
    yield S3(server=s3_server, bucket=bucket, prefix=prefix)
    if not s3_server.is_running:
        s3_server.start()


@pytest.fixture(params=["filesystem", "s3"])
def each_storage(request, settings, tmp_path) -> str:
    """Run the test on each storage the portal is configured with: the file
    system (a folder of its own) and S3 (a bucket of its own). Gives its name."""
    if request.param == "s3":
        request.getfixturevalue("s3")
    else:
        settings.MEDIA_ROOT = tmp_path
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        }
    return request.param


# The session's table: read from the database with the embedded setup, from Redis
# with production's (cached_db). A query count pins a page's own queries.
_SESSION_TABLE = '"django_session"'


@contextmanager
def _page_queries(config, num, exact=True, connection=None, info=None):
    """pytest-django's assertion of a number of queries, without the session's
    (which the configuration decides, not the page)."""
    from django.db import connection as default_connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection or default_connection) as context:
        yield context
    queries = [
        query["sql"]
        for query in context.captured_queries
        if _SESSION_TABLE not in query["sql"]
    ]
    failed = len(queries) != num if exact else len(queries) > num
    if failed:
        message = (
            f"Expected to perform {num} queries {'' if exact else 'or less '}"
            f"but {len(queries)} were done (besides the session's)"
        )
        if info:
            message += f"\n{info}"
        if config.getoption("verbose") > 0:
            message += "\n\nQueries:\n========\n\n" + "\n\n".join(queries)
        pytest.fail(message)


@pytest.fixture
def django_assert_num_queries(pytestconfig):
    return partial(_page_queries, pytestconfig)


@pytest.fixture
def django_assert_max_num_queries(pytestconfig):
    return partial(_page_queries, pytestconfig, exact=False)


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
