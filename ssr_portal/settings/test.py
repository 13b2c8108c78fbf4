"""Test settings: production's settings with test secrets, a fast password hasher
and in-memory mail, nothing else. The static files are the collected, hashed ones
(`collectstatic`, as production serves them) and the catalogues are compiled:
tests/conftest.py runs both when they are stale, `make test` before the suite."""

import os

os.environ.setdefault("SSR_DEBUG", "false")
os.environ.setdefault(
    "SSR_SECRET_KEY", "test-only-secret-key-with-enough-length-0123456789"
)
os.environ.setdefault("SSR_SECURE_SSL_REDIRECT", "false")

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The test client and live_server speak plain HTTP.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Each pytest-xdist worker has its own keys in Redis (where the run uses it),
# as it has its own database.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] += "-test-" + os.environ.get(  # noqa: F405
        "PYTEST_XDIST_WORKER", "main"
    )
# Each pytest-xdist worker has its own database; it gets its own uploaded files too,
# so that two workers' cases with the same id never share a folder.
MEDIA_ROOT = VAR_DIR / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
# On S3 (`make test-postgres` runs the suite on a local S3 server, tests/s3_server.py)
# each worker has its own bucket, named after it.
if S3_BUCKET:  # noqa: F405
    STORAGES["default"]["OPTIONS"]["bucket_name"] = (  # noqa: F405
        f"{S3_BUCKET}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405
    )
