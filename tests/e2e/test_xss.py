"""Script payloads in every typed text, in a real browser (issue 10 §7): chromium
opens each page that shows them (tests/xss.py) as the person who sees it, and the
editor's live preview renders them while the official types; no payload's
script runs (any alert, confirm or prompt fails the test). Twice: as a visitor's
browser does, where nothing may be refused by the Content-Security-Policy or
fail in JavaScript, and with the policy bypassed, so that the escaping alone is
shown to hold (the policy is the second line, not the first)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Dialog, Page, expect

from tests.e2e.helpers import JsErrors, Violations, log_in
from tests.xss import PAYLOAD, load_demo_with_payloads, pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _catch_dialogs(page: Page) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(f"{dialog.type}({dialog.message!r}) on {page.url}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def _open_every_page(page: Page, base: str, demo: dict) -> None:
    current = None
    for person, url in pages(demo):
        if person != current:
            page.context.clear_cookies()
            if person:
                log_in(page, base, person)
            current = person
        response = page.goto(base + url)
        assert response is not None and response.ok, url
        page.wait_for_load_state("load")
        # Moving over and tabbing into what shows a payload fires no handler.
        page.mouse.move(200, 300)
        page.keyboard.press("Tab")

    # The editor's live preview renders the payloads typed now (htmx's swap).
    page.context.clear_cookies()
    log_in(page, base, "handlaggare")
    page.goto(base + reverse("cases:document-edit", args=[demo["fresh"].pk]))
    page.locator("#id_sections-1-text").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\n" + PAYLOAD.replace("\u202e", "") + " slut")
    expect(page.locator("#doc-preview")).to_contain_text(
        "{% now 'Y' %} exe.txt javascript:alert(1) slut"
    )
    page.wait_for_timeout(300)


def test_no_payload_runs_and_nothing_is_refused(page, live_server, js_errors):
    demo = load_demo_with_payloads()
    dialogs = _catch_dialogs(page)
    violations = Violations(page)
    _open_every_page(page, live_server.url, demo)
    assert not dialogs, "A payload ran:\n" + "\n".join(dialogs)
    violations.assert_none()
    js_errors.assert_none()


def test_no_payload_runs_even_without_the_policy(
    browser, browser_context_args, live_server
):
    demo = load_demo_with_payloads()
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    try:
        page = context.new_page()
        dialogs = _catch_dialogs(page)
        errors = JsErrors(page)
        _open_every_page(page, live_server.url, demo)
        assert not dialogs, "A payload ran:\n" + "\n".join(dialogs)
        errors.assert_none()
    finally:
        context.close()
