"""Notifications in a real browser: the header's link with its count, the page
"Notiser" (mark as read by keyboard), the settings page, on a 360-pixel screen
too, without accessibility violations or script errors."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.models import NotificationPreference, User
from members.services import notification_mark_all_read, notification_send
from tests.e2e.helpers import assert_no_axe_violations, log_in
from tests.e2e.test_layout import NARROW, assert_no_horizontal_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_notifications_are_read_and_chosen_by_keyboard(
    page, live_server, demo, js_errors
):
    official = User.objects.get(username="handlaggare")
    # The demo's own steps told the official already: those are read.
    notification_mark_all_read(user=official)
    for number in (1, 2):
        notification_send(
            recipients=[official],
            kind="returned",
            title=f"KS 2023/{number} har skickats tillbaka för ändringar",
            body="Förtydliga kostnaden.",
            url="/cases/",
        )
    log_in(page, live_server.url, "handlaggare")
    page.set_viewport_size(NARROW)
    page.goto(live_server.url + reverse("cases:list"))
    link = page.get_by_role("link", name="Notiser, 2 olästa")
    expect(link).to_be_visible()
    assert_no_horizontal_scroll(page)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notiser")
    expect(page.get_by_text("Oläst", exact=True)).to_have_count(2)
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)

    button = page.locator("li", has_text="KS 2023/2 har skickats").get_by_role(
        "button", name="Markera som läst"
    )
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Notiser, 1 oläst")).to_be_visible()
    page.get_by_role("button", name="Markera alla som lästa").click()
    expect(page.get_by_text("Oläst", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Notiser", exact=True)).to_be_visible()

    page.get_by_role("link", name="Inställningar för notiser").click()
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    group = page.get_by_role("group", name="Ärende återsänt för ändringar")
    group.get_by_label("Daglig sammanfattning per e-post").check()
    page.get_by_role("button", name="Spara").click()
    expect(
        page.get_by_text("Dina inställningar för notiser är sparade.")
    ).to_be_visible()
    assert (
        NotificationPreference.objects.get(user=official, kind="returned").delivery
        == "digest"
    )
    js_errors.assert_none()
