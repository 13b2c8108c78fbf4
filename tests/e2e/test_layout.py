import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 360, "height": 740}


def assert_no_horizontal_scroll(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] <= width[1]:
        return
    too_wide = page.evaluate(
        """() => [...document.body.querySelectorAll("*")]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 8)
            .map(el => `${el.tagName.toLowerCase()}.${el.className}`
                       + ` right=${Math.round(el.getBoundingClientRect().right)}`)"""
    )
    raise AssertionError(
        f"{page.url} scrolls sideways: scrollWidth {width[0]} > innerWidth {width[1]};"
        f" too wide: {too_wide}"
    )


def test_first_tab_focuses_the_skip_link_and_enter_moves_to_main(
    page, live_server, demo, js_errors
):
    page.goto(live_server.url + reverse("home"))
    page.keyboard.press("Tab")
    skip_link = page.locator("a.ds-skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#main")
    # Hidden until focused, then on screen.
    box = skip_link.bounding_box()
    assert box is not None and box["width"] > 10 and box["height"] > 10

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    js_errors.assert_none()


def test_every_control_in_the_header_shows_a_focus_ring(page, live_server, demo):
    log_in(page, live_server.url, "handlaggare")
    page.keyboard.press("Tab")  # the skip link, which shows itself instead
    seen = []
    for _step in range(12):
        page.keyboard.press("Tab")
        element = page.evaluate_handle("document.activeElement")
        if not element.evaluate("el => !!el.closest('header')"):
            break
        style = element.evaluate(
            """el => { const s = getComputedStyle(el);
                       return {outline: s.outlineStyle, width: s.outlineWidth,
                               shadow: s.boxShadow, text: el.textContent.trim()}; }"""
        )
        seen.append(style["text"])
        assert style["outline"] != "none" and style["width"] != "0px", style
    # Brand, log out, language and the four menu items.
    assert len(seen) >= 6, seen


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_start_page_fits_a_360_pixel_screen(page, live_server, demo, logged_in):
    if logged_in:
        log_in(page, live_server.url, "handlaggare")
    page.set_viewport_size(NARROW)
    page.goto(live_server.url + reverse("home"))
    assert_no_horizontal_scroll(page)
    # The menu wraps instead of hiding: every item is on screen.
    for link in page.get_by_role("navigation").get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360


def test_case_list_fits_a_360_pixel_screen(page, live_server, demo, js_errors):
    log_in(page, live_server.url, "handlaggare")
    page.set_viewport_size(NARROW)
    page.goto(live_server.url + reverse("cases:list"))
    expect(page.get_by_role("main")).to_contain_text("KS 2023/236")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    js_errors.assert_none()


def test_not_found_page_is_accessible(page, live_server, demo, js_errors):
    url = live_server.url + "/no-such-page/"
    response = page.goto(url)
    assert response is not None and response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan kunde inte hittas")
    assert_no_axe_violations(page)
    js_errors.assert_none(expected_failed_load=url)
