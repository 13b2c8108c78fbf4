"""Plain text as people type it, made safe to store: line ends evened out and the
control characters dropped that no one types and a database refuses (PostgreSQL
cannot store a NUL). Everything else, angle brackets included, is kept."""

import re

# Control characters other than tab and line feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """The text with \\r\\n and \\r as \\n, without control characters, stripped."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
