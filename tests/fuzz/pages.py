"""Reading the portal's pages as a browser would: the links to follow and the forms
to fill (Python's own HTML parser; the pages are the portal's, so well formed)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # "text", "textarea", "select", "checkbox", "radio", "hidden", ...
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)
    multipart: bool = False

    @property
    def key(self) -> tuple:
        return (self.action, tuple(sorted(self.fields)))


class PageParser(HTMLParser):
    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._group: list[Form] = []
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(urljoin(self.url, attributes["href"]))
        if tag == "form":
            # A form posts to its action, and with htmx also to its hx-post (the
            # editor's live preview): one Form each, sharing the fields.
            method = (attributes.get("method") or "get").lower()
            actions = []
            if method == "post":
                actions.append(attributes.get("action") or self.url)
            if attributes.get("hx-post"):
                actions.append(attributes["hx-post"])
            self._group = [
                Form(
                    page=self.url,
                    action=urljoin(self.url, action),
                    multipart="multipart" in (attributes.get("enctype") or ""),
                )
                for action in actions
            ]
            self.forms += self._group
            self._form = self._group[0] if self._group else None
            return
        if self._form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            existing = self._form.fields.get(name)
            if kind in {"radio", "checkbox"} and existing:
                existing.options.append(attributes.get("value") or "on")
                return
            self._form.fields[name] = Field(
                name,
                kind,
                attributes.get("value") or "",
                [attributes.get("value") or "on"]
                if kind in {"radio", "checkbox"}
                else [],
            )
        elif tag == "textarea" and name:
            self._textarea = self._form.fields[name] = Field(name, "textarea")
        elif tag == "select" and name:
            self._select = self._form.fields[name] = Field(name, "select")
        elif tag == "option" and self._select is not None:
            self._select.options.append(attributes.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            for other in self._group[1:]:
                other.fields = self._form.fields
            self._form = None
            self._group = []
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse(url: str, html: str) -> PageParser:
    parser = PageParser(url)
    parser.feed(html)
    return parser


def local_path(url: str) -> str | None:
    """The path (and query) of a link to the portal itself, or None."""
    parts = urlsplit(url)
    if parts.netloc not in {"", "testserver"}:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
