"""What /readyz checks (readiness: may this app server be given requests?).

/healthz is liveness: the process answers and reaches its database. /readyz adds
everything a page or a PDF needs: the cache, the file storage, a task worker
that is alive, and the build steps (collected static files, compiled Swedish
catalogue). Each check is a few milliseconds on the embedded setup; on object
storage the storage check is three small requests (write, read, delete), so a
load balancer asking every few seconds costs little.

A check that fails says only "error" in the answer (which anyone may read); the
reason goes to the log, for IT."""

import logging
import os
import socket
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from .lib.build import manifest_path, stale_catalogues
from .worker import worker_last_seen

logger = logging.getLogger(__name__)

# The folder in the file storage where the probe object is written and removed.
PROBE_FOLDER = "readyz"


def _probe_name() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex}"


def check_database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache() -> bool:
    key, value = f"readyz:{_probe_name()}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


def check_storage() -> bool:
    content = uuid.uuid4().hex.encode()
    name = default_storage.save(
        f"{PROBE_FOLDER}/{_probe_name()}.txt", ContentFile(content)
    )
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read() == content
    finally:
        default_storage.delete(name)


def check_worker() -> bool:
    """A worker wrote its heartbeat within SSR_WORKER_STALE_SECONDS."""
    last_seen = worker_last_seen()
    if last_seen is None:
        return False
    age = (timezone.now() - last_seen).total_seconds()
    return age <= settings.SSR_WORKER_STALE_SECONDS


def check_static_files() -> bool:
    """The manifest of the collected static files is there (none is kept in
    debug, where the files are served from their sources)."""
    manifest = manifest_path()
    return manifest is None or manifest.exists()


def check_translations() -> bool:
    """Every catalogue is compiled, and not older than its .po file."""
    return not stale_catalogues()


CHECKS: dict[str, Callable[[], bool]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "worker": check_worker,
    "static_files": check_static_files,
    "translations": check_translations,
}


def readiness() -> dict[str, str]:
    """Each check's "ok" or "error". Never raises: a check that raises failed."""
    results = {}
    for name, check in CHECKS.items():
        try:
            passed = bool(check())
        except Exception as error:  # any failure of a dependency is "not ready"
            logger.warning("Readiness check %s failed: %r", name, error)
            passed = False
        else:
            if not passed:
                logger.warning("Readiness check %s failed", name)
        results[name] = "ok" if passed else "error"
    return results
