import re

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
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5
                          || el.scrollWidth > el.clientWidth + 0.5
                             && getComputedStyle(el).overflowX === "visible"
                             && el.clientWidth > 0)
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


# Every page each demo role reaches, at the narrowest and a common desktop width.
WIDTHS = [NARROW, {"width": 1280, "height": 800}]
# One demo person per role (ssr_portal/demo.py DEMO_USERS); None: not logged in.
ROLES = [
    None,
    "handlaggare",
    "kommundirektor",
    "sekreterare",
    "registrator",
    "samordnare",
    "justerare",
]


def _demo_pages() -> list[str]:
    """The pages of the demo data, from the start page to the account's."""
    from cases.models import Case, Meeting, Notice
    from cases.services.workflow import case_submit
    from members.models import User
    from ssr_portal.demo import FRESH_CASE_TITLE
    from targets.models import Vision

    malbild = Case.objects.get(number="KS 2023/236")
    fresh = Case.objects.get(title=FRESH_CASE_TITLE)
    if fresh.status == Case.Status.DRAFTING:
        # Submitted, so that the kommundirektör sees the approval forms.
        case_submit(case=fresh, user=User.objects.get(username="handlaggare"))
    meeting = Meeting.objects.get(items__case=malbild)
    coming = Meeting.objects.filter(board=meeting.board).order_by("-meeting_date")[0]
    notice = Notice.objects.get(meeting=meeting)
    vision = Vision.objects.order_by("pk")[0]
    member = vision.approvals.select_related("organisation")[0].organisation
    return [
        reverse("home"),
        reverse("cases:list"),
        malbild.get_absolute_url(),
        reverse("cases:document", args=[malbild.pk]),
        fresh.get_absolute_url(),
        reverse("cases:document", args=[fresh.pk]),
        reverse("cases:document-edit", args=[fresh.pk]),
        reverse("cases:meetings"),
        meeting.get_absolute_url(),  # the justering's panel, the adjusted minutes
        coming.get_absolute_url(),
        reverse("anslagstavla:list"),
        notice.get_absolute_url(),
        reverse("diarium:list"),
        reverse("diarium:detail", args=[malbild.pk]),
        reverse("targets:visions"),
        reverse("targets:vision", args=[vision.pk]),
        reverse("targets:matrix", args=[vision.pk]),
        reverse("targets:member", args=[vision.pk, member.slug]),
        reverse("targets:follow_up", args=[vision.pk]),
        reverse("members:list"),
        reverse("accessibility"),
        reverse("account:password"),
        reverse("account:two-factor-setup"),
        reverse("search") + "?q=M%C3%A5lbild",
        reverse("public-search") + "?q=beredskapen",
    ]


@pytest.mark.parametrize("username", ROLES, ids=lambda name: name or "anonymous")
def test_every_page_a_role_reaches_fits_360_and_1280_pixels(
    page, live_server, demo, js_errors, username
):
    pages = _demo_pages()
    if username:
        log_in(page, live_server.url, username)
    reached, problems = [], []
    # Each page is loaded once and laid out at each width in turn (a new viewport
    # lays the same document out anew, as turning a tablet does).
    for path in pages:
        page.set_viewport_size(WIDTHS[0])
        js_errors.messages.clear()
        response = page.goto(live_server.url + path)
        assert response is not None
        if response.status in (403, 404) or "/login/" in page.url:
            continue  # not a page this role reaches
        assert response.status == 200, f"{path}: {response.status}"
        reached.append(path)
        for size in WIDTHS:
            page.set_viewport_size(size)
            for check in (
                assert_no_horizontal_scroll,
                lambda _page: js_errors.assert_none(),
            ):
                try:
                    check(page)
                except AssertionError as problem:
                    problems.append(f"{size['width']} px: {problem}")
    assert not problems, "\n".join(problems)
    assert reverse("diarium:list") in reached
    if username:
        assert reverse("cases:list") in reached


def test_the_members_matrix_fits_1280_pixels(page, live_server, demo):
    """All seven columns on a desktop screen, no column cut off at the edge of its
    scrolling region (which stays, labelled and focusable, for narrow screens)."""
    from targets.models import Vision

    vision = Vision.objects.order_by("pk")[0]
    page.set_viewport_size(WIDTHS[1])
    page.goto(live_server.url + reverse("targets:matrix", args=[vision.pk]))
    region = page.get_by_role("region", name="Varje medlems godkännande", exact=False)
    expect(region).to_have_attribute("tabindex", "0")
    sizes = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] <= sizes[1], f"the matrix is cut off: {sizes[0]} > {sizes[1]} px"


def test_a_printed_page_leaves_out_the_menu_search_breadcrumbs_and_buttons(
    page, live_server, demo
):
    from cases.models import Case, Meeting
    from targets.models import Vision

    case = Case.objects.get(number="KS 2023/236")
    meeting = Meeting.objects.get(items__case=case)
    vision = Vision.objects.order_by("pk")[0]
    log_in(page, live_server.url, "sekreterare")
    page.emulate_media(media="print")
    for path in [
        case.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("targets:matrix", args=[vision.pk]),
        reverse("targets:follow_up", args=[vision.pk]),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("nav.site-nav")).not_to_be_visible()
        for hidden in [
            "form.site-search",
            "nav.breadcrumbs",
            "main form",
            "main button",
        ]:
            for element in page.locator(hidden).all():
                expect(element).not_to_be_visible()
    page.emulate_media(media="screen")
    page.goto(live_server.url + case.get_absolute_url())
    expect(page.locator("nav.site-nav")).to_be_visible()
    expect(page.locator("nav.breadcrumbs")).to_be_visible()


def test_the_search_the_public_case_and_the_breadcrumbs_pass_axe(
    page, live_server, demo, js_errors
):
    from cases.models import Case

    case = Case.objects.get(number="KS 2023/236")
    page.goto(live_server.url + reverse("diarium:detail", args=[case.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("KS 2023/236")
    assert_no_axe_violations(page)
    log_in(page, live_server.url, "handlaggare")
    search = page.get_by_role("search", name="Sök i portalen")
    search.get_by_label("Sök efter ärenden, handlingar, beslut och sammanträden").fill(
        "Målbild"
    )
    search.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök")
    assert_no_axe_violations(page)
    results = page.get_by_role("region", name="Ärenden")
    results.get_by_role("link", name=f"{case.number} {case.title}").click()
    expect(page).to_have_url(live_server.url + case.get_absolute_url())
    crumbs = page.get_by_role("navigation", name="Brödsmulor")
    expect(crumbs.locator('[aria-current="page"]')).to_have_text("KS 2023/236")
    assert_no_axe_violations(page)
    js_errors.assert_none()


def test_a_visitor_searching_beredskapen_finds_the_malbild_with_a_snippet(
    page, live_server, demo, js_errors
):
    """Issue 14's done-when: in the public diarium, an anonymous visitor's search
    for "beredskapen" finds the public case whose tjänsteskrivelse speaks of
    beredskap, first, with the words around it marked."""
    page.goto(live_server.url + reverse("diarium:list"))
    search = page.get_by_role("search", name="Sök i ärendenas text")
    search.get_by_label("Sök i allt som är offentligt").fill("beredskapen")
    search.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sök i det offentliga diariet"
    )
    hits = page.locator(".search-hit")
    malbild = hits.filter(has_text="KS 2023/236")
    expect(malbild).to_have_count(1)
    # Every hit says why it was found: the word, marked, in its context.
    for hit in hits.all():
        expect(hit.locator("mark").first).to_have_text(
            re.compile("^beredskap", re.IGNORECASE)
        )
    assert_no_axe_violations(page)
    # Keyboard: the hit's link opens the public case page.
    malbild.get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("KS 2023/236")
    js_errors.assert_none()
