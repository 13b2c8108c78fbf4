"""The build steps say when they are missing (issue 9 §1): a start without the
compiled Swedish catalogue is refused by the system checks (runserver, check,
migrate), so no start path serves English under lang="sv"."""

import shutil

from django.conf import settings
from django.core.checks import Error

from ssr_portal.checks import catalogues_compiled, static_files_collected


def _locale_copy(tmp_path, *, compiled: bool):
    source = settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES"
    target = tmp_path / "sv" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(source / "django.po", target / "django.po")
    if compiled:
        shutil.copy(source / "django.mo", target / "django.mo")
    return tmp_path


def test_a_missing_catalogue_stops_the_start(settings, tmp_path):
    settings.LOCALE_PATHS = [_locale_copy(tmp_path, compiled=False)]
    [problem] = catalogues_compiled()
    assert isinstance(problem, Error)
    assert "compilemessages" in problem.hint


def test_a_catalogue_older_than_its_po_stops_the_start(settings, tmp_path):
    locale = _locale_copy(tmp_path, compiled=True)
    po = locale / "sv" / "LC_MESSAGES" / "django.po"
    po.write_text(po.read_text() + "\n")  # edited after the last compile
    settings.LOCALE_PATHS = [locale]
    [problem] = catalogues_compiled()
    assert "older" in problem.msg


def test_a_compiled_catalogue_passes(settings, tmp_path):
    settings.LOCALE_PATHS = [_locale_copy(tmp_path, compiled=True)]
    assert catalogues_compiled() == []


def test_uncollected_static_files_are_reported_with_debug_off(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    [problem] = static_files_collected()
    assert "collectstatic" in problem.hint
    settings.DEBUG = True  # development serves the sources
    assert static_files_collected() == []
