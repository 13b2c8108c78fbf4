"""What the editor form posts is read without trusting it (cases/forms/documents.py)."""

from django.http import QueryDict

from cases.forms.documents import SECTION_PREFIX, SectionAction, posted_sections


def test_a_superscript_digit_is_no_section_number():
    """ "²".isdigit() is true but int("²") fails: such input was a 500."""
    assert SectionAction.parse("up:²") is None
    assert SectionAction.parse("up:2") == SectionAction("up", 2)
    data = QueryDict(mutable=True)
    data.update(
        {
            f"{SECTION_PREFIX}-TOTAL_FORMS": "1",
            f"{SECTION_PREFIX}-0-id": "²",
            f"{SECTION_PREFIX}-0-title": "Förslag",
            f"{SECTION_PREFIX}-0-text": "Bifall.",
        }
    )
    (section,) = posted_sections(data)
    assert section.id == ""
    assert section.as_input().id is None
