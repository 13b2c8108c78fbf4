"""The light markup of document sections: what officials write and what survives."""

from ssr_portal.lib.markup import clean_source, plain_words, render


def test_blank_lines_make_paragraphs():
    assert render("Första stycket.\n\nAndra stycket.") == (
        "<p>Första stycket.</p>\n<p>Andra stycket.</p>"
    )


def test_lists_quotation_and_emphasis_render_as_html():
    html = render(
        "- ett\n- två\n\n1. första\n2. andra\n\n> Att tillsammans skapa *trygghet*"
    )
    assert "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>" in html
    assert "<ol>\n<li>första</li>\n<li>andra</li>\n</ol>" in html
    assert (
        "<blockquote>\n<p>Att tillsammans skapa <em>trygghet</em></p>\n</blockquote>"
        in html
    )


def test_an_inline_footnote_stays_where_it_is_called():
    html = render("regionala chefsgruppen^[Utgör inriktande nivå.] 10 mars 2023.")
    assert html == (
        '<p>regionala chefsgruppen<span class="footnote">Utgör inriktande nivå.</span>'
        " 10 mars 2023.</p>"
    )


def test_a_labelled_footnote_is_moved_to_its_call():
    html = render("Text[^1] här.\n\n[^1]: Notens text.")
    assert html == '<p>Text<span class="footnote">Notens text.</span> här.</p>'


def test_a_script_typed_in_the_text_is_kept_as_text_and_rendered_as_text():
    typed = "Före<script>alert(1)</script><style>p{}</style> efter"
    assert clean_source(typed) == typed
    assert render(typed) == (
        "<p>Före&lt;script&gt;alert(1)&lt;/script&gt;&lt;style&gt;p{}&lt;/style&gt;"
        " efter</p>"
    )


def test_event_attributes_never_become_markup():
    html = render(
        clean_source('<b onclick="alert(1)">fet</b> <img src=x onerror=alert(1)>')
    )
    assert "<b " not in html and "<img" not in html
    assert "&lt;b onclick=" in html


def test_angle_brackets_an_official_types_are_never_removed():
    """Issue 10: `Om a<b och b>c` was stored as `Om ac`, autolinks vanished and
    everything after an unclosed `<!--` or `<style>` was lost."""
    for typed in (
        "Om a<b och b>c",
        "Se <https://huddinge.se> eller skriv till <namn@huddinge.se>.",
        "Början <!-- och resten av texten",
        "Början <style> och resten av texten",
    ):
        assert clean_source(typed) == typed
        assert plain_words(typed)[-1] in render(typed)


def test_control_characters_are_dropped_but_tabs_and_lines_stay():
    assert clean_source("a\x00b\tc\r\nd\x07") == "ab\tc\nd"


def test_javascript_links_are_not_rendered_as_links():
    html = render("[klicka](javascript:alert(1)) och [SSR](https://ssr.example.se)")
    assert 'href="javascript' not in html
    assert '<a href="https://ssr.example.se" rel="noopener noreferrer">SSR</a>' in html


def test_typed_angle_brackets_and_ampersands_stay_text():
    assert clean_source("a < b & c") == "a < b & c"
    assert render("a < b & c") == "<p>a &lt; b &amp; c</p>"


def test_plain_words_ignore_the_markers():
    assert plain_words("> *Att* tillsammans^[not]") == ["Att", "tillsammans", "not"]


def test_a_subheading_within_a_section_is_one_level_below_the_section():
    assert render("### Kommunstyrelsens beslut\n\nText") == (
        "<h3>Kommunstyrelsens beslut</h3>\n<p>Text</p>"
    )
    assert render("# Stor rubrik").startswith("<h3>")


def test_items_the_editor_writes_with_enter_are_items_of_their_own():
    # Enter in an item starts "- " (numbered: the next number) on a new line.
    assert render("- Ledningsplatsen öppnas\n- Lägesbilden delas") == (
        "<ul>\n<li>Ledningsplatsen öppnas</li>\n<li>Lägesbilden delas</li>\n</ul>"
    )
    assert render("1. Först\n2. Sedan").count("<li>") == 2


def test_an_item_indented_by_the_width_of_its_parents_marker_is_a_nested_list():
    # What the editor's Tab writes: "- " is two signs wide, "1. " three.
    html = render("- Krisledning\n  - Ledningsplats\n  - Samband\n- Övning")
    assert html == (
        "<ul>\n<li>Krisledning\n<ul>\n<li>Ledningsplats</li>\n<li>Samband</li>\n"
        "</ul>\n</li>\n<li>Övning</li>\n</ul>"
    )
    numbered = render("1. Krisledning\n   1. Ledningsplats\n   2. Samband\n2. Övning")
    assert numbered.count("<ol>") == 2 and numbered.count("<li>") == 4
    assert "<ol>\n<li>Ledningsplats</li>\n<li>Samband</li>\n</ol>" in numbered
    mixed = render("1. Krisledning\n   - Ledningsplats\n2. Övning")
    assert "<li>Krisledning\n<ul>\n<li>Ledningsplats</li>\n</ul>\n</li>" in mixed


def test_the_list_ended_by_enter_on_an_empty_item_leaves_the_next_text_out():
    # Enter on an empty item: the marker goes and a blank line follows the list.
    assert render("- Ett\n- Två\n\nEfter listan.") == (
        "<ul>\n<li>Ett</li>\n<li>Två</li>\n</ul>\n<p>Efter listan.</p>"
    )
