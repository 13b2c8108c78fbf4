"""Browser tests: pytest-playwright driving Debian's chromium against `live_server`.

Playwright's own browser download does not work on our machines, so the tests use
/usr/bin/chromium (`make browser` installs it). Without it the tests are skipped
on a workstation and fail in CI, where a skipped browser suite would hide breakage.
"""

import os
from pathlib import Path

import pytest

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
