"""The SSR coordinator keeps the vision in a real browser, without the admin: on the
demo, `samordnare` creates the vision 2027–2030 from the list of visions (a year
that does not start a mandate period is refused first, with the message next to
the field), opens its parts from the vision's page and adds a goal from the
keyboard; axe on each page. Read in English (the language cookie)."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from targets.models import Vision
from tests.e2e.helpers import assert_no_axe_violations
from tests.e2e.test_vision import switch_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Set to a folder to keep screenshots of the pages (at 1280 and 360 px).
SCREENSHOTS = os.environ.get("SSR_SCREENSHOTS", "")


def _look(page: Page, name: str) -> None:
    assert_no_axe_violations(page)
    if SCREENSHOTS:
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_the_coordinator_creates_a_vision_and_adds_a_goal(
    page, live_server, demo, js_errors
):
    base = live_server.url
    switch_to(page, base, "samordnare")
    page.goto(base + reverse("targets:visions"))
    page.get_by_role("link", name="New vision").click()
    expect(page).to_have_url(base + reverse("targets:vision_create"))
    _look(page, "manage-create")

    page.get_by_label("Title").fill("Målbild Samverkan Stockholmsregionen 2027-2030")
    page.get_by_label("First year").fill("2028")
    page.get_by_label("Overall aim").fill("Tillsammans för ett tryggt län.")
    page.get_by_role("button", name="Create the vision").click()
    expect(page.locator("#id_start_year_error")).to_contain_text(
        "A vision follows the mandate period"
    )
    expect(page.get_by_text("the period is 2028–2031")).to_be_visible()
    _look(page, "manage-create-error")

    page.get_by_label("First year").fill("2027")
    page.get_by_role("button", name="Create the vision").click()
    vision = Vision.objects.get(start_year=2027)
    expect(page).to_have_url(base + vision.get_absolute_url())
    expect(page.get_by_text("was created")).to_be_visible()
    assert vision.end_year == 2030

    page.get_by_role("link", name="Foundations, goals, milestones").click()
    expect(page).to_have_url(base + reverse("targets:vision_parts", args=[vision.pk]))
    _look(page, "manage-parts-empty")

    # Add a goal from the keyboard only.
    page.locator("#id_goal-new-title").focus()
    page.keyboard.type("Gemensam lägesbild")
    page.keyboard.press("Tab")
    page.keyboard.type("Alla medlemmar delar lägesbilden.")
    page.keyboard.press("Tab")  # the position: empty puts it last
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add the goal")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The goal was added.")).to_be_visible()
    goal = vision.goals.get()
    assert goal.title == "Gemensam lägesbild"
    assert goal.history.first().history_user.username == "samordnare"
    expect(page.get_by_role("heading", name="Gemensam lägesbild")).to_be_visible()

    # A change form opens from the keyboard too (details/summary).
    summary = page.locator("#goals summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#id_goal-{goal.pk}-title")).to_be_visible()
    _look(page, "manage-parts")

    page.goto(base + reverse("targets:vision_change", args=[vision.pk]))
    _look(page, "manage-change")
