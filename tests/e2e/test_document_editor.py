"""Writing a tjänsteskrivelse as in Word (issue 13): lists that go on with Enter
and nest with Tab, a toolbar that shows what the cursor stands in, paste from
Word, and the signs of the markup shown lightly behind the text."""

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from cases.models import Section
from cases.services import case_register
from members.models import Board, User
from tests.e2e.helpers import assert_no_axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUMMARY = "#id_sections-1-text"
DESCRIPTION = "#id_sections-2-text"


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


def _open_editor(page, live_server, case) -> None:
    log_in(page, live_server.url, "handlaggare")
    page.goto(live_server.url + case.get_absolute_url())
    start_url = reverse("cases:document-start", args=[case.pk])
    page.locator(f'form[action="{start_url}"] button[type="submit"]').click()
    expect(page).to_have_url(
        live_server.url + reverse("cases:document-edit", args=[case.pk])
    )


def _caret_after(textarea, text: str) -> None:
    """Put the cursor right after `text` (its first occurrence) in the textarea."""
    textarea.evaluate(
        """(element, text) => {
            const at = element.value.indexOf(text) + text.length;
            element.focus();
            element.setSelectionRange(at, at);
        }""",
        text,
    )


def test_enter_and_tab_write_lists_as_in_word(page, live_server, new_case, js_errors):
    _open_editor(page, live_server, new_case)
    summary = page.locator(SUMMARY)
    summary.click()

    # Enter at the end of an item starts the next one; Enter on an empty item
    # ends the list, and the text after it is a paragraph of its own.
    page.keyboard.type("- Ledningsplatsen öppnas")
    page.keyboard.press("Enter")
    page.keyboard.type("Lägesbilden delas")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Efter listan.")
    expect(summary).to_have_value(
        "- Ledningsplatsen öppnas\n- Lägesbilden delas\n\nEfter listan."
    )
    # A numbered item counts on.
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("1. Larmet går")
    page.keyboard.press("Enter")
    page.keyboard.type("Staben samlas")
    expect(summary).to_have_value(
        "- Ledningsplatsen öppnas\n- Lägesbilden delas\n\nEfter listan.\n\n"
        "1. Larmet går\n2. Staben samlas"
    )
    # An item put in between: the items after it count on.
    _caret_after(summary, "Larmet går")
    page.keyboard.press("Enter")
    page.keyboard.type("Chefen kallas")
    expect(summary).to_have_value(
        "- Ledningsplatsen öppnas\n- Lägesbilden delas\n\nEfter listan.\n\n"
        "1. Larmet går\n2. Chefen kallas\n3. Staben samlas"
    )

    preview = page.locator("#doc-preview")
    expect(preview.locator("ul > li")).to_have_count(2)
    expect(preview.locator("ol > li")).to_have_count(3)
    expect(preview.locator("li", has_text="Lägesbilden delas")).not_to_contain_text(
        "Ledningsplatsen"
    )

    # Tab indents the item under the one above, Shift+Tab moves it back out;
    # Enter in a nested item stays at its level.
    description = page.locator(DESCRIPTION)
    description.click()
    page.keyboard.type("- Krisledning")
    page.keyboard.press("Enter")
    page.keyboard.type("Ledningsplats")
    page.keyboard.press("Tab")
    expect(description).to_be_focused()
    expect(description).to_have_value("- Krisledning\n  - Ledningsplats")
    expect(page.locator("#id_sections-2-text-list-hint")).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.type("Samband")
    expect(description).to_have_value("- Krisledning\n  - Ledningsplats\n  - Samband")
    page.keyboard.press("Shift+Tab")
    expect(description).to_be_focused()
    expect(description).to_have_value("- Krisledning\n  - Ledningsplats\n- Samband")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty nested item goes one level out
    expect(description).to_have_value(
        "- Krisledning\n  - Ledningsplats\n  - Samband\n- "
    )
    page.keyboard.type("Övning")
    expect(preview.locator("li li")).to_have_count(2)
    expect(
        preview.locator("li", has_text="Krisledning").locator("ul > li")
    ).to_have_count(2)

    # No keyboard trap (WCAG 2.1.2): Esc, then Tab leaves a list item; Tab in
    # a paragraph, and on a first item that has nothing to go under, moves on.
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(description).not_to_be_focused()
    expect(description).to_have_value(
        "- Krisledning\n  - Ledningsplats\n  - Samband\n- Övning"
    )
    _caret_after(summary, "Efter listan.")
    page.keyboard.press("Tab")
    expect(summary).not_to_be_focused()
    _caret_after(summary, "- Ledningsplatsen")
    page.keyboard.press("Tab")
    expect(summary).not_to_be_focused()
    expect(summary).to_have_value(
        "- Ledningsplatsen öppnas\n- Lägesbilden delas\n\nEfter listan.\n\n"
        "1. Larmet går\n2. Chefen kallas\n3. Staben samlas"
    )
    assert_no_axe_violations(page)

    # Saved, the items are items of their own on the page and in the PDF.
    page.locator('button[name="action"][value="save"]').first.click()
    expect(page).to_have_url(
        live_server.url + reverse("cases:document", args=[new_case.pk])
    )
    saved = Section.objects.get(document__case=new_case, title="Sammanfattning")
    assert saved.html.count("<li>") == 5
    assert "<li>Ledningsplatsen öppnas</li>" in saved.html
    assert "<li>Lägesbilden delas</li>" in saved.html
    nested = Section.objects.get(
        document__case=new_case, title="Beskrivning av ärendet"
    )
    assert "<ul>\n<li>Ledningsplats</li>\n<li>Samband</li>\n</ul>" in nested.html
    response = page.request.get(
        live_server.url + reverse("cases:document-pdf", args=[new_case.pk])
    )
    assert response.ok
    lines = [
        line
        for pdf_page in PdfReader(io.BytesIO(response.body())).pages
        for line in pdf_page.extract_text().splitlines()
    ]
    first = [line for line in lines if "Ledningsplatsen öppnas" in line]
    second = [line for line in lines if "Lägesbilden delas" in line]
    assert len(first) == len(second) == 1, lines
    assert first != second, "the two items were printed as one"
    js_errors.assert_none()


def test_the_toolbar_shows_what_the_cursor_stands_in(
    page, live_server, new_case, js_errors
):
    _open_editor(page, live_server, new_case)
    summary = page.locator(SUMMARY)
    summary.fill(
        "### Bakgrund\n\nVanlig **fet** och *kursiv* text.\n\n> Ett citat\n\n- En punkt"
        "\n\n1. Ett steg^[En fotnot.]"
    )
    toolbar = page.locator("#section-1 [data-markup-toolbar]")

    def pressed() -> set[str]:
        return {
            button.get_attribute("data-markup")
            for button in toolbar.locator('button[aria-pressed="true"]').all()
        }

    for after, expected in [
        ("### Bak", {"subheading"}),
        ("Vanlig", set()),
        ("**fe", {"bold"}),
        ("*kurs", {"italic"}),
        ("> Ett", {"quote"}),
        ("- En", {"bullet"}),
        ("1. Ett", {"number"}),
    ]:
        _caret_after(summary, after)
        # Wait for this caret's state (the count alone may still be the last one's).
        for name in expected:
            expect(toolbar.locator(f'[data-markup="{name}"]')).to_have_attribute(
                "aria-pressed", "true"
            )
        expect(toolbar.locator('button[aria-pressed="true"]')).to_have_count(
            len(expected)
        )
        assert pressed() == expected, after
    # Every toggle says whether it is pressed; the footnote button inserts only.
    expect(toolbar.locator("button[aria-pressed]")).to_have_count(6)
    expect(toolbar.locator('[data-markup="footnote"]')).not_to_have_attribute(
        "aria-pressed", re.compile(".*")
    )

    # A pressed button takes its signs away again.
    _caret_after(summary, "**fe")
    toolbar.locator('[data-markup="bold"]').click()
    expect(summary).to_have_value(
        "### Bakgrund\n\nVanlig fet och *kursiv* text.\n\n> Ett citat\n\n- En punkt"
        "\n\n1. Ett steg^[En fotnot.]"
    )
    expect(toolbar.locator('[data-markup="bold"]')).to_have_attribute(
        "aria-pressed", "false"
    )
    page.keyboard.press("Control+b")
    expect(toolbar.locator('[data-markup="bold"]')).to_have_attribute(
        "aria-pressed", "true"
    )

    # The signs are tinted behind the text, in a layer screen readers skip.
    backdrop = page.locator("#section-1 .markup-backdrop")
    expect(backdrop).to_have_attribute("aria-hidden", "true")
    signs = backdrop.locator(".markup-sign").all_text_contents()
    assert signs[:2] == ["### ", "**"]
    assert {"> ", "- ", "1. ", "^[", "]"} <= set(signs)
    expect(backdrop.locator(".markup-note")).to_have_text("En fotnot.")
    box = summary.bounding_box()
    behind = backdrop.bounding_box()
    assert all(abs(box[key] - behind[key]) < 1 for key in box), (box, behind)
    assert backdrop.evaluate("e => e.textContent.replace('\\u200b', '')") == (
        summary.input_value()
    )
    expect(page.get_by_label("Text", exact=True).nth(1)).to_have_id(
        "id_sections-1-text"
    )
    assert_no_axe_violations(page)
    js_errors.assert_none()


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta name=Generator content="Microsoft Word 15">
<style><!-- p.MsoNormal {margin:0cm; font-size:12.0pt;} --></style></head>
<body lang=SV style='tab-interval:65.2pt;word-wrap:break-word'>
<!--StartFragment-->
<h2>Bakgrund<o:p></o:p></h2>
<p class=MsoNormal>Kommunen ska <b>stärka</b> sin <i>krisberedskap</i>.<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Ledningsplatsen
öppnas<o:p></o:p></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span
style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Reservkraften
provas<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Lägesbilden
<b>delas</b><o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoHeading3>Förslag<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span><![endif]>Kommunstyrelsen beslutar<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span><![endif]>Beslutet justeras omedelbart<o:p></o:p></p>
<!--EndFragment-->
</body></html>"""

WORD_MARKUP = (
    "### Bakgrund\n\n"
    "Kommunen ska **stärka** sin *krisberedskap*.\n\n"
    "- Ledningsplatsen öppnas\n"
    "  - Reservkraften provas\n"
    "- Lägesbilden **delas**\n\n"
    "### Förslag\n\n"
    "1. Kommunstyrelsen beslutar\n"
    "2. Beslutet justeras omedelbart"
)

PASTE = """([selector, html, text]) => {
    const element = document.querySelector(selector);
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
    const data = new DataTransfer();
    data.setData("text/html", html);
    data.setData("text/plain", text);
    element.dispatchEvent(new ClipboardEvent("paste", {
        clipboardData: data, bubbles: true, cancelable: true,
    }));
}"""


def test_text_pasted_from_word_becomes_our_markup(
    page, live_server, new_case, js_errors
):
    _open_editor(page, live_server, new_case)
    description = page.locator(DESCRIPTION)
    description.fill("Inledning.")
    page.evaluate(PASTE, [DESCRIPTION, WORD_HTML, "ignored plain text"])
    expect(description).to_have_value("Inledning.\n\n" + WORD_MARKUP)
    preview = page.locator("#doc-preview")
    expect(preview.locator("h3", has_text="Bakgrund")).to_be_visible()
    expect(preview.locator("li li")).to_have_text("Reservkraften provas")
    expect(preview.locator("ol > li")).to_have_count(2)
    expect(preview.locator("strong", has_text="stärka")).to_be_visible()

    # The conversion is a pure function of the HTML.
    convert = "html => window.ssrMarkup.fromHtml(html)"
    assert page.evaluate(convert, WORD_HTML) == WORD_MARKUP
    cases = {
        # A web page's lists, headings and emphasis.
        "<h1>Rubrik</h1><p>Text med <strong>fetstil</strong> och <em>kursiv</em>.</p>"
        "<ol start='3'><li>Tre</li><li>Fyra<ul><li>Under</li></ul></li></ol>"
        "<blockquote><p>Citat</p></blockquote>": (
            "### Rubrik\n\nText med **fetstil** och *kursiv*.\n\n"
            "3. Tre\n4. Fyra\n   - Under\n\n> Citat"
        ),
        # Google Docs wraps everything in a <b> that is not bold.
        '<b style="font-weight:normal;" id="docs-internal-guid-1"><p>'
        '<span style="font-weight:700">Viktigt</span>: läs.</p></b>': (
            "**Viktigt**: läs."
        ),
        # Word's footnotes come along as ^[…], right after their word.
        '<p class=MsoNormal>Chefsgruppen<a href="#_ftn1" name="_ftnref1">'
        "<span class=MsoFootnoteReference>[1]</span></a> beslutar.</p>"
        '<div style="mso-element:footnote-list"><div style="mso-element:footnote"'
        ' id=ftn1><p class=MsoFootnoteText><a href="#_ftnref1" name="_ftn1">'
        "[1]</a> Regionala chefsgruppen.</p></div></div>": (
            "Chefsgruppen^[Regionala chefsgruppen.] beslutar."
        ),
        # Nothing that looks like HTML survives as a tag; a script is not run.
        "<p>a &lt;b&gt; c<script>window.pasted = 1</script></p>": "a <b> c",
    }
    for html, markup in cases.items():
        assert page.evaluate(convert, html) == markup, html
    assert page.evaluate("typeof window.pasted") == "undefined"

    # Plain text (no HTML on the clipboard) is left to the browser's own paste.
    summary = page.locator(SUMMARY)
    summary.fill("")
    page.evaluate(
        """selector => {
            const element = document.querySelector(selector);
            const data = new DataTransfer();
            data.setData("text/plain", "- bara text");
            const event = new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true,
            });
            element.dispatchEvent(event);
            window.pasteTaken = event.defaultPrevented;
        }""",
        SUMMARY,
    )
    assert page.evaluate("window.pasteTaken") is False
    js_errors.assert_none()
