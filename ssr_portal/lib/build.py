"""The build steps that production needs before it serves, and whether they are
due: the compiled catalogues (`compilemessages`) and the collected, hashed static
files (`collectstatic`). `make run`, `make demo`, `make serve` and `make test` run
both; the test suite runs them itself when they are stale (tests/conftest.py),
and `manage.py check` says when they are missing (ssr_portal/checks.py)."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage


def stale_catalogues() -> list[Path]:
    """The .po files whose .mo is missing or older (.mo files are not committed)."""
    stale = []
    for locale_dir in settings.LOCALE_PATHS:
        for po in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                stale.append(po)
    return stale


def manifest_path() -> Path | None:
    """The manifest of the collected static files, or None when the static files
    storage keeps none (development: files are served from their sources)."""
    name = getattr(staticfiles_storage, "manifest_name", None)
    if name is None:
        return None
    return Path(settings.STATIC_ROOT) / name


def static_is_stale() -> bool:
    """Whether `collectstatic` is due: the manifest is missing, or a source static
    file is newer than it."""
    manifest = manifest_path()
    if manifest is None:
        return False
    if not manifest.exists():
        return True
    collected_at = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for name, storage in finder.list([]):
            if Path(storage.path(name)).stat().st_mtime > collected_at:
                return True
    return False
