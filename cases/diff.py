"""What changed between two versions of a document, section by section, word by word.

A version's content is `{"title": str, "sections": [{"id", "title", "text"}, …]}`
(`services.documents.document_content`). Sections are paired by their id, then by
heading, then, in order, by how alike their texts are; a pair whose heading differs
is a renamed section. Texts are compared as words, spaces and punctuation with
difflib, so that changing one word shows that word removed and its replacement
added, not the whole line.
"""

import difflib
import re
from dataclasses import dataclass, field

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

# Words (letters and digits, å, ä, ö included), runs of space, single other signs.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)

# Texts at least this alike (difflib ratio) count as the same section renamed.
RENAMED_SIMILARITY = 0.5

Ops = list[tuple[str, str]]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _unchanged(text: str) -> Ops:
    """What word_diff gives for a text compared with itself, without the work."""
    return [(EQUAL, text)] if text else []


def word_diff(old: str, new: str) -> Ops:
    """The changes from `old` to `new` as (kind, text) pieces, kind being "equal",
    "delete" or "insert"; a replaced run is its deletion followed by its insertion.

    Only the space between two changed words is folded into the change, so that
    "a b c" → "a x y" reads as one change "b c" → "x y"."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    chunks: list[tuple[str, str, str]] = []  # (kind, old text, new text)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        chunks.append((tag, "".join(a[i1:i2]), "".join(b[j1:j2])))
    # Fold an equal run of pure space between two changes into the change.
    merged: list[tuple[str, str, str]] = []
    for index, (tag, old_text, new_text) in enumerate(chunks):
        between_changes = (
            tag == "equal"
            and old_text.isspace()
            and 0 < index < len(chunks) - 1
            and merged
            and merged[-1][0] != "equal"
            and chunks[index + 1][0] != "equal"
        )
        if between_changes or (tag != "equal" and merged and merged[-1][0] == "change"):
            _kind, previous_old, previous_new = merged.pop()
            merged.append(("change", previous_old + old_text, previous_new + new_text))
        elif tag == "equal":
            merged.append(("equal", old_text, new_text))
        else:
            merged.append(("change", old_text, new_text))
    ops: Ops = []
    for kind, old_text, new_text in merged:
        if kind == "equal":
            ops.append((EQUAL, new_text))
            continue
        if old_text:
            ops.append((DELETE, old_text))
        if new_text:
            ops.append((INSERT, new_text))
    return ops


@dataclass
class SectionChange:
    """One section in the comparison: in both versions, only the old, or only the new."""

    status: str  # "added", "removed", "changed", "unchanged"
    old_title: str = ""
    new_title: str = ""
    title_ops: Ops = field(default_factory=list)
    text_ops: Ops = field(default_factory=list)
    moved: bool = False

    @property
    def title(self) -> str:
        return self.new_title or self.old_title

    @property
    def is_renamed(self) -> bool:
        return self.status in ("changed", "unchanged") and (
            self.old_title != self.new_title
        )

    @property
    def has_text_changes(self) -> bool:
        return any(kind != EQUAL for kind, _text in self.text_ops)


@dataclass
class VersionComparison:
    old_title: str
    new_title: str
    title_ops: Ops
    sections: list[SectionChange]

    @property
    def title_changed(self) -> bool:
        return self.old_title != self.new_title

    @property
    def has_changes(self) -> bool:
        return self.title_changed or any(
            s.status != "unchanged" or s.moved for s in self.sections
        )


def _similarity(old: str, new: str) -> float:
    return difflib.SequenceMatcher(
        None, tokens(old), tokens(new), autojunk=False
    ).ratio()


def _pair_sections(old: list[dict], new: list[dict]) -> dict[int, int]:
    """new index → old index for the sections that are the same in both versions."""
    pairs: dict[int, int] = {}
    used: set[int] = set()

    def pair(match) -> None:
        for j, section in enumerate(new):
            if j in pairs:
                continue
            for i, candidate in enumerate(old):
                if i not in used and match(candidate, section):
                    pairs[j] = i
                    used.add(i)
                    break

    pair(lambda a, b: a.get("id") is not None and a.get("id") == b.get("id"))
    pair(lambda a, b: a["title"].strip() == b["title"].strip())
    pair(
        lambda a, b: (
            (a.get("id") is None or b.get("id") is None)
            and _similarity(a["text"], b["text"]) >= RENAMED_SIMILARITY
        )
    )
    return pairs


def _moved(pairs: dict[int, int]) -> set[int]:
    """The new indexes whose sections changed place: those outside the longest run
    of pairs that kept their order."""
    ordered = sorted(pairs)  # new indexes in new order
    old_order = [pairs[j] for j in ordered]
    kept = difflib.SequenceMatcher(
        None, old_order, sorted(old_order), autojunk=False
    ).get_matching_blocks()
    stay = {old_order[block.a + k] for block in kept for k in range(block.size)}
    return {j for j in ordered if pairs[j] not in stay}


def compare_versions(old: dict, new: dict) -> VersionComparison:
    """Compare two version contents: the title, then each section in the new
    version's order; a removed section follows the section it followed before."""
    old_sections, new_sections = old.get("sections", []), new.get("sections", [])
    pairs = _pair_sections(old_sections, new_sections)
    moved = _moved(pairs)
    changes: list[tuple[int | None, SectionChange]] = []  # (old index, change)
    for j, section in enumerate(new_sections):
        if j not in pairs:
            changes.append(
                (
                    None,
                    SectionChange(
                        status="added",
                        new_title=section["title"],
                        title_ops=[(INSERT, section["title"])],
                        text_ops=[(INSERT, section["text"])] if section["text"] else [],
                    ),
                )
            )
            continue
        i = pairs[j]
        before = old_sections[i]
        same = before["text"] == section["text"] and before["title"] == section["title"]
        changes.append(
            (
                i,
                SectionChange(
                    status="unchanged" if same else "changed",
                    old_title=before["title"],
                    new_title=section["title"],
                    # An unchanged section needs no diff (word_diff grows with
                    # the square of the text: a long section took seconds).
                    title_ops=_unchanged(section["title"])
                    if same
                    else word_diff(before["title"], section["title"]),
                    text_ops=_unchanged(section["text"])
                    if same
                    else word_diff(before["text"], section["text"]),
                    moved=j in moved,
                ),
            )
        )
    paired_old = set(pairs.values())
    for i, section in enumerate(old_sections):
        if i in paired_old:
            continue
        removed = SectionChange(
            status="removed",
            old_title=section["title"],
            title_ops=[(DELETE, section["title"])],
            text_ops=[(DELETE, section["text"])] if section["text"] else [],
        )
        # After the nearest earlier section of the old version (or first).
        at = 0
        for position, (old_index, _change) in enumerate(changes):
            if old_index is not None and old_index < i:
                at = position + 1
        while at < len(changes) and changes[at][1].status == "removed":
            at += 1
        changes.insert(at, (i, removed))
    return VersionComparison(
        old_title=old.get("title", ""),
        new_title=new.get("title", ""),
        title_ops=word_diff(old.get("title", ""), new.get("title", "")),
        sections=[change for _index, change in changes],
    )
