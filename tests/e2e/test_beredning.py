"""The beredningsgång in a real browser: the official sets the fresh case's path
on the case page (arbetsutskott, then styrelse, reordered with the keyboard), the
secretary places it on the arbetsutskott's meeting, chooses the kind of decision
and sees the text follow it (htmx), and records the proposal to Kommunstyrelsen.
The pages pass axe and raise no JavaScript errors."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.models import Case, Consultation, Decision
from cases.services.meetings import meeting_create
from cases.services.workflow import case_approve, case_submit
from members.models import Board, User
from ssr_portal.demo import FRESH_CASE_TITLE
from tests.e2e.helpers import assert_no_axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fresh(demo) -> Case:
    return Case.objects.get(
        title=FRESH_CASE_TITLE, board__organisation__municipality_code="0126"
    )


def _add_step(page: Page, body: str, role: str) -> None:
    page.get_by_label("Organ", exact=True).select_option(label=body)
    page.get_by_label("Roll", exact=True).select_option(label=role)
    # By the keyboard: the button takes the focus and Enter submits.
    page.get_by_role("button", name="Lägg till steget").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"{body} lades till i beredningsgången.")).to_be_visible()


def test_the_path_is_set_and_the_first_body_proposes(
    page, live_server, fresh, js_errors
):
    base = live_server.url
    log_in(page, base, "handlaggare")
    page.goto(base + fresh.get_absolute_url())
    expect(page.get_by_role("heading", name="Beredningsgång")).to_be_visible()
    _add_step(page, "Kommunstyrelsen", "Beslut")
    _add_step(page, "Kommunstyrelsens arbetsutskott", "Beredning (förslag)")
    path = page.locator("#path tbody tr")
    expect(path.nth(0)).to_contain_text("Kommunstyrelsen")
    # The arbetsutskott prepares: moved up before the deciding styrelse.
    path.nth(1).get_by_role("button", name="Flytta upp").click()
    expect(path.nth(0)).to_contain_text("Kommunstyrelsens arbetsutskott")
    expect(path.nth(0)).to_contain_text("Näst på tur")
    assert_no_axe_violations(page)
    steps = list(fresh.consultations.order_by("position"))
    assert [step.role for step in steps] == [
        Consultation.Role.PREPARATION,
        Consultation.Role.DECISION,
    ]

    # The report approved (outside the browser: tests/e2e/test_approval.py).
    handler = User.objects.get(username="handlaggare")
    case_submit(case=fresh, user=handler)
    case_approve(
        case=Case.objects.get(pk=fresh.pk),
        user=User.objects.get(username="kommundirektor"),
    )
    secretary = User.objects.get(username="sekreterare")
    ksau = Board.objects.get(organisation=fresh.board.organisation, prefix="KSAU")
    meeting = meeting_create(
        board=ksau,
        user=secretary,
        meeting_date=datetime.date.today(),
        start_time=datetime.time(9),
        place="Sammanträdesrum Hörningsnäs",
    )

    page.context.clear_cookies()
    log_in(page, base, "sekreterare")
    page.goto(base + meeting.get_absolute_url())
    page.get_by_label("Godkänt ärende").select_option(
        label=f"{fresh.number} {fresh.title}"
    )
    page.get_by_role("button", name="För upp på föredragningslistan").click()
    expect(
        page.locator("#agenda, main").get_by_role("link", name=fresh.number).first
    ).to_be_visible()
    page.locator(f"tr:has-text('{fresh.number}')").get_by_role(
        "link", name="Registrera beslutet"
    ).click()

    text = page.get_by_label("Beslutstext")
    expect(page.get_by_label("Förslag till annat organ")).to_be_checked()
    assert text.input_value().startswith(
        "Kommunstyrelsens arbetsutskott föreslår Kommunstyrelsen besluta att"
    )
    assert_no_axe_violations(page)
    # Another kind: the text follows it, swapped in by htmx.
    page.get_by_label("Läggs till handlingarna").check()
    expect(page.get_by_label("Beslutstext")).to_have_value(
        "Kommunstyrelsens arbetsutskott beslutar att lägga informationen till "
        "handlingarna."
    )
    page.get_by_label("Förslag till annat organ").check()
    expect(page.get_by_label("Beslutstext")).to_contain_text(
        "föreslår Kommunstyrelsen besluta att"
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Registrera beslutet").click()
    expect(
        page.get_by_text(f"Beslutet i {fresh.number} har registrerats.")
    ).to_be_visible()
    decision = Decision.objects.get(item__meeting=meeting)
    assert decision.kind == Decision.Kind.PROPOSE
    assert decision.proposed_to.prefix == "KS"
    js_errors.assert_none()
