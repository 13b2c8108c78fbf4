"""cases/diff.py: what changed between two versions, section by section, word by word."""

from cases.diff import DELETE, EQUAL, INSERT, compare_versions, word_diff


def _content(*sections, title="Målbild"):
    return {
        "title": title,
        "sections": [
            dict(zip(("id", "title", "text"), section, strict=True))
            for section in sections
        ],
    }


def test_changing_one_word_shows_exactly_that_word_removed_and_added():
    ops = word_diff(
        "Kommunstyrelsen noterar till protokollet att målbilden är bra.",
        "Kommunstyrelsen noterar till protokollet att målbilden är utmärkt.",
    )
    assert ops == [
        (EQUAL, "Kommunstyrelsen noterar till protokollet att målbilden är "),
        (DELETE, "bra"),
        (INSERT, "utmärkt"),
        (EQUAL, "."),
    ]


def test_neighbouring_changed_words_read_as_one_change():
    assert word_diff("a b c d", "a x y d") == [
        (EQUAL, "a "),
        (DELETE, "b c"),
        (INSERT, "x y"),
        (EQUAL, " d"),
    ]


def test_swedish_letters_belong_to_their_words():
    assert word_diff("för åtgärd", "för översyn") == [
        (EQUAL, "för "),
        (DELETE, "åtgärd"),
        (INSERT, "översyn"),
    ]


def test_identical_texts_are_one_equal_piece():
    assert word_diff("Samma text.", "Samma text.") == [(EQUAL, "Samma text.")]


def test_sections_added_removed_renamed_and_moved_are_named():
    old = _content(
        (1, "Sammanfattning", "Kort om ärendet."),
        (2, "Bakgrund", "Så började det."),
        (3, "Synpunkter", "Vi tycker."),
    )
    new = _content(
        (3, "Förvaltningens synpunkter", "Vi tycker."),
        (1, "Sammanfattning", "Kort om hela ärendet."),
        (None, "Ekonomi", "Inga kostnader."),
        title="Målbild 2023",
    )
    comparison = compare_versions(old, new)
    assert comparison.title_changed
    summary = [(s.status, s.title, s.is_renamed) for s in comparison.sections]
    assert summary == [
        ("changed", "Förvaltningens synpunkter", True),
        ("changed", "Sammanfattning", False),
        ("removed", "Bakgrund", False),
        ("added", "Ekonomi", False),
    ]
    renamed, changed, removed, added = comparison.sections
    assert not renamed.has_text_changes
    assert changed.text_ops == [
        (EQUAL, "Kort om "),
        (INSERT, "hela "),
        (EQUAL, "ärendet."),
    ]
    assert removed.text_ops == [(DELETE, "Så började det.")]
    assert added.text_ops == [(INSERT, "Inga kostnader.")]
    assert [s.moved for s in comparison.sections].count(True) == 1


def test_versions_without_section_ids_are_paired_by_heading_and_by_text():
    old = {
        "title": "T",
        "sections": [
            {"title": "Sammanfattning", "text": "Ett två tre fyra fem."},
            {"title": "Synpunkter", "text": "Förvaltningen anser att målen är bra."},
        ],
    }
    new = {
        "title": "T",
        "sections": [
            {"title": "Sammanfattning", "text": "Ett två tre fyra fem."},
            {
                "title": "Förvaltningens synpunkter",
                "text": "Förvaltningen anser att målen är goda.",
            },
        ],
    }
    comparison = compare_versions(old, new)
    assert [(s.status, s.is_renamed) for s in comparison.sections] == [
        ("unchanged", False),
        ("changed", True),
    ]
    assert not comparison.sections[0].moved


def test_the_same_content_has_no_changes():
    content = _content((1, "A", "Text."))
    assert not compare_versions(content, content).has_changes


def test_a_long_unchanged_section_is_shown_whole_without_diffing_it():
    """Comparing two versions of a long report stays quick: the unchanged
    section (20 000 characters) is one equal piece, as word_diff would give."""
    long_text = " ".join(f"ord{n}" for n in range(4000))
    old = _content((1, "Beskrivning", long_text), (2, "Förslag", "Bifall."))
    new = _content((1, "Beskrivning", long_text), (2, "Förslag", "Avslag."))
    changes = {c.new_title: c for c in compare_versions(old, new).sections}
    unchanged = changes["Beskrivning"]
    assert unchanged.status == "unchanged"
    assert unchanged.text_ops == [(EQUAL, long_text)]
    assert changes["Förslag"].text_ops == [
        (DELETE, "Bifall"),
        (INSERT, "Avslag"),
        (EQUAL, "."),
    ]
