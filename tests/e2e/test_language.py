import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.helpers import JsErrors, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_language_switch_turns_the_page_english_and_back(
    page, live_server, demo, js_errors
):
    log_in(page, live_server.url, "handlaggare")
    cases_url = live_server.url + reverse("cases:list")
    page.goto(cases_url)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "sv")

    page.get_by_role("button", name="In English").click()
    expect(page).to_have_url(cases_url)
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("link", name="Skip to main content")).to_have_count(1)

    page.get_by_role("button", name="På svenska").click()
    expect(page).to_have_url(cases_url)
    expect(html).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    js_errors.assert_none()


def test_an_english_browser_gets_the_swedish_portal(browser, live_server, demo):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    errors = JsErrors(page)
    page.goto(live_server.url + reverse("home"))
    assert page.evaluate("navigator.language") == "en-US"
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page).to_have_title("Start – SSR-portalen")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    menu.get_by_role("link", name="Medlemmar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Medlemmar i Samverkan Stockholmsregionen"
    )
    log_in(page, live_server.url, "handlaggare")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Helena")
    errors.assert_none()
    context.close()


def test_language_switch_works_without_javascript(browser, live_server, demo):
    # An English browser: the page is Swedish until the switch is used.
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + reverse("home"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + reverse("home"))
    context.close()
