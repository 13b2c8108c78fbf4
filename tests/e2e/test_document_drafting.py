"""An official drafts a new case's tjänsteskrivelse in a real browser: the toolbar,
the live preview, saving, and the PDF that comes out of it."""

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from cases.services import case_register
from members.models import Board, User
from tests.e2e.helpers import assert_no_axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_case(demo):
    official = User.objects.get(username="handlaggare")
    return case_register(
        board=Board.objects.get(organisation=official.organisation, prefix="KS"),
        title="Övning av krisledningen 2026",
        kind="decision",
        handler=official,
        registered_by=official,
    )


def _select_text(textarea, text: str) -> None:
    """Select `text` in the textarea, as a person does with the mouse."""
    textarea.evaluate(
        """(element, text) => {
            const start = element.value.indexOf(text);
            element.focus();
            element.setSelectionRange(start, start + text.length);
        }""",
        text,
    )


def test_an_official_drafts_a_report_and_downloads_it_as_pdf(
    page, live_server, new_case, js_errors
):
    log_in(page, live_server.url, "handlaggare")
    page.goto(live_server.url + new_case.get_absolute_url())
    start_url = reverse("cases:document-start", args=[new_case.pk])
    page.locator(f'form[action="{start_url}"] button[type="submit"]').click()
    expect(page).to_have_url(
        live_server.url + reverse("cases:document-edit", args=[new_case.pk])
    )
    assert_no_axe_violations(page)

    # Section 2 (Sammanfattning): a paragraph and a bulleted list, by the toolbar.
    summary = page.locator("#id_sections-1-text")
    summary.click()
    page.keyboard.type(
        "Övningen prövar krisledningen.\n\nLedningsplatsen öppnas\nLägesbilden delas"
    )
    _select_text(summary, "Ledningsplatsen öppnas\nLägesbilden delas")
    page.locator('#section-1 [data-markup="bullet"]').click()
    expect(summary).to_have_value(
        "Övningen prövar krisledningen.\n\n- Ledningsplatsen öppnas\n- Lägesbilden delas"
    )

    # Section 3 (Beskrivning av ärendet): a quotation and a footnote.
    description = page.locator("#id_sections-2-text")
    description.click()
    page.keyboard.type("Målsättningen lyder:\n\n")
    page.locator('#section-2 [data-markup="quote"]').click()
    page.keyboard.type("Att tillsammans skapa trygghet i regionen.")
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\nBeslutet fattas av chefsgruppen")
    page.locator('#section-2 [data-markup="footnote"]').click()
    page.keyboard.type("Regionala chefsgruppen, inriktande nivå.")
    page.keyboard.press("Control+End")
    page.keyboard.type(" i mars.")
    expect(description).to_have_value(
        "Målsättningen lyder:\n\n> Att tillsammans skapa trygghet i regionen.\n\n"
        "Beslutet fattas av chefsgruppen^[Regionala chefsgruppen, inriktande nivå.]"
        " i mars."
    )

    # The live preview shows the unsaved text, rendered.
    preview = page.locator("#doc-preview")
    expect(preview.locator("li", has_text="Lägesbilden delas")).to_be_visible()
    expect(preview.locator("blockquote")).to_contain_text("skapa trygghet")
    expect(preview.locator(".footnote")).to_have_text(
        "Regionala chefsgruppen, inriktande nivå."
    )
    expect(page.locator("#preview-status")).not_to_be_empty()
    assert_no_axe_violations(page)

    page.locator('button[name="action"][value="save"]').first.click()
    document_url = reverse("cases:document", args=[new_case.pk])
    expect(page).to_have_url(live_server.url + document_url)
    expect(page.locator("article.doc")).to_contain_text("Lägesbilden delas")
    assert_no_axe_violations(page)

    response = page.request.get(
        live_server.url + reverse("cases:document-pdf", args=[new_case.pk])
    )
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages
    )
    text = re.sub(r"\s+", " ", text)
    written = [
        "Övning av krisledningen 2026",
        "Sammanfattning",
        "Övningen prövar krisledningen.",
        "Ledningsplatsen öppnas",
        "Lägesbilden delas",
        "Beskrivning av ärendet",
        "Målsättningen lyder:",
        "Att tillsammans skapa trygghet i regionen.",
        "Beslutet fattas av chefsgruppen",
        "i mars.",
    ]
    positions = [text.find(phrase) for phrase in written]
    assert -1 not in positions, dict(zip(written, positions, strict=True))
    assert positions == sorted(positions), dict(zip(written, positions, strict=True))
    assert "Regionala chefsgruppen, inriktande nivå." in text
    js_errors.assert_none()


def test_sections_move_by_keyboard_without_losing_text_or_focus(
    page, live_server, new_case, js_errors
):
    log_in(page, live_server.url, "handlaggare")
    page.goto(live_server.url + new_case.get_absolute_url())
    start_url = reverse("cases:document-start", args=[new_case.pk])
    page.locator(f'form[action="{start_url}"] button[type="submit"]').click()
    page.locator("#id_sections-1-text").fill("Text som inte är sparad.")
    page.locator("#section-1-down").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#section-2-down")).to_be_focused()
    expect(page.locator("#id_sections-2-title")).to_have_value("Sammanfattning")
    expect(page.locator("#id_sections-2-text")).to_have_value(
        "Text som inte är sparad."
    )
    # The formatting buttons are one tab stop; the arrow keys move between them.
    page.locator('#section-0 [data-markup="bold"]').focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator('#section-0 [data-markup="italic"]')).to_be_focused()
    assert_no_axe_violations(page)
    js_errors.assert_none()
