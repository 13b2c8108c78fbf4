"""The whole chain of a case in a real browser, from the first draft to the
dispatch: the official drafts and submits, the kommundirektör returns it with a
comment, the official fixes it and submits again, the kommundirektör approves,
the secretary places it on a meeting and records "noterar till protokollet", the
ordförande and the justerare confirm the minutes, the anonymous public sees the
notice on /anslagstavla/ with the right last day to appeal, and the secretary
dispatches the decision. Every step is a click in the portal, each person logged
in through the login form.

`walk_the_chain` takes the servers to walk it on: one (the live server of the
browser tests) or several app servers sharing one database, cache and file
store (tests/stack/), with each page load going to the next server in turn."""

import datetime
import io
import itertools
import re
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cases.models import Case
from cases.services import case_register
from cases.services.documents import document_start, recipient_add
from cases.services.meetings import meeting_create
from members.roles import Role
from ssr_portal.lib.workdays import appeal_period
from tests.e2e.helpers import DEMO_PASSWORD, assert_no_axe_violations, log_in
from tests.factories import BoardFactory, OrganisationFactory, UserFactory

TITLE = "Information om krisberedskapsveckan 2026"
NOTED = (
    "Kommunstyrelsen noterar till protokollet att man tagit del av information om "
    f"{TITLE}."
)
# The justerare's wording, which the secretary accepts: the minutes read it.
ADJUSTED = (
    "Kommunstyrelsen noterar till protokollet att den har tagit del av information "
    f"om {TITLE}."
)
RETURN_COMMENT = "Beskriv vilka förvaltningar som deltar."
RECIPIENT_EMAIL = "registrator@example.se"


def chain_data():
    """Huddinge's Kommunstyrelsen, its people, the case in drafting with two
    recipients (one by e-mail) and today's meeting: (case, meeting, people)."""
    huddinge = OrganisationFactory(
        name="Huddinge kommun", short_name="Huddinge", municipality_code="0126"
    )
    board = BoardFactory(organisation=huddinge, name="Kommunstyrelsen", prefix="KS")

    def person(username, first, last, roles=()):
        return UserFactory(
            username=username,
            first_name=first,
            last_name=last,
            organisation=huddinge,
            roles=list(roles),
            password=DEMO_PASSWORD,
        )

    people = {
        "official": person("resa-handlaggare", "Hanna", "Handläggare", [Role.OFFICIAL]),
        "director": person("resa-direktor", "Camilla", "Direktör", [Role.DIRECTOR]),
        "secretary": person(
            "resa-sekreterare", "Sara", "Sekreterare", [Role.SECRETARY]
        ),
        "chair": person("resa-ordforande", "Olle", "Ordförande"),
        "adjuster": person("resa-justerare", "Jenny", "Justerare"),
    }
    case = case_register(
        board=board,
        title=TITLE,
        kind=Case.Kind.INFORMATION,
        handler=people["official"],
        registered_by=people["official"],
    )
    document_start(case=case, user=people["official"])
    recipient_add(
        case=case, user=people["official"], name="Samverkan Stockholmsregionen"
    )
    recipient_add(
        case=case,
        user=people["official"],
        name="Länsstyrelsen Stockholm",
        email=RECIPIENT_EMAIL,
    )
    meeting = meeting_create(
        board=board,
        user=people["secretary"],
        meeting_date=timezone.localdate(),
        start_time=datetime.time(13, 0),
        place="Kommunhuset, sessionssalen",
        chair=people["chair"],
        secretary=people["secretary"],
        adjusters=[people["adjuster"]],
        members_present=[people["chair"], people["adjuster"]],
    )
    return case, meeting, people


class Servers:
    """The app servers' base URLs, each page load going to the next in turn;
    `visited` counts the loads per server."""

    def __init__(self, bases: Iterable[str]) -> None:
        self.bases = list(bases)
        self._next = itertools.cycle(self.bases)
        self.visited = dict.fromkeys(self.bases, 0)

    def next(self) -> str:
        base = next(self._next)
        self.visited[base] += 1
        return base

    def goto(self, page: Page, path: str) -> None:
        page.goto(self.next() + path)


def _ends_with(path: str) -> re.Pattern:
    """The page's URL on whichever server served it."""
    return re.compile(re.escape(path) + "$")


def switch_to(page: Page, servers: Servers, user) -> None:
    """Log out (the session cookie goes) and log in as the next person."""
    page.context.clear_cookies()
    # Every step of the chain is a login with two-factor done: approving and
    # justering need it, whatever the person's role.
    log_in(page, servers.next(), user.username, verify=True)
    expect(page.locator("#id_username")).to_have_count(0)


def walk_the_chain(page: Page, servers: Servers, case, meeting, people) -> None:
    case_path = case.get_absolute_url()
    document_path = reverse("cases:document", args=[case.pk])
    edit_path = reverse("cases:document-edit", args=[case.pk])
    meeting_path = reverse("cases:meeting", args=[meeting.pk])

    # The official drafts the report and submits it.
    switch_to(page, servers, people["official"])
    servers.goto(page, edit_path)
    assert_no_axe_violations(page)
    first = page.locator("#id_sections-0-text")
    first.fill("Kommunstyrelsen informeras om krisberedskapsveckan.")
    page.locator('button[name="action"][value="save"]').first.click()
    expect(page).to_have_url(_ends_with(document_path))
    servers.goto(page, case_path)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Skicka för godkännande").click()
    expect(page.get_by_text("Ärendet har skickats för godkännande.")).to_be_visible()

    # The kommundirektör finds it waiting on her start page and returns it there
    # with a comment.
    switch_to(page, servers, people["director"])
    servers.goto(page, "/")
    waiting = page.locator("#inbox-approval")
    expect(waiting).to_contain_text("Väntar på ditt godkännande")
    expect(waiting.get_by_role("link", name=case.number)).to_be_visible()
    expect(page.locator("nav").get_by_text("1 att göra")).to_have_count(1)
    waiting.get_by_role("link", name=case.number).click()
    expect(page).to_have_url(re.compile(re.escape(document_path)))
    assert_no_axe_violations(page)
    page.get_by_label("Kommentar till handläggaren").fill(RETURN_COMMENT)
    page.get_by_role("button", name="Skicka tillbaka med kommentar").click()
    expect(page.get_by_text("Ärendet har skickats tillbaka")).to_be_visible()

    # The official is told, with the comment, on her start page and in Notiser;
    # she fixes the text and submits again.
    switch_to(page, servers, people["official"])
    servers.goto(page, "/")
    expect(page.locator("#inbox-returned")).to_contain_text(case.number)
    servers.goto(page, reverse("account:notifications"))
    expect(page.locator("main")).to_contain_text(RETURN_COMMENT)
    assert_no_axe_violations(page)
    servers.goto(page, case_path)
    expect(page.locator("#returned-comment")).to_contain_text(RETURN_COMMENT)
    servers.goto(page, edit_path)
    first = page.locator("#id_sections-0-text")
    first.fill(first.input_value() + "\n\nAlla förvaltningar deltar.")
    page.locator('button[name="action"][value="save"]').first.click()
    expect(page).to_have_url(_ends_with(document_path))
    page.get_by_role("button", name="Skicka för godkännande").click()
    expect(page.locator("#returned-comment")).to_have_count(0)

    # The kommundirektör approves.
    switch_to(page, servers, people["director"])
    servers.goto(page, document_path)
    page.get_by_role("button", name="Godkänn").click()
    expect(page.get_by_text("Tjänsteskrivelsen är godkänd.")).to_be_visible()
    expect(page.locator("#approval")).to_contain_text("Godkänd av Camilla Direktör")

    # The secretary places it on the meeting's agenda and records the decision.
    switch_to(page, servers, people["secretary"])
    servers.goto(page, meeting_path)
    assert_no_axe_violations(page)
    page.locator("#agenda select[name='case']").select_option(str(case.pk))
    page.get_by_role("button", name="För upp på föredragningslistan").click()
    row = page.locator("#agenda tbody tr", has_text=case.number)
    expect(row).to_be_visible()
    row.get_by_role("link", name="Registrera beslutet").click()
    assert_no_axe_violations(page)
    page.get_by_label("Noteras till protokollet").check()
    page.get_by_label("Beslutstext").fill(NOTED)
    page.locator("form.case-form").get_by_role(
        "button", name="Registrera beslutet"
    ).click()
    expect(page).to_have_url(
        _ends_with(f"{meeting_path}#item-{case.agenda_items.get().pk}")
    )
    expect(row).to_contain_text("Noteras till protokollet")
    expect(row).not_to_contain_text("§ 1")  # numbered when the minutes are sent
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Skicka protokollet för justering").click()
    expect(row).to_contain_text("§ 1")
    expect(page.get_by_role("button", name="Justera protokollet")).to_have_count(0)
    expect(page.locator("#justering")).to_contain_text("Olle Ordförande")

    # The justerare finds the minutes to adjust on her start page and proposes a
    # change; the secretary accepts it as offered and the minutes read it.
    switch_to(page, servers, people["adjuster"])
    servers.goto(page, "/")
    to_adjust = page.locator("#inbox-adjust")
    expect(to_adjust).to_contain_text("Protokoll att justera")
    expect(to_adjust).to_contain_text("Kommunstyrelsen")
    to_adjust.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(re.escape(meeting_path)))
    page.get_by_label(re.compile(r"Din ändring av § 1")).fill(ADJUSTED)
    page.get_by_role("button", name=re.compile("Föreslå ändringen")).click()
    expect(page.locator("#justering")).to_contain_text("Väntar på sekreterarens svar.")
    switch_to(page, servers, people["secretary"])
    servers.goto(page, "/")
    expect(page.locator("#inbox-proposals")).to_contain_text(case.number)
    servers.goto(page, meeting_path)
    page.get_by_role("button", name="Godta ändringen").click()
    row = page.locator("#agenda tbody tr", has_text=case.number)
    expect(row).to_contain_text(ADJUSTED)
    minutes = page.request.get(
        servers.next() + reverse("cases:minutes-pdf", args=[meeting.pk])
    )
    assert minutes.ok and minutes.body().startswith(b"%PDF")
    minutes_text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(minutes.body())).pages
    )
    assert ADJUSTED in minutes_text and NOTED not in minutes_text

    # The ordförande and the justerare confirm, each with their own login.
    for signer in (people["chair"], people["adjuster"]):
        switch_to(page, servers, signer)
        servers.goto(page, meeting_path)
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Justera protokollet").click()
        expect(page.get_by_role("button", name="Justera protokollet")).to_have_count(0)
    expect(page.locator("#justering")).to_contain_text("Protokollet justerat")

    # The public, not logged in, sees the notice with the right last day to appeal.
    page.context.clear_cookies()
    servers.goto(page, "/anslagstavla/")
    notice = page.locator("article", has_text="Kommunstyrelsen")
    expect(notice).to_have_count(1)
    expected = appeal_period(timezone.localdate()).last_day
    # The day first; a day moved past a holiday says from which (julafton, say).
    expect(
        notice.locator("dt:has-text('Sista dag för överklagande') + dd")
    ).to_have_text(re.compile(rf"^\s*{expected:%Y-%m-%d}(\s|$)"))
    assert_no_axe_violations(page)

    # The secretary dispatches the decision; the log lists both recipients.
    switch_to(page, servers, people["secretary"])
    servers.goto(page, case_path)
    page.get_by_role("button", name="Expediera beslutet").click()
    log = page.locator("#dispatch table")
    expect(log.locator("caption")).to_have_text("Expedieringslogg")
    expect(log.locator("tbody tr")).to_have_count(2)
    expect(
        log.locator("tbody tr", has_text="Samverkan Stockholmsregionen")
    ).to_be_visible()
    expect(log.locator("tbody tr", has_text="Länsstyrelsen Stockholm")).to_contain_text(
        RECIPIENT_EMAIL
    )
    assert_no_axe_violations(page)
