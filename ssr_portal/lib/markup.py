"""The light markup in which officials write a document's sections, and its HTML.

An official writes plain text in the browser; a small toolbar inserts the few markers:

    A blank line starts a new paragraph.
    - a bulleted item          1. a numbered item
      - an item indented under the one above (a nested list; the editor's Tab
        indents by the width of the parent's marker, "- " or "1. ")
    > an indented quotation
    *emphasis*  **strong**
    ### a subheading within the section
    chefsgruppen^[The footnote's text, right after the word it belongs to.]

The text is stored as it was typed (`clean_source` only evens out line ends and
drops control characters: angle brackets, ampersands and anything that looks like
HTML are text) and rendered once by `render` to sanitised HTML that the page preview and the PDF share. A footnote is
rendered where it is called, as `<span class="footnote">…</span>`: the print
stylesheet floats it to the foot of its page (`float: footnote`), the screen
stylesheet shows it as a numbered note.

Why plain text and not a rich-text editor: text pasted from Word arrives clean, the
versions of a document compare word by word, the form works without JavaScript, and
nothing in the stored text can carry a script.
"""

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from .text import clean_text

ALLOWED_TAGS = {
    "p",
    "h3",
    "ul",
    "ol",
    "li",
    "blockquote",
    "em",
    "strong",
    "span",
    "a",
    "br",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}  # span: classes below
ALLOWED_CLASSES = {"span": {"footnote"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _parser() -> MarkdownIt:
    # Raw HTML off: a "<script>" typed in the text stays text. Only what officials
    # need: a subheading within a section ("### …"); no code, images or tables.
    md = MarkdownIt(
        "commonmark", {"html": False, "linkify": False, "typographer": False}
    )
    md.disable(["lheading", "code", "fence", "image", "hr", "html_block"])
    md.disable(["html_inline", "backticks", "autolink"])
    # "&amp;" or "&sect;" typed in a section is what the official wrote, not a
    # character reference: shown as typed (the renderer escapes it).
    md.disable(["entity"])
    md.use(footnote_plugin)
    md.add_render_rule("footnote_ref", _footnote_in_place)
    return md


def _footnote_in_place(
    renderer: RendererHTML, tokens: list[Token], idx: int, options, env: dict
) -> str:
    """A footnote call renders as its note in place (the PDF floats it to the foot
    of the page). The notes come with this render's env, never from a shared
    place: renders in parallel threads must not see each other's notes."""
    note = env.get("ssr_notes", {}).get(tokens[idx].meta["id"], "")
    return f'<span class="footnote">{note}</span>'


_MD = _parser()


def clean_source(text: str) -> str:
    """The text as it is stored: what the official typed, with line ends
    normalised, control characters dropped and trailing space trimmed.

    Nothing typed is removed: `Om a<b och b>c`, `<https://huddinge.se>` or an
    unclosed `<!--` are text. The parser has raw HTML off and `render` sanitises
    what it makes, so no stored text can carry a tag into a page or a PDF."""
    return "\n".join(line.rstrip() for line in clean_text(text).split("\n")).strip()


def _inline_html(tokens: list[Token], env: dict) -> str:
    return _MD.renderer.render(tokens, _MD.options, env)


def render(text: str) -> str:
    """Render stored section text to sanitised HTML with footnotes in place."""
    env: dict = {}
    tokens = _MD.parse(text, env)
    notes: dict[int, str] = {}
    # Footnotes written as [^label] with a definition below: take their content
    # from the footnote block; inline ones (^[…]) carry their tokens in env.
    body: list[Token] = []
    in_block = False
    current: int | None = None
    parts: list[str] = []
    for token in tokens:
        if token.type == "footnote_block_open":
            in_block = True
        elif token.type == "footnote_block_close":
            in_block = False
        elif not in_block:
            if token.type in ("heading_open", "heading_close"):
                token.tag = "h3"  # sections are h2; any subheading is one level below
            body.append(token)
        elif token.type == "footnote_open":
            current, parts = token.meta["id"], []
        elif token.type == "footnote_close" and current is not None:
            notes[current] = " ".join(p for p in parts if p)
            current = None
        elif token.type == "inline" and current is not None:
            children = [c for c in token.children or [] if c.type != "footnote_anchor"]
            parts.append(_inline_html(children, env).strip())

    env["ssr_notes"] = notes
    return sanitise(_MD.renderer.render(body, _MD.options, env))


def sanitise(fragment: str) -> str:
    """The last guard: only the tags and attributes the markup can produce survive."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer",
    ).strip()


_WORD = re.compile(r"\w+", re.UNICODE)


def plain_words(text: str) -> list[str]:
    """The words of stored text without its markers (for search and comparison)."""
    return _WORD.findall(re.sub(r"[*>^\[\]]", " ", text))
