"""Cache and sessions shared by the app servers (issue 9 §4): Django's Redis
backend where SSR_REDIS_URL is set, sessions read from Redis and kept in the
database; a Redis that is away is a miss, not a 500."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from ssr_portal.lib.cache import ResilientRedisCache
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _settings_with(**environment: str) -> str:
    code = (
        "import django, os; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SSR_")}
    clean.update(
        DJANGO_SETTINGS_MODULE="ssr_portal.settings.base",
        SSR_SECRET_KEY="x" * 60,
        SSR_ALLOWED_HOSTS="ssr.example.se",
        **environment,
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_with_redis_the_cache_is_redis_and_sessions_are_read_from_it():
    assert _settings_with(SSR_REDIS_URL="redis://127.0.0.1:6379/0") == (
        "ssr_portal.lib.cache.ResilientRedisCache "
        "django.contrib.sessions.backends.cached_db"
    )


def test_without_redis_one_machine_keeps_them_in_memory_and_the_database():
    assert _settings_with() == (
        "django.core.cache.backends.locmem.LocMemCache "
        "django.contrib.sessions.backends.db"
    )


def test_an_unreachable_redis_is_a_miss_not_an_error():
    dead = ResilientRedisCache(DEAD_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.2}})
    assert dead.get("key", "default") == "default"
    dead.set("key", "value")
    assert dead.add("key", "value") is False
    assert dead.get_many(["a", "b"]) == {}
    assert dead.delete("key") is False


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "ssr_portal.lib.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    },
    SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
)
def test_with_redis_down_a_logged_in_official_still_works(client):
    official = UserFactory(username="hanna", roles=["handlaggare"])
    client.force_login(official)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["user"] == official  # the session, from the database


@pytest.mark.skipif(not settings.REDIS_URL, reason="this run has no SSR_REDIS_URL")
def test_a_session_is_in_redis_for_every_app_server_to_read(client):
    official = UserFactory(username="sara")
    client.force_login(official)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    cached = cache.get("django.contrib.sessions.cached_db" + session_key)
    assert cached["_auth_user_id"] == str(official.pk)
