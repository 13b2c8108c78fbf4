"""/readyz: readiness for load balancers (issue 9 §6). 200 when the database, the
cache, the file storage, a live task worker and the build steps are there, 503
naming the check that failed; never a 500, nothing secret, never cached."""

import datetime
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.utils import timezone

from ssr_portal.health import PROBE_FOLDER
from ssr_portal.models import WorkerHeartbeat

CHECKS = {"database", "cache", "storage", "worker", "static_files", "translations"}


@pytest.fixture
def worker(db):
    """A task worker that wrote its heartbeat just now."""
    return WorkerHeartbeat.objects.create(worker_id="host-1", seen_at=timezone.now())


def _failed(response) -> set[str]:
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    return {name for name, result in body["checks"].items() if result != "ok"}


def test_readyz_is_ok_when_everything_is_there(client, worker):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": dict.fromkeys(CHECKS, "ok"),
    }
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_readyz_leaves_no_probe_in_the_file_storage(client, worker):
    assert client.get("/readyz").status_code == 200
    try:
        folders, files = default_storage.listdir(PROBE_FOLDER)
    except FileNotFoundError:  # the embedded storage removes nothing but files
        folders, files = [], []
    assert (folders, files) == ([], [])


def test_readyz_fails_without_the_database(client, worker):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/readyz")
    # The worker's heartbeat is in the database too.
    assert _failed(response) == {"database", "worker"}


def test_readyz_fails_when_the_cache_does_not_keep_what_it_is_given(
    client, worker, settings
):
    # A Redis that does not answer is a miss (ssr_portal/lib/cache.py), and its
    # password never shows.
    settings.CACHES = {
        "default": {
            "BACKEND": "ssr_portal.lib.cache.ResilientRedisCache",
            "LOCATION": "redis://:hemligt-redis@127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get("/readyz")
    assert _failed(response) == {"cache"}
    assert b"hemligt" not in response.content


def test_readyz_fails_when_the_file_storage_cannot_be_written(client, worker, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            # Not a folder anyone can write, root included.
            "OPTIONS": {"location": "/dev/null/media"},
        },
    }
    assert _failed(client.get("/readyz")) == {"storage"}


def test_readyz_fails_when_the_storage_gives_back_something_else(client, worker):
    with mock.patch(
        "ssr_portal.health.default_storage.open",
        return_value=mock.MagicMock(
            __enter__=lambda self: mock.Mock(read=lambda: b"other")
        ),
    ):
        assert _failed(client.get("/readyz")) == {"storage"}


def test_readyz_fails_without_a_worker(client, db):
    assert _failed(client.get("/readyz")) == {"worker"}


def test_readyz_fails_when_the_worker_went_silent(client, worker, settings):
    worker.seen_at = timezone.now() - datetime.timedelta(
        seconds=settings.SSR_WORKER_STALE_SECONDS + 5
    )
    worker.save()
    assert _failed(client.get("/readyz")) == {"worker"}


def test_readyz_fails_without_the_collected_static_files(
    client, worker, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path  # collectstatic never ran here
    assert _failed(client.get("/readyz")) == {"static_files"}


def test_readyz_fails_without_the_compiled_catalogue(
    client, worker, settings, tmp_path
):
    messages = tmp_path / "sv" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text('msgid ""\nmsgstr ""\n')
    settings.LOCALE_PATHS = [tmp_path]  # compilemessages never ran here
    assert _failed(client.get("/readyz")) == {"translations"}


def test_readyz_answers_503_not_500_when_a_check_breaks_unexpectedly(client, worker):
    with mock.patch(
        "ssr_portal.health.default_storage.save", side_effect=RuntimeError("bug")
    ):
        response = client.get("/readyz")
    assert _failed(response) == {"storage"}
    assert b"bug" not in response.content


def test_readyz_reads_no_session(client, worker, alice, django_assert_num_queries):
    client.force_login(alice)
    # The database's SELECT 1 and the worker's heartbeat: no session, no user.
    with django_assert_num_queries(2):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_readyz_refuses_post(client, worker):
    assert client.post("/readyz").status_code == 405
