"""Helpers for the browser tests: axe-core checks, JavaScript errors, CSP refusals, logging in."""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Error, Page

AXE_JS = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
# WCAG 2.1 level AA, which Swedish law (DOS-lagen) requires of public-sector sites.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "ssr-demo"


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core on the page as it is now and fail with a readable list of violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's DevTools, which the page's
        # Content-Security-Policy does not govern; a <script> tag would be refused
        # as inline script (the browser tests never bypass the policy).
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        AXE_TAGS,
    )
    violations = result["violations"]
    assert not violations, format_axe_violations(page.url, violations)


def format_axe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


class JsErrors:
    """Collects console errors (failed loads included) and uncaught page errors."""

    def __init__(self, page: Page) -> None:
        self.messages: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location.get("url", "")
            if not location and "Content Security Policy" in message.text:
                # axe-core, evaluated by the test (assert_no_axe_violations), adds
                # <style> elements to read the page's stylesheets (for its
                # experimental css-orientation-lock rule) and to probe which
                # element is on top; the policy refuses them, as it should. What
                # the page's own files or markup do comes with their address.
                return
            self.messages.append(f"console.error: {message.text} ({location})")

    def _on_page_error(self, error: Error) -> None:
        self.messages.append(f"uncaught: {error.message}")

    def assert_none(self, *, expected_failed_load: str = "") -> None:
        """No errors, except the failed load of `expected_failed_load` (a URL):
        the browser logs an error page's own status as a console error."""
        messages = [
            message
            for message in self.messages
            if not (
                expected_failed_load and message.endswith(f"({expected_failed_load})")
            )
        ]
        assert not messages, "JavaScript errors:\n" + "\n".join(messages)


def log_in(
    page: Page, base_url: str, username: str = "handlaggare", *, verify: bool = False
) -> None:
    """Log in through the form, as a user would, by the fields' labels.

    "Användarnamn", "Lösenord" and "Logga in" come from Django's own Swedish
    catalogue (the auth form's labels and the admin's "Log in"). A person whose
    role gives a code at login (members/two_factor.py), or anyone with `verify`
    (a justerare before the justering), then gives the code of their
    authenticator app, computed from the app's key as the app does."""
    from members.models import User
    from members.two_factor import needs_code_at_login
    from tests.helpers import totp_device

    user = User.objects.get(username=username)
    if verify or needs_code_at_login(user):
        totp_device(user)
    page.goto(base_url + reverse("login"))
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    two_factor = reverse("account:two-factor")
    if verify and two_factor not in page.url:
        page.goto(base_url + two_factor + "?next=" + urlsplit(page.url).path)
    if two_factor in page.url:
        page.get_by_label("Kod", exact=True).fill(_next_code(user))
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()
        assert two_factor not in page.url, "the two-factor code was refused"


def _next_code(user) -> str:
    """The app's code that the portal accepts now: the current one, or the next
    (a code once used is not accepted again, and each login of a test may come
    within the same 30 seconds)."""
    import time

    from tests.helpers import totp_code, totp_device

    device = totp_device(user)
    device.refresh_from_db()
    while True:
        now = int((time.time() - device.t0) // device.step) + device.drift
        for offset in (0, 1):
            if now + offset > device.last_t:
                return totp_code(device, offset=offset)
        time.sleep(1)


# Reports every violation to the test, whatever page the browser is on. An init
# script is the browser's own: the policy does not apply to it.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} refused ${event.blockedURI || "inline"}`
    + ` on ${document.location.pathname}`
    + (event.sample ? `: ${event.sample}` : "")
  );
});
"""


class Violations:
    """The policy's refusals: `securitypolicyviolation` events and the console's
    "Refused to …" lines, and what the browser says of the headers."""

    def __init__(self, page: Page) -> None:
        self.found: list[str] = []
        page.expose_function("reportCspViolation", self._on_violation)
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._on_console)

    def _on_violation(self, text: str) -> None:
        self.found.append(text)

    def _on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if (
            "Refused to" in text
            or "Content Security Policy" in text
            or "Permissions-Policy" in text
        ):
            self.found.append(f"console: {text}")

    def assert_none(self) -> None:
        assert not self.found, "Refused by the policy:\n" + "\n".join(self.found)
