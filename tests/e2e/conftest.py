"""Browser tests: pytest-playwright driving Debian's chromium against `live_server`.

Playwright's own browser download does not work on our machines, so the tests use
/usr/bin/chromium (`make browser` installs it). Without it the tests are skipped
on a workstation and fail in CI, where a skipped browser suite would hide breakage.
"""

import os
from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer

from tests.e2e.helpers import JsErrors

# live_server runs Django in a thread next to Playwright's event loop; Django's
# async-safety check would otherwise refuse the ORM calls made by the tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _the_application_alone(media_handler):
    """LiveServerThread's static_handler, which wraps Django's handler in its own
    handlers of /static/ (from the finders, by plain names) and /media/ (from
    MEDIA_ROOT): this keeps the application alone, as production runs it."""
    return media_handler.application


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, serving what production serves: the static
    files collected and hashed, served by whitenoise from STATIC_ROOT, and no
    /media/ (files reach a reader only through the portal's views). With
    pytest-django's own, a hashed name would be a 404 and a page could load an
    uploaded file that production never serves."""
    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.static_handler = _the_application_alone
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Most of our users' browsers are Swedish (sv-SE); the portal does not follow
    # the browser's language anyway (tests/e2e/test_language.py uses English ones).
    return {**browser_context_args, "locale": "sv-SE"}


@pytest.fixture
def demo(transactional_db):
    """The demo data set (members, Huddinge's KS, one user per role, the cases)."""
    from ssr_portal.demo import load_demo

    return load_demo()


@pytest.fixture
def js_errors(page):
    """Console errors and uncaught exceptions of `page`; call `.assert_none()`."""
    return JsErrors(page)
