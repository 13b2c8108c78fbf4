"""Read a Word file (.docx) into a tjänsteskrivelse's title and sections: no
writes, the service is cases/services/docx_import.py.

mammoth reads the .docx into clean HTML by the paragraphs' *styles* (Heading 1,
Title, Quote, list numbering), with footnotes resolved; this module turns that
HTML into the section markup of ssr_portal/lib/markup.py:

    Title style                 → the document's title (if before any heading)
    Heading 1 and 2             → a section with that heading
    Heading 3 to 6              → "### " subheading within the section
    paragraph                   → paragraph (blank line between)
    bulleted / numbered list    → "- " / "1. " lines, nested lists indented
    bold / italic               → **…** / *…*
    footnote or endnote         → ^[…] right where Word's reference mark was
    Quote style, indented text  → "> " lines
    link                        → [text](address), for http(s) and mailto only
    table                       → one paragraph per row, cells joined by " – "
    image                       → left out (with a notice)

Text before the first heading goes into the first section. Characters that would
mean markup (a "*" in running text, a line starting with "#") are escaped, so the
text reads as it did in Word.
"""

import logging
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import cast

import mammoth
import mammoth.transforms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from ..models import Document, Section
from .documents import (
    MAX_SECTIONS,
    SectionInput,
)

logger = logging.getLogger(__name__)

# mammoth's own map comes after ours (headings, lists, bold, footnote text).
STYLE_MAP = """
p[style-name='Title'] => h1.title:fresh
p[style-name='title'] => h1.title:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
p[style-name='Quotations'] => blockquote > p:fresh
p[style-name='SSR indented'] => blockquote > p:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='List Paragraph'] => p:fresh
"""
_ID_PREFIX = "ssr-"
_NOTE_ID = re.compile(rf"^{_ID_PREFIX}(?:footnote|endnote)-")
_NOTE_BACKLINK = re.compile(rf"^#{_ID_PREFIX}(?:footnote|endnote)-ref-")
# A paragraph indented this far (twips; 567 = 1 cm) without list or style is a quotation.
INDENT_AS_QUOTE_TWIPS = 567
# The XML of a 25 MB .docx is rarely over a few MB unpacked; refuse a "zip bomb".
XML_MAX_BYTES = 50 * 1024 * 1024
# The main text of a 50-page report is well under a megabyte of XML and a few
# thousand paragraphs. Beyond these the file is refused before mammoth reads it,
# which bounds the time of an import (mammoth builds the whole document in memory,
# a few seconds per ten thousand paragraphs).
DOCUMENT_XML_MAX_BYTES = 10 * 1024 * 1024
MAX_PARAGRAPHS = 5_000
TITLE_MAX_LENGTH = Document._meta.get_field("title").max_length
# A CharField: its max_length is set (django-stubs types any field's as int | None).
SECTION_TITLE_MAX_LENGTH = cast(int, Section._meta.get_field("title").max_length)

_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|\d{1,9}(?=[.)](?:\s|$)))")


@dataclass
class ImportedDocument:
    """What a Word file holds, in our terms."""

    title: str | None
    sections: list[SectionInput]
    notices: list[str] = field(default_factory=list)


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list["_Node | str"] = field(default_factory=list)


_VOID = {"br", "img", "hr", "input", "wbr"}


class _TreeBuilder(HTMLParser):
    """mammoth's HTML (well formed, escaped) as a small tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self._stack = [self.root]

    def handle_starttag(self, tag, attrs) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self._stack[-1].children.append(node)
        if tag not in _VOID:
            self._stack.append(node)

    def handle_startendtag(self, tag, attrs) -> None:
        self._stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag) -> None:
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data) -> None:
        self._stack[-1].children.append(data)


def _parse(fragment: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(fragment)
    builder.close()
    return builder.root


def _escape_text(text: str) -> str:
    """Escape what the markup would read as markers inside running text."""
    text = text.replace("\\", "\\\\").replace("*", "\\*")
    # An underscore inside a word ("snake_case") never means emphasis.
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
    text = text.replace("^[", "^\\[").replace("![", "!\\[")
    return re.sub(r"\](?=[(\[:])", "\\]", text)


def _escape_line_start(line: str) -> str:
    """ "1. januari" typed at the start of a paragraph must not become a list."""
    stripped = line.lstrip()
    match = _BLOCK_START.match(stripped)
    if not match:
        return stripped
    marker = match.group(0)
    if marker[0].isdigit():  # "1." → "1\."
        return marker + "\\" + stripped[len(marker) :]
    return "\\" + stripped


def _wrap(text: str, marker: str) -> str:
    """**text** with the spaces outside the markers (else they do not count)."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def _plain(node: "_Node | str") -> str:
    """The text of a node without footnote marks (for headings and the title)."""
    if isinstance(node, str):
        return node
    if node.tag == "sup" and _is_note_reference(node):
        return ""
    return "".join(_plain(c) for c in node.children)


def _is_note_reference(node: _Node) -> bool:
    return any(
        isinstance(c, _Node) and c.tag == "a" and _note_id(c.attrs.get("href", ""))
        for c in node.children
    )


def _note_id(href: str) -> str:
    target = href[1:] if href.startswith("#") else ""
    return target if _NOTE_ID.match(target) else ""


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Converter:
    """Turns mammoth's HTML tree into sections of markup."""

    def __init__(self, root: _Node) -> None:
        self.root = root
        self.notes: dict[str, str] = {}
        self.images = 0
        self.tables = 0
        self._collect_notes(root)

    # Footnotes ---------------------------------------------------------------

    def _collect_notes(self, node: _Node) -> None:
        for child in node.children:
            if not isinstance(child, _Node):
                continue
            if child.tag == "li" and _NOTE_ID.match(child.attrs.get("id", "")):
                parts = [
                    self.inline(p.children if isinstance(p, _Node) else [p])
                    for p in child.children
                ]
                text = _one_line(" ".join(p for p in parts if p.strip()))
                # Inside ^[…] a bracket would end the note early.
                self.notes[child.attrs["id"]] = text.replace("[", "\\[").replace(
                    "]", "\\]"
                )
            else:
                self._collect_notes(child)

    def _is_notes_list(self, node: _Node) -> bool:
        items = [c for c in node.children if isinstance(c, _Node)]
        return bool(items) and all(
            c.tag == "li" and _NOTE_ID.match(c.attrs.get("id", "")) for c in items
        )

    # Inline ------------------------------------------------------------------

    def inline(self, nodes: list["_Node | str"]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                out.append(_escape_text(re.sub(r"[ \t\r\n]+", " ", node)))
                continue
            tag = node.tag
            if tag in ("strong", "b"):
                out.append(_wrap(self.inline(node.children), "**"))
            elif tag in ("em", "i"):
                out.append(_wrap(self.inline(node.children), "*"))
            elif tag == "br":
                out.append("\n")
            elif tag == "img":
                self.images += 1
            elif tag == "sup" and _is_note_reference(node):
                for child in node.children:
                    if isinstance(child, _Node) and child.tag == "a":
                        note = self.notes.get(_note_id(child.attrs.get("href", "")))
                        if note:
                            out.append(f"^[{note}]")
            elif tag == "a":
                href = node.attrs.get("href", "")
                if _NOTE_BACKLINK.match(href):
                    continue
                text = self.inline(node.children)
                if re.match(r"^(https?:|mailto:)", href, re.I) and text.strip():
                    label = text.strip().replace("[", "\\[").replace("]", "\\]")
                    out.append(f"[{label}]({href.replace(')', '%29')})")
                else:
                    out.append(text)
            else:  # s, sub, sup, span, u …: their text
                out.append(self.inline(node.children))
        return "".join(out)

    def paragraph(self, nodes: list["_Node | str"]) -> str:
        """Inline content as a paragraph: line breaks kept as hard breaks."""
        lines = [_one_line(line) for line in self.inline(nodes).split("\n")]
        lines = [_escape_line_start(line) for line in lines if line]
        return "\\\n".join(lines)

    # Blocks ------------------------------------------------------------------

    def blocks(self, nodes: list["_Node | str"]) -> list[str]:
        out: list[str] = []
        pending: list[_Node | str] = []  # loose inline content between blocks

        def flush() -> None:
            if pending:
                text = self.paragraph(pending)
                if text:
                    out.append(text)
                pending.clear()

        for node in nodes:
            if isinstance(node, str) or node.tag not in _BLOCK_TAGS:
                pending.append(node)
                continue
            flush()
            tag = node.tag
            if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt"):
                text = self.paragraph(node.children)
                if text and tag in ("h3", "h4", "h5", "h6"):
                    text = "### " + text.replace("\\\n", " ")
                if text:
                    out.append(text)
            elif tag in ("ul", "ol"):
                if self._is_notes_list(node):
                    continue
                lines = self.list_lines(node, "")
                if lines:
                    out.append("\n".join(lines))
            elif tag == "blockquote":
                inner = self.blocks(node.children)
                if inner:
                    quoted = [
                        "\n".join(f"> {line}".rstrip() for line in block.split("\n"))
                        for block in inner
                    ]
                    out.append("\n>\n".join(quoted))
            elif tag == "table":
                self.tables += 1
                out.extend(self.table_rows(node))
            else:  # div, dl, section …
                out.extend(self.blocks(node.children))
        flush()
        return out

    def list_lines(self, node: _Node, indent: str) -> list[str]:
        ordered = node.tag == "ol"
        lines: list[str] = []
        number = 0
        for item in node.children:
            if not isinstance(item, _Node) or item.tag != "li":
                continue
            number += 1
            marker = f"{number}. " if ordered else "- "
            inline_nodes = [
                c
                for c in item.children
                if isinstance(c, str) or c.tag not in ("ul", "ol", "p")
            ]
            for c in item.children:  # a list paragraph mammoth wrapped in <p>
                if isinstance(c, _Node) and c.tag == "p":
                    inline_nodes.extend([" ", *c.children])
            text = self.paragraph(inline_nodes)
            nested_indent = indent + " " * len(marker)
            if text:
                first, *rest = text.split("\n")
                lines.append(f"{indent}{marker}{first}")
                lines.extend(f"{nested_indent}{line}" for line in rest)
            else:
                number -= 1
                nested_indent = indent
            for child in item.children:
                if isinstance(child, _Node) and child.tag in ("ul", "ol"):
                    lines.extend(self.list_lines(child, nested_indent))
        return lines

    def table_rows(self, table: _Node) -> list[str]:
        rows: list[str] = []
        for row in _descendants(table, "tr"):
            cells = [
                _one_line(" ".join(self.blocks(cell.children)).replace("\\\n", " "))
                for cell in row.children
                if isinstance(cell, _Node) and cell.tag in ("td", "th")
            ]
            text = " – ".join(c for c in cells if c)
            if text:
                rows.append(text)
        return rows

    # Sections ----------------------------------------------------------------

    def document(self) -> ImportedDocument:
        title: str | None = None
        preamble: list[str] = []
        sections: list[tuple[str, list[str]]] = []
        for node in self.root.children:
            if (
                isinstance(node, _Node)
                and node.tag == "h1"
                and ("title" in node.attrs.get("class", "").split())
            ):
                text = _one_line(_plain(node))
                if title is None and not sections and not preamble and text:
                    title = text[:TITLE_MAX_LENGTH]
                    continue
            elif isinstance(node, _Node) and node.tag in ("h1", "h2"):
                heading = _one_line(_plain(node))
                if heading:
                    sections.append((_shorten(heading), self._note_blocks(node)))
                    continue
            blocks = self.blocks([node])
            (sections[-1][1] if sections else preamble).extend(blocks)
        if preamble:
            if sections:
                sections[0] = (sections[0][0], preamble + sections[0][1])
            else:
                sections.append((_("Imported text"), preamble))
        notices = []
        if self.images:
            notices.append(
                _("The Word file has %(count)d images; they were left out.")
                % {"count": self.images}
            )
        if self.tables:
            notices.append(
                _(
                    "The Word file has %(count)d tables; each row became a"
                    " paragraph. Check them."
                )
                % {"count": self.tables}
            )
        return ImportedDocument(
            title=title,
            sections=[
                SectionInput(title=heading, text="\n\n".join(blocks))
                for heading, blocks in sections
            ],
            notices=notices,
        )

    def _note_blocks(self, heading: _Node) -> list[str]:
        """A footnote on a heading: kept as the section's first paragraph."""
        notes = []
        for sup in _descendants(heading, "sup"):
            for a in _descendants(sup, "a"):
                note = self.notes.get(_note_id(a.attrs.get("href", "")))
                if note:
                    notes.append(f"^[{note}]")
        return ["".join(notes)] if notes else []


_BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "div",
    "dl",
    "dd",
    "dt",
    "section",
}


def _descendants(node: _Node, tag: str) -> list[_Node]:
    found = []
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag == tag:
                found.append(child)
            found.extend(_descendants(child, tag))
    return found


def _shorten(text: str) -> str:
    if len(text) <= SECTION_TITLE_MAX_LENGTH:
        return text
    return text[: SECTION_TITLE_MAX_LENGTH - 1].rstrip() + "…"


def _mark_indented(paragraph):
    """An indented paragraph of plain text (no list, no style) is a quotation."""
    indent = paragraph.indent
    try:
        start = int(float(indent.start)) if indent and indent.start else 0
    except ValueError:
        start = 0
    if (
        start >= INDENT_AS_QUOTE_TWIPS
        and paragraph.numbering is None
        and paragraph.style_name in (None, "Normal", "Body Text")
    ):
        return paragraph.copy(style_id="SSRIndented", style_name="SSR indented")
    return paragraph


def _check_unpacked_size(file: File) -> None:
    """Refuse, before anything is parsed, a file whose XML is too large unpacked
    or whose text has more paragraphs than a report has (counted in one streaming
    pass with expat: no tree is built)."""
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        unpacked = sum(
            info.file_size
            for info in archive.infolist()
            if info.filename.endswith((".xml", ".rels"))
        )
        if unpacked > XML_MAX_BYTES:
            raise ValidationError(
                _("The Word file is too large to import."), code="too_big"
            )
        try:
            main = archive.getinfo("word/document.xml")
        except KeyError:
            main = None
        if main is not None:
            if main.file_size > DOCUMENT_XML_MAX_BYTES:
                raise ValidationError(
                    _("The Word file is too large to import."), code="too_big"
                )
            with archive.open(main) as handle:
                paragraphs = _count_paragraphs(handle)
            if paragraphs > MAX_PARAGRAPHS:
                raise ValidationError(
                    _(
                        "The Word file has %(count)s paragraphs; an official report "
                        "imports at most %(limit)s. Import the report itself and "
                        "attach long material as a bilaga."
                    )
                    % {"count": paragraphs, "limit": MAX_PARAGRAPHS},
                    code="too_many_parts",
                )
    file.seek(0)


def _count_paragraphs(handle) -> int:
    """The w:p elements of document.xml, stopping just past the limit."""
    from xml.parsers import expat

    count = 0

    def start(name, attributes):
        nonlocal count
        if name.endswith("}p") or name == "w:p":
            count += 1
            if count > MAX_PARAGRAPHS:
                raise _Enough

    def doctype(*args):
        # Word writes no DTD; one in document.xml is entity expansion waiting.
        raise _Refused

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.ParseFile(handle)
    except _Enough:
        return count
    except _Refused:
        raise ValidationError(
            _(
                "The Word file could not be read. Open it in Word, save it again as .docx and try again."
            ),
            code="unreadable",
        ) from None
    except expat.ExpatError:
        return 0  # mammoth says it cannot read the file, with its own message
    return count


class _Enough(Exception):
    pass


class _Refused(Exception):
    pass


def docx_to_document(file: File) -> ImportedDocument:
    """Read a .docx (already checked as one) into a title, sections and notices.

    Raises ValidationError when the file cannot be read or holds no text.
    """
    _check_unpacked_size(file)
    try:
        file.seek(0)
        result = mammoth.convert_to_html(
            file,
            style_map=STYLE_MAP,
            id_prefix=_ID_PREFIX,
            transform_document=mammoth.transforms.paragraph(_mark_indented),
            # Images are never read: nothing of them goes into the text.
            convert_image=mammoth.images.img_element(lambda image: {}),
            include_embedded_style_map=False,
        )
        imported = _Converter(_parse(result.value)).document()
    except ValidationError:
        raise
    except Exception:  # a damaged file must be a message, never a 500
        logger.warning("Could not read a Word file", exc_info=True)
        raise ValidationError(
            _(
                "The Word file could not be read. Open it in Word, save it again as .docx and try again."
            ),
            code="unreadable",
        ) from None
    finally:
        file.seek(0)
    if not any(s.text.strip() for s in imported.sections) and not imported.title:
        raise ValidationError(_("The Word file holds no text."), code="empty")
    if len(imported.sections) > MAX_SECTIONS:
        raise ValidationError(
            _(
                "The Word file has %(count)d headings; an official report has at "
                "most %(limit)d sections. Mark only the report's section headings "
                "as Heading 1 or 2."
            )
            % {"count": len(imported.sections), "limit": MAX_SECTIONS},
            code="too_many_parts",
        )
    return imported
