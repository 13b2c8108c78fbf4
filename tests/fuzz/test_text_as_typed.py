"""Text comes back as it was typed (Hypothesis): whatever an official types into a
section, a case or a meeting — angle brackets, ampersands, entities, quotes, things
that look like HTML — is stored as typed and read back as typed, in the page and in
the API. Only line ends are evened out, control characters dropped and the ends
stripped (ssr_portal/lib/text.py)."""

from html.parser import HTMLParser

from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ssr_portal.lib.markup import clean_source, render
from ssr_portal.lib.text import clean_text
from tests.factories import CaseFactory

SETTINGS = hypothesis_settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
# Letters (Swedish too), digits, spaces and everything that means something in HTML.
PLAIN = st.text(
    st.sampled_from(list("abcåäöÅÄÖxyz 0123456789<>&;\"'/=!?:.,()@%+{}|$~")),
    min_size=1,
    max_size=80,
)
# A line the markup reads as a paragraph: not a list item ("- ", "+ ", "1. "),
# quotation or heading.
PARAGRAPH = PLAIN.filter(lambda line: line.strip()[:1] not in set("0123456789+>"))


class TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def text_of(html: str) -> str:
    parser = TextOf()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


@SETTINGS
@given(PARAGRAPH)
@example("Om a<b och b>c")
@example("<https://huddinge.se> och <namn@huddinge.se>")
@example("före <!-- efter")
@example("före <style> efter")
@example("&amp; &lt;b&gt; &copy; &#169;")
def test_a_paragraph_reads_as_typed(typed):
    stored = clean_source(typed)
    assert stored == typed.strip()
    assert text_of(render(stored)) == " ".join(typed.split())


@SETTINGS
@given(st.text(max_size=200))
def test_plain_text_keeps_everything_but_control_characters(typed):
    kept = clean_text(typed)
    assert "\x00" not in kept
    assert kept == kept.strip()
    for character in typed.replace("\r", "\n"):
        if character.isprintable() and not character.isspace():
            assert character in kept


TYPED = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=120
).filter(lambda text: text.strip())


def test_a_case_title_and_description_read_as_typed(client, alice, ks):
    """Through the case's edit form, as an official types them; the case page shows
    them as text."""
    public_case = CaseFactory(board=ks, handler=alice)
    client.force_login(alice)

    @hypothesis_settings(
        max_examples=40,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(title=TYPED, description=TYPED)
    @example(title="Om a<b och b>c", description="<script>alert(1)</script> &amp;")
    def edit(title, description):
        response = client.post(
            f"/cases/{public_case.pk}/edit/",
            {
                "title": title,
                "kind": public_case.kind,
                "handler": alice.pk,
                "secrecy": public_case.secrecy,
                "description": description,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        public_case.refresh_from_db()
        assert public_case.title == title.strip()
        assert public_case.description == description.strip()
        page = text_of(client.get(f"/cases/{public_case.pk}/").content.decode())
        assert " ".join(title.split()) in page
        assert " ".join(description.split()) in page

    edit()
