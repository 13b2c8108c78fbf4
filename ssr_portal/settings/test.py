"""Test settings: a fast hasher and in-memory mail; everything else as in base."""

import os

os.environ.setdefault("SSR_DEBUG", "false")
os.environ.setdefault(
    "SSR_SECRET_KEY", "test-only-secret-key-with-enough-length-0123456789"
)
os.environ.setdefault("SSR_SECURE_SSL_REDIRECT", "false")

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Serve static files from the app folders, as in development; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Each pytest-xdist worker has its own database; it gets its own uploaded files too,
# so that two workers' cases with the same id never share a folder.
MEDIA_ROOT = VAR_DIR / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
