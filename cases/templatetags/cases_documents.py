"""Template tags of the tjänsteskrivelse pages: links to referenced cases in the
screen HTML, the word diff, and the report's panel on the case page."""

import re

from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cases.diff import DELETE, EQUAL, INSERT

register = template.Library()

_TAG = re.compile(r"(<[^>]*>)")
_ANCHOR_OPEN = re.compile(r"<a[\s>]", re.IGNORECASE)
_ANCHOR_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
# Between the parts of a case number: any space, also the no-break space that text
# pasted from Word often has ("KS 2014/195"), which the sanitiser writes "&nbsp;".
_SPACE = r"(?:\s|\u00a0|&nbsp;|&#160;)+"
_NO_BREAK = re.compile(r"&nbsp;|&#160;|\u00a0")


def _key(number: str) -> str:
    return " ".join(_NO_BREAK.sub(" ", number).split()).casefold()


@register.filter
def link_cases(html: str, links: dict[str, str] | None) -> SafeString:
    """Make every mention of a referenced case's number in the HTML a link to its
    page. `links` maps case numbers to URLs. Only text is touched: not tags, not
    text already inside a link. For the screen only; the PDF keeps plain text."""
    html = conditional_escape(html)
    if not links:
        return html
    urls = {_key(number): url for number, url in links.items()}
    alternatives = [
        _SPACE.join(re.escape(escape(part)) for part in number.split())
        for number in sorted(links, key=len, reverse=True)
    ]
    pattern = re.compile(
        r"(?<![\w/])(?:" + "|".join(alternatives) + r")(?![\w/])", re.IGNORECASE
    )

    def link(match: re.Match) -> str:
        text = match.group(0)
        url = urls.get(_key(text))
        if url is None:
            return text
        # The matched text is already escaped HTML (it came from `html`).
        return format_html(
            '<a class="doc-case-link" href="{}">{}</a>', url, mark_safe(text)
        )

    parts = []
    depth = 0
    for part in _TAG.split(str(html)):
        if part.startswith("<"):
            if _ANCHOR_OPEN.match(part):
                depth += 1
            elif _ANCHOR_CLOSE.match(part):
                depth = max(0, depth - 1)
            parts.append(part)
        elif depth == 0 and part:
            parts.append(pattern.sub(link, part))
        else:
            parts.append(part)
    return mark_safe("".join(parts))


@register.filter
def render_diff(ops: list[tuple[str, str]]) -> SafeString:
    """A word diff as HTML: <del> struck through and <ins> underlined (visible
    without colour), each opened by hidden text for screen readers."""
    pieces = []
    for kind, text in ops:
        if kind == EQUAL:
            pieces.append(escape(text))
            continue
        tag = "del" if kind == DELETE else "ins"
        css = "diff-del" if kind == DELETE else "diff-ins"
        if kind not in (DELETE, INSERT):
            continue
        if text.isspace() and "\n" in text:
            spoken = (
                _("removed: paragraph break")
                if kind == DELETE
                else _("added: paragraph break")
            )
            pieces.append(
                format_html(
                    '<{tag} class="{css} diff-break"><span class="ds-sr-only">'
                    '{spoken}</span><span aria-hidden="true">¶</span>{text}</{tag}>',
                    tag=tag,
                    css=css,
                    spoken=spoken,
                    text=text,
                )
            )
            continue
        spoken = _("removed:") if kind == DELETE else _("added:")
        pieces.append(
            format_html(
                '<{tag} class="{css}"><span class="ds-sr-only">{spoken} </span>'
                "{text}</{tag}>",
                tag=tag,
                css=css,
                spoken=spoken,
                text=text,
            )
        )
    return mark_safe("".join(pieces))


@register.inclusion_tag("cases/document/partials/detail_panel.html", takes_context=True)
def official_report_panel(context, case, document, may_change: bool) -> dict:
    """The case page's panel: a link to the report, or the button that starts it.
    The view reads the document with the case (no query here)."""
    return {
        "case": case,
        "document": document,
        "may_change": may_change,
        "csrf_token": context.get("csrf_token"),
    }
