"""Fail when a Swedish catalogue has untranslated or fuzzy entries.

The English msgid is what a Swede would see where a translation is missing, so
CI refuses it (STYLE.md §7). Usage: check_messages.py locale/sv/LC_MESSAGES/django.po
"""

import re
import sys
from pathlib import Path


def problems(po_text: str) -> list[str]:
    found = []
    for entry in po_text.split("\n\n"):
        lines = [line for line in entry.splitlines() if not line.startswith("#~")]
        text = "\n".join(lines)
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', text, re.M)
        if not msgid or msgid.group(1).strip() == '""':
            continue
        if any(line.startswith("#,") and "fuzzy" in line for line in lines):
            found.append(f"fuzzy: {msgid.group(1).strip()}")
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', text, re.M)
        if not strs or any(s.strip() == '""' for s in strs):
            found.append(f"untranslated: {msgid.group(1).strip()}")
    return found


if __name__ == "__main__":
    result = []
    for path in sys.argv[1:]:
        result += [f"{path}: {p}" for p in problems(Path(path).read_text("utf-8"))]
    print("\n".join(result) or "All Swedish messages are translated.")
    sys.exit(1 if result else 0)
