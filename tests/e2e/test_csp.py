"""The Content-Security-Policy in a real browser: chromium opens the portal's main
pages on the demo, the editor's live preview and the målbild matrix's htmx filter
do their work, Django's admin and Swagger UI render, and the browser reports no
refused script, style, image or font and no JavaScript error anywhere. Nothing of
the policy is bypassed (Playwright's bypass_csp stays off)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.models import Case, Meeting
from members.models import User
from ssr_portal.demo import FRESH_CASE_TITLE
from targets.models import Vision
from tests.e2e.helpers import Violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page):
    return Violations(page)


def _pdf_viewer_opened(page: Page) -> bool:
    """Chromium's PDF viewer (an extension's frame) shows the page's PDF."""
    for _attempt in range(50):
        for frame in page.frames:
            if frame.url.startswith("chrome-extension:") and frame.evaluate(
                "document.querySelector('pdf-viewer') !== null"
            ):
                return True
        page.wait_for_timeout(100)
    return False


def _visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, (
        f"{url}: {response and response.status}"
    )
    assert "Content-Security-Policy" in response.headers or (
        "content-security-policy" in response.headers
    )
    page.wait_for_load_state("load")


def test_the_main_pages_work_under_the_policy_with_nothing_refused(
    page, live_server, demo, js_errors, violations
):
    base = live_server.url
    case = Case.objects.get(number="KS 2023/236")
    fresh = Case.objects.get(title=FRESH_CASE_TITLE)
    meeting = Meeting.objects.filter(items__case=case).get()
    vision = Vision.objects.get(start_year=2023)
    official = User.objects.get(username="handlaggare")

    # A visitor: the start page, the målbild's pages, the follow-up chart (SVG).
    _visit(page, base + reverse("home"))
    # htmx adds no inline style, evaluates no code and runs no swapped script.
    assert page.evaluate(
        "[htmx.config.includeIndicatorStyles, htmx.config.allowEval,"
        " htmx.config.allowScriptTags]"
    ) == [False, False, False]
    _visit(page, base + reverse("targets:visions"))
    _visit(page, base + reverse("diarium:list"))
    _visit(page, base + reverse("anslagstavla:list"))
    _visit(page, base + reverse("targets:follow_up", args=[vision.pk]))
    expect(page.locator("svg.follow-up-chart__svg")).to_be_visible()

    # Swagger UI renders the API's operations from its script file.
    _visit(page, base + reverse("api-docs"))
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15000)

    log_in(page, base, "handlaggare")
    _visit(page, base + reverse("home"))
    _visit(page, base + reverse("cases:list"))
    _visit(page, base + case.get_absolute_url())
    _visit(page, base + reverse("cases:document", args=[case.pk]))
    _visit(page, base + reverse("cases:meeting", args=[meeting.pk]))

    # A PDF opens in the browser's own viewer under the policy (Chromium's viewer
    # once needed object-src and inline styles on the PDF's response).
    # (In a tab of its own: the browser asks a PDF's site for /favicon.ico,
    # which the portal does not have, and logs the 404 as an error.)
    pdf_tab = page.context.new_page()
    pdf_violations = Violations(pdf_tab)
    _visit(pdf_tab, base + reverse("cases:document-pdf", args=[case.pk]))
    assert _pdf_viewer_opened(pdf_tab)
    pdf_violations.assert_none()
    pdf_tab.close()

    # The editor: the toolbar (editor.js) and the live preview (htmx) work.
    _visit(page, base + reverse("cases:document-edit", args=[fresh.pk]))
    summary = page.locator("#id_sections-1-text")
    summary.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\nLedningsplatsen öppnas")
    page.locator('#section-1 [data-markup="bullet"]').click()
    expect(
        page.locator("#doc-preview li", has_text="Ledningsplatsen öppnas")
    ).to_be_visible()

    # The matrix: the filter swaps the results in place (htmx) and keeps the URL.
    _visit(page, base + reverse("targets:matrix", args=[vision.pk]))
    rows = page.locator("#matrix-results tbody tr")
    all_rows = rows.count()
    assert all_rows > 1
    page.locator("#id_q").fill("Botkyrka")
    page.locator("#id_q").press("Enter")
    expect(page).to_have_url(re.compile(r"q=Botkyrka"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Botkyrka")

    # The cost allocation with its bar charts (SVG).
    _visit(page, base + reverse("members:costs"))
    page.locator("#id_total").fill("1000000")
    page.locator("form.cost-form button[type=submit]").click()
    page.wait_for_load_state("load")
    expect(page.locator("svg.bar-chart").first).to_be_visible()

    # Django's admin: its login is the portal's (lockout, the staff's two-factor
    # code), then the index and change forms with their scripts.
    page.context.clear_cookies()
    log_in(page, base, "admin")
    _visit(page, base + reverse("admin:index"))
    expect(page.locator("#site-name")).to_be_visible()
    _visit(page, base + reverse("admin:cases_case_change", args=[case.pk]))
    expect(page.locator("#case_form")).to_be_visible()
    _visit(page, base + reverse("admin:cases_case_changelist"))
    expect(page.locator("#result_list")).to_be_visible()
    _visit(page, base + reverse("admin:members_user_change", args=[official.pk]))
    expect(page.locator("#user_form")).to_be_visible()

    # An error page (its own 404 is the one console error the browser logs).
    page.goto(base + "/no-such-page/")
    expect(page.locator("h1")).to_be_visible()

    violations.assert_none()
    js_errors.assert_none(expected_failed_load=base + "/no-such-page/")
