"""The målbild in a real browser (issue 5, "Done when"): on the demo, Botkyrka's
kommundirektör opens the vision, Botkyrka's official creates Botkyrka's case from
it and submits it, the kommundirektör approves the case on the case page (four
eyes: not the one who wrote it; the approval of the case records Botkyrka's
approval of the vision), Botkyrka's secretary places the case on the board's
coming meeting and records "noterar till protokollet", and the matrix shows
Botkyrka kommun as noted by its board with the meeting's date and §.

The pages are read in English (the language cookie, as the language switch sets
it), so that the test holds before and after the Swedish of new texts is added."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Case, Meeting
from members.models import Organisation, User
from targets.models import MemberApproval, Vision
from tests.e2e.helpers import assert_no_axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def switch_to(page: Page, base: str, username: str) -> None:
    """Log out (the cookies go), log in as the next person, read in English."""
    page.context.clear_cookies()
    log_in(page, base, username)
    expect(page.locator("#id_username")).to_have_count(0)
    host = base.split("//", 1)[1].split(":")[0]
    page.context.add_cookies(
        [
            {
                "name": settings.LANGUAGE_COOKIE_NAME,
                "value": "en",
                "domain": host,
                "path": "/",
            }
        ]
    )


def test_a_director_takes_the_vision_from_the_vision_to_the_board(
    page, live_server, demo, js_errors
):
    base = live_server.url
    vision = Vision.objects.get(start_year=2023)
    botkyrka = Organisation.objects.get(municipality_code="0127")
    vision_url = base + vision.get_absolute_url()

    # Anyone can read the list and the vision.
    page.goto(base + reverse("targets:visions"))
    assert_no_axe_violations(page)

    # Botkyrka's kommundirektör opens the vision from the list.
    switch_to(page, base, "kommundirektor-botkyrka")
    page.goto(base + reverse("targets:visions"))
    page.get_by_role("link", name=vision.title).click()
    expect(page).to_have_url(vision_url)
    member = page.locator("#member")
    expect(member).to_contain_text("Your organisation: Botkyrka kommun")
    expect(member).to_contain_text("Not started")
    assert_no_axe_violations(page)

    # Botkyrka's official creates Botkyrka's case from the vision and lands on the
    # case's page, and submits it.
    switch_to(page, base, "handlaggare-botkyrka")
    page.goto(vision_url)
    page.get_by_role("button", name="Create our case about the vision").click()
    case = Case.objects.get(vision_approval__organisation=botkyrka)
    expect(page).to_have_url(base + case.get_absolute_url())
    expect(page.get_by_text(f"The case {case.number} about")).to_be_visible()
    assert case.title == "Målbild Samverkan Stockholmsregionen 2023-2026"
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("The case was submitted for approval.")).to_be_visible()

    # The kommundirektör approves it through the case page's workflow buttons.
    switch_to(page, base, "kommundirektor-botkyrka")
    page.goto(base + case.get_absolute_url())
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("The official report was approved.")).to_be_visible()

    # The approval of the case is Botkyrka's approval of the vision.
    page.goto(vision_url)
    expect(member).to_contain_text("Approved by Dag Direktör on")
    expect(member.get_by_role("link", name=case.number)).to_be_visible()
    expect(page.get_by_role("button", name="Approve the vision for")).to_have_count(0)
    expect(
        page.get_by_role("button", name="Create our case about the vision")
    ).to_have_count(0)
    assert_no_axe_violations(page)

    # Botkyrka's secretary places the case on the coming meeting and records the
    # board's decision "noterar till protokollet".
    meeting = Meeting.objects.filter(board__organisation=botkyrka).latest(
        "meeting_date"
    )
    # The day of the meeting has come: no decision is recorded before it.
    Meeting.objects.filter(pk=meeting.pk).update(meeting_date=timezone.localdate())
    meeting.refresh_from_db()
    meeting_url = base + reverse("cases:meeting", args=[meeting.pk])
    switch_to(page, base, "sekreterare-botkyrka")
    page.goto(meeting_url)
    page.locator("#agenda select[name='case']").select_option(str(case.pk))
    page.get_by_role("button", name="Place on the agenda").click()
    row = page.locator("#agenda tbody tr", has_text=case.number)
    expect(row).to_be_visible()
    row.get_by_role("link", name="Record the decision").click()
    page.get_by_label("Noted in the minutes").check()
    page.get_by_label("Decision text").fill(
        "Kommunstyrelsen noterar till protokollet att man tagit del av information "
        "om Målbild Samverkan Stockholmsregionen 2023-2026."
    )
    page.locator("form.case-form").get_by_role(
        "button", name="Record the decision"
    ).click()
    expect(row).to_contain_text("Noted in the minutes")
    # The § is given when the minutes are sent for justering (with a chair).
    assert case.agenda_items.get().paragraph is None
    Meeting.objects.filter(pk=meeting.pk).update(
        chair=User.objects.get(username="kommundirektor-botkyrka")
    )
    page.goto(meeting_url)
    page.get_by_role("button", name="Send the minutes for adjustment").click()
    expect(page.locator("#agenda tbody tr", has_text=case.number)).to_contain_text("§")
    paragraph = case.agenda_items.get().paragraph
    assert paragraph

    # The matrix shows Botkyrka kommun as noted by its board, with date and §.
    approval = MemberApproval.objects.get(vision=vision, organisation=botkyrka)
    assert approval.status == MemberApproval.Status.NOTED
    assert approval.decision_date == meeting.meeting_date
    page.goto(base + reverse("targets:matrix", args=[vision.pk]))
    matrix_row = page.locator("tbody tr", has_text="Botkyrka kommun")
    expect(matrix_row).to_contain_text("Noted by the board")
    expect(matrix_row).to_contain_text(meeting.meeting_date.strftime("%Y-%m-%d"))
    expect(matrix_row).to_contain_text(re.compile(rf"§\s*{paragraph}\b"))

    # … and so does the vision's own page, to anyone.
    page.context.clear_cookies()
    page.goto(vision_url)
    noted = MemberApproval.objects.filter(vision=vision, decision_kind="noted")
    expect(
        page.locator("#members li", has_text="Noterad av styrelsen")
    ).to_contain_text(str(noted.count()))
    assert_no_axe_violations(page)
    js_errors.assert_none()


def test_the_director_approves_on_the_vision_page_on_a_phone(
    page, live_server, demo, js_errors
):
    base = live_server.url
    vision = Vision.objects.get(start_year=2023)
    page.set_viewport_size({"width": 360, "height": 800})
    switch_to(page, base, "kommundirektor-botkyrka")
    page.goto(base + vision.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Approve the vision for Botkyrka kommun").click()
    expect(page.get_by_text("You approved")).to_be_visible()
    expect(page.locator("#member")).to_contain_text("Approved by Dag Direktör on")
    expect(page.get_by_role("button", name="Approve the vision for")).to_have_count(0)
    assert_no_axe_violations(page)
    row = MemberApproval.objects.get(vision=vision, organisation__slug="botkyrka")
    assert row.approved_by.username == "kommundirektor-botkyrka"
    js_errors.assert_none()


def test_the_public_reads_the_matrix_the_timeline_and_the_follow_up(
    page, live_server, demo, js_errors
):
    """Anyone, without logging in: the matrix filtered by kind and status from the
    keyboard, Huddinge's timeline, the follow-up with its chart; each page passes
    axe."""
    base = live_server.url
    vision = Vision.objects.get(start_year=2023)
    page.goto(base + reverse("targets:matrix", args=[vision.pk]))
    assert_no_axe_violations(page)
    page.get_by_label("Typ", exact=True).select_option("kommun")
    page.get_by_label("Status", exact=True).select_option("noted")
    page.get_by_label("Status", exact=True).focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Huddinge kommun")
    expect(rows.first).to_contain_text("2023-04-17")
    expect(rows.last).to_contain_text("Stockholms stad")
    assert "status=noted" in page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som CSV (för Excel)").click()
    csv = download.value.path().read_bytes().decode("utf-8-sig")
    assert "Huddinge kommun" in csv and "Nacka kommun" not in csv

    page.get_by_role("link", name="Huddinge kommun").click()
    expect(page.locator("main")).to_contain_text("KS 2023/236")
    expect(page.locator("main")).to_contain_text("Camilla Broo")
    assert_no_axe_violations(page)

    page.goto(base + reverse("targets:follow_up", args=[vision.pk]))
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert_no_axe_violations(page)
    js_errors.assert_none()
