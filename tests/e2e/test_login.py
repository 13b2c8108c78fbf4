import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.helpers import DEMO_PASSWORD, assert_no_axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_official_logs_in_and_opens_the_case_list(page, live_server, demo, js_errors):
    page.goto(live_server.url + reverse("home"))
    assert_no_axe_violations(page)

    page.goto(live_server.url + reverse("login"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_no_axe_violations(page)

    log_in(page, live_server.url, "handlaggare")
    expect(page).to_have_url(live_server.url + reverse("home"))
    header = page.get_by_role("banner")
    expect(header).to_contain_text("Helena Handläggare")
    expect(header).to_contain_text("Huddinge kommun")
    expect(page.get_by_role("main")).to_contain_text("KS 2023/236")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Helena")
    expect(page).to_have_title("Start – SSR-portalen")
    assert_no_axe_violations(page)

    # Through the main menu, as a user would: by the link's Swedish name.
    cases_url = reverse("cases:list")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Ärenden", exact=True
    ).click()
    expect(page).to_have_url(live_server.url + cases_url)
    current = page.get_by_role("navigation").locator('[aria-current="page"]')
    expect(current).to_have_attribute("href", cases_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ärenden")
    table = page.get_by_role("main").get_by_role("table")
    expect(table.get_by_role("columnheader", name="Diarienummer")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Handläggare")).to_be_visible()
    for number in ("KS 2023/236", "KS 2015/560", "KS 2014/195"):
        expect(table).to_contain_text(number)
    assert_no_axe_violations(page)
    js_errors.assert_none()


def test_wrong_password_shows_an_error_summary_that_has_focus(
    page, live_server, demo, js_errors
):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Användarnamn").fill("handlaggare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD + "-wrong")
    page.get_by_role("button", name="Logga in").click()

    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    # Django's own Swedish message for a failed login.
    expect(summary).to_contain_text(re.compile("korrekt användarnamn och lösenord"))
    expect(page.get_by_label("Användarnamn")).to_have_value("handlaggare")
    expect(page.get_by_label("Lösenord")).to_have_value("")
    assert_no_axe_violations(page)
    js_errors.assert_none()


def test_logging_out_returns_to_the_public_start_page(
    page, live_server, demo, js_errors
):
    log_in(page, live_server.url, "handlaggare")
    page.get_by_role("banner").get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.get_by_role("banner")).not_to_contain_text("Helena Handläggare")
    expect(
        page.get_by_role("navigation").locator(f'a[href="{reverse("cases:list")}"]')
    ).to_have_count(0)
    js_errors.assert_none()


def test_a_chief_executive_sets_up_two_factor_login_at_the_first_login(
    page, live_server, demo, js_errors
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from members.models import User
    from tests.helpers import totp_code

    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Användarnamn").fill("kommundirektor")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("account:two-factor-setup"))))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ställ in tvåfaktorinloggning"
    )
    expect(
        page.get_by_role("img", name="QR-kod för din autentiseringsapp")
    ).to_be_visible()
    assert_no_axe_violations(page)
    # The key as text, as someone who cannot scan types it into the app.
    key = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=User.objects.get(username="kommundirektor"))
    assert device.config_url.split("secret=")[1].startswith(key)
    page.get_by_label("Koden som appen visar nu").fill(totp_code(device))
    page.get_by_role("button", name="Bekräfta").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dina återställningskoder"
    )
    expect(
        page.get_by_role("list", name="Återställningskoder").get_by_role("listitem")
    ).to_have_count(10)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Jag har sparat koderna, fortsätt").click()
    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.get_by_role("banner")).to_contain_text("Logga ut")
    js_errors.assert_none()


def test_the_lockout_page_is_accessible(page, live_server, demo, js_errors):
    for _ in range(5):
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("Användarnamn").fill("handlaggare")
        page.get_by_label("Lösenord").fill("fel-lösenord")
        page.get_by_role("button", name="Logga in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inloggningen är spärrad en stund"
    )
    expect(page.get_by_role("alert")).to_contain_text("försök igen då")
    assert_no_axe_violations(page)
