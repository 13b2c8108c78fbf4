"""The start page's inbox in a browser (ssr_portal/inbox.py, issue 13): the
kommundirektör finds the case that waits for her approval on her start page and
the count by "Start" in the main menu, follows the link to where she approves,
and the page is accessible and fits a narrow screen."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_axe_violations, log_in
from tests.e2e.test_layout import NARROW, assert_no_horizontal_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submitted(demo):
    """A case of Huddinge's Kommunstyrelsen, written and submitted by its official."""
    from cases.models import Case
    from cases.services.workflow import case_submit
    from members.models import Board, User
    from tests.ssr_portal.test_inbox import written_case

    board = Board.objects.get(organisation__slug="huddinge", prefix="KS")
    official = User.objects.get(username="handlaggare")
    case = written_case(board, official, title="Inkorgens testärende")
    case_submit(case=case, user=official)
    return Case.objects.get(pk=case.pk)


def test_the_director_finds_the_case_to_approve_on_her_start_page(
    page, live_server, submitted, js_errors
):
    log_in(page, live_server.url, "kommundirektor")
    page.goto(live_server.url + reverse("home"))

    menu = page.get_by_role("navigation", name="Huvudmeny")
    start = menu.get_by_role("link", name="Start")
    expect(start).to_contain_text("att göra")
    expect(start).to_have_attribute("aria-current", "page")
    main = page.get_by_role("main")
    section = main.get_by_role("region", name="Väntar på ditt godkännande")
    expect(section).to_be_visible()
    expect(main).not_to_contain_text("Du har inga öppna ärenden som handläggare")
    assert_no_axe_violations(page)

    page.set_viewport_size(NARROW)
    assert_no_horizontal_scroll(page)

    section.get_by_role("link", name=f"{submitted.number} Inkorgens testärende").click()
    expect(page).to_have_url(
        live_server.url + reverse("cases:document", args=[submitted.pk]) + "#approval"
    )
    expect(page.get_by_role("button", name="Godkänn")).to_be_visible()
    js_errors.assert_none()
