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


def test_script_and_style_do_not_survive_the_source_cleaning():
    cleaned = clean_source("Före<script>alert(1)</script><style>p{}</style> efter")
    assert cleaned == "Före efter"


def test_event_attributes_do_not_survive():
    cleaned = clean_source('<b onclick="alert(1)">fet</b> <img src=x onerror=alert(1)>')
    assert "onclick" not in cleaned and "onerror" not in cleaned
    # Typed straight into render (never stored so), a tag stays escaped text.
    assert "<b " not in render('<b onclick="alert(1)">fet</b>')


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
