"""Start from Word: a .docx built here, read into sections (cases/services/docx_import.py),
saved through document_save, and the page /cases/<pk>/document/import/."""

import io
import zipfile
from xml.sax.saxutils import escape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cases.exceptions import DocumentConflict
from cases.models import Document, DocumentVersion
from cases.services import SectionInput, document_save, document_start
from cases.services.docx_import import document_import_docx, docx_to_document
from ssr_portal.lib.markup import render
from tests.cases.test_upload_validation import pdf_bytes, plain_zip_bytes

# A .docx as Word writes it, reduced to what mammoth reads: the parts, the styles
# (Swedish Word: style ids "Rubrik1", names "heading 1"), the list numbering and the
# footnotes.
_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_CONTENT_TYPES = f"""{_XML}
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
</Types>"""
_RELS = f"""{_XML}
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOCUMENT_RELS = f"""{_XML}
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
</Relationships>"""
_STYLES = f"""{_XML}
<w:styles {_NS}>
<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik3"><w:name w:val="heading 3"/></w:style>
<w:style w:type="paragraph" w:styleId="Citat"><w:name w:val="Quote"/></w:style>
<w:style w:type="character" w:styleId="Fotnotsreferens"><w:name w:val="footnote reference"/></w:style>
</w:styles>"""
_NUMBERING = f"""{_XML}
<w:numbering {_NS}>
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl>
<w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""
BULLETS, NUMBERS = 1, 2


def run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    properties = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    properties = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def footnote(number: int) -> str:
    return (
        '<w:r><w:rPr><w:rStyle w:val="Fotnotsreferens"/></w:rPr>'
        f'<w:footnoteReference w:id="{number}"/></w:r>'
    )


def line_break() -> str:
    return "<w:r><w:br/></w:r>"


def para(*parts: str, style: str = "", numbering: int = 0, level: int = 0, indent=0):
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    if numbering:
        properties += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{numbering}"/></w:numPr>'
    if indent:
        properties += f'<w:ind w:left="{indent}"/>'
    properties = f"<w:pPr>{properties}</w:pPr>" if properties else ""
    runs = "".join(p if p.startswith("<") else run(p) for p in parts)
    return f"<w:p>{properties}{runs}</w:p>"


def build_docx(paragraphs: list[str], footnotes: dict[int, str] | None = None) -> bytes:
    """A .docx with these paragraphs (`para`) and footnotes {id: text}."""
    body = "".join(paragraphs)
    notes = "".join(
        f'<w:footnote w:id="{number}"><w:p>{run(text)}</w:p></w:footnote>'
        for number, text in (footnotes or {}).items()
    )
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/document.xml": f"{_XML}<w:document {_NS}><w:body>{body}</w:body></w:document>",
        "word/styles.xml": _STYLES,
        "word/numbering.xml": _NUMBERING,
        "word/footnotes.xml": (
            f"{_XML}<w:footnotes {_NS}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
            f"{notes}</w:footnotes>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def word_file(data: bytes, name: str = "Tjänsteskrivelse.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/msword")


def malbild_docx() -> bytes:
    """The start of the seed's tjänsteskrivelse, as an official would write it."""
    return build_docx(
        [
            para("Målbild för Samverkan Stockholmsregionen 2023–2026", style="Rubrik"),
            para("Ärendet gäller en gemensam målbild."),
            para("Förslag till beslut", style="Rubrik1"),
            para(
                "Kommunstyrelsen ",
                run("godkänner", bold=True),
                " målbilden",
                footnote(1),
                ".",
            ),
            para("Sammanfattning", style="Rubrik2"),
            para("SSR har ", run("tre", italic=True), " delar:"),
            para("Avsiktsförklaringen", numbering=BULLETS),
            para("antagen 2014", numbering=BULLETS, level=1),
            para("Överenskommelsen", numbering=BULLETS),
            para("Samla kommunerna", numbering=NUMBERS),
            para("Öva tillsammans", numbering=NUMBERS),
            para("Samverkan är en förutsättning.", style="Citat"),
            para("Ett indraget stycke ur rapporten.", indent=720),
            para("Bakgrund", style="Rubrik3"),
            para("1. januari 2023 började perioden; 5 * 3 = 15."),
            para("Rad ett", line_break(), "rad två"),
        ],
        footnotes={1: "Se avsiktsförklaringen [KS 2014/195]."},
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def document(case, alice):
    return document_start(case=case, user=alice)


# Reading the Word file -----------------------------------------------------------


def test_headings_become_sections_and_the_title_style_the_title():
    imported = docx_to_document(word_file(malbild_docx()))

    assert imported.title == "Målbild för Samverkan Stockholmsregionen 2023–2026"
    assert [s.title for s in imported.sections] == [
        "Förslag till beslut",
        "Sammanfattning",
    ]


def test_text_before_the_first_heading_goes_into_the_first_section():
    imported = docx_to_document(word_file(malbild_docx()))

    first = imported.sections[0].text
    assert first.startswith("Ärendet gäller en gemensam målbild.\n\nKommunstyrelsen")


def test_bold_and_footnote_become_markup_at_their_place():
    imported = docx_to_document(word_file(malbild_docx()))

    assert imported.sections[0].text.endswith(
        "Kommunstyrelsen **godkänner** målbilden"
        "^[Se avsiktsförklaringen \\[KS 2014/195\\].]."
    )


def test_the_footnote_renders_where_it_was_called():
    imported = docx_to_document(word_file(malbild_docx()))

    assert (
        'målbilden<span class="footnote">Se avsiktsförklaringen [KS 2014/195].</span>.'
        in render(imported.sections[0].text)
    )


def test_lists_italic_quotation_and_subheading_become_markup():
    imported = docx_to_document(word_file(malbild_docx()))

    assert imported.sections[1].text == (
        "SSR har *tre* delar:\n"
        "\n"
        "- Avsiktsförklaringen\n"
        "  - antagen 2014\n"
        "- Överenskommelsen\n"
        "\n"
        "1. Samla kommunerna\n"
        "2. Öva tillsammans\n"
        "\n"
        "> Samverkan är en förutsättning.\n"
        ">\n"
        "> Ett indraget stycke ur rapporten.\n"
        "\n"
        "### Bakgrund\n"
        "\n"
        "1\\. januari 2023 började perioden; 5 \\* 3 = 15.\n"
        "\n"
        "Rad ett\\\nrad två"
    )


def test_the_imported_markup_renders_as_word_showed_it():
    html = render(docx_to_document(word_file(malbild_docx())).sections[1].text)

    assert "<em>tre</em>" in html
    assert "<ul>\n<li>Avsiktsförklaringen\n<ul>\n<li>antagen 2014</li>" in html
    assert "<ol>\n<li>Samla kommunerna</li>\n<li>Öva tillsammans</li>\n</ol>" in html
    assert "<blockquote>\n<p>Samverkan är en förutsättning.</p>" in html
    assert "<h3>Bakgrund</h3>" in html
    assert "<p>1. januari 2023 började perioden; 5 * 3 = 15.</p>" in html
    assert "<p>Rad ett<br>\nrad två</p>" in html


def test_a_file_without_headings_becomes_one_section(in_english):
    data = build_docx([para("Bara en rad.")])

    imported = docx_to_document(word_file(data))

    assert imported.title is None
    assert [(s.title, s.text) for s in imported.sections] == [
        ("Imported text", "Bara en rad.")
    ]


def test_a_file_without_text_is_refused(in_english):
    with pytest.raises(ValidationError, match="holds no text"):
        docx_to_document(word_file(build_docx([para("")])))


# The service ---------------------------------------------------------------------


def test_the_import_replaces_the_sections_as_a_new_version(document, alice):
    version = document.version

    saved, _ = document_import_docx(
        case=document.case,
        user=alice,
        file=word_file(malbild_docx()),
        base_version=version,
    )

    assert saved.version == version + 1
    assert saved.title == "Målbild för Samverkan Stockholmsregionen 2023–2026"
    assert list(saved.sections.values_list("title", flat=True)) == [
        "Förslag till beslut",
        "Sammanfattning",
    ]
    stored = DocumentVersion.objects.get(document=saved, number=saved.version)
    assert stored.saved_by == alice
    assert stored.content["sections"][0]["title"] == "Förslag till beslut"


def test_without_a_title_paragraph_the_document_keeps_its_title(document, alice):
    data = build_docx([para("Beslut", style="Rubrik1"), para("Text.")])

    saved, _ = document_import_docx(
        case=document.case,
        user=alice,
        file=word_file(data),
        base_version=document.version,
    )

    assert saved.title == document.title


def test_an_import_made_from_an_older_version_is_a_conflict(document, alice):
    opened = document.version
    document_save(
        document=document,
        user=alice,
        base_version=opened,
        title=document.title,
        document_date=document.document_date,
        sections=[SectionInput(title="Förslag till beslut", text="Någon annans text.")],
    )

    with pytest.raises(DocumentConflict):
        document_import_docx(
            case=document.case,
            user=alice,
            file=word_file(malbild_docx()),
            base_version=opened,
        )

    assert Document.objects.get(pk=document.pk).sections.get().text == (
        "Någon annans text."
    )


def test_the_import_starts_the_document_of_a_case_without_one(case, alice):
    saved, _ = document_import_docx(
        case=case, user=alice, file=word_file(malbild_docx()), base_version=None
    )

    assert saved.case == case
    assert saved.sections.count() == 2


def test_a_file_that_is_not_docx_is_refused_on_the_file_field(
    document, alice, in_english
):
    with pytest.raises(ValidationError) as caught:
        document_import_docx(
            case=document.case,
            user=alice,
            file=word_file(pdf_bytes(), "Tjänsteskrivelse.pdf"),
            base_version=document.version,
        )

    assert "Allowed: Word (.docx)" in caught.value.message_dict["file"][0]


def test_a_colleague_without_a_writing_role_may_not_import(document, bob):
    with pytest.raises(PermissionDenied):
        document_import_docx(
            case=document.case, user=bob, file=word_file(malbild_docx()), base_version=1
        )


# The page ------------------------------------------------------------------------


def _url(case) -> str:
    return reverse("cases:document-import", args=[case.pk])


def test_the_page_asks_to_confirm_replacing_written_text(client, alice, document):
    document_save(
        document=document,
        user=alice,
        base_version=document.version,
        title=document.title,
        document_date=document.document_date,
        sections=[SectionInput(title="Förslag till beslut", text="Skriven text.")],
    )
    client.force_login(alice)

    response = client.get(_url(document.case))

    assert response.status_code == 200
    assert "Replace the current sections" in response.content.decode()


def test_an_import_over_written_text_without_the_confirmation_is_refused(
    client, alice, document
):
    document_save(
        document=document,
        user=alice,
        base_version=document.version,
        title=document.title,
        document_date=document.document_date,
        sections=[SectionInput(title="Förslag till beslut", text="Skriven text.")],
    )
    document.refresh_from_db()
    client.force_login(alice)

    response = client.post(
        _url(document.case),
        {"file": word_file(malbild_docx()), "base_version": document.version},
    )

    assert response.status_code == 400
    assert "Tick the box to replace its sections" in response.content.decode()
    assert document.sections.get().text == "Skriven text."


def test_the_confirmed_import_saves_and_goes_to_the_report(client, alice, document):
    client.force_login(alice)

    response = client.post(
        _url(document.case),
        {
            "file": word_file(malbild_docx()),
            "base_version": document.version,
            "replace": "on",
        },
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.sections.first().title == "Förslag till beslut"


def test_a_pdf_is_refused_on_the_page_with_the_message(client, alice, document):
    client.force_login(alice)

    response = client.post(
        _url(document.case),
        {
            "file": word_file(pdf_bytes(), "Tjänsteskrivelse.pdf"),
            "base_version": document.version,
            "replace": "on",
        },
    )

    assert response.status_code == 400
    assert "is not a type of file that can be used here" in response.content.decode()


def test_a_zip_named_docx_is_refused_on_the_page(client, alice, document):
    client.force_login(alice)

    response = client.post(
        _url(document.case),
        {"file": word_file(plain_zip_bytes()), "base_version": document.version},
    )

    assert response.status_code == 400
    assert "its content is not a Word (.docx) file" in response.content.decode()


def test_a_conflict_on_the_page_says_nothing_was_imported(client, alice, document):
    opened = document.version
    document_save(
        document=document,
        user=alice,
        base_version=opened,
        title=document.title,
        document_date=document.document_date,
        sections=[SectionInput(title="Förslag till beslut", text="")],
    )
    client.force_login(alice)

    response = client.post(
        _url(document.case),
        {"file": word_file(malbild_docx()), "base_version": opened, "replace": "on"},
    )

    assert response.status_code == 400
    assert "nothing was imported" in response.content.decode()
    assert Document.objects.get(pk=document.pk).version == opened + 1


def test_bob_and_charlie_may_not_import(client, bob, charlie, document, secret_case):
    client.force_login(bob)
    assert client.get(_url(document.case)).status_code == 403
    client.force_login(charlie)
    assert client.get(_url(document.case)).status_code == 403
    assert client.get(_url(secret_case)).status_code == 404


# Limits: a crafted file cannot tie up the server ----------------------------------


def _headings(count: int) -> bytes:
    return build_docx(
        [
            part
            for number in range(count)
            for part in (para(f"Rubrik {number}", style="Rubrik1"), para("Text."))
        ]
    )


def test_a_file_with_ten_thousand_headings_is_refused_at_once(in_english):
    """Issue 10: a 6 KB .docx with 10,000 headings ran 120 s until the worker was
    killed. It is refused before mammoth reads it."""
    import time

    data = _headings(10_000)
    assert len(data) < 100_000
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        docx_to_document(word_file(data))
    assert time.monotonic() - started < 5
    assert "paragraphs" in refused.value.messages[0]


def test_more_headings_than_a_report_has_sections_is_refused_with_the_count(
    in_english,
):
    with pytest.raises(ValidationError) as refused:
        docx_to_document(word_file(_headings(41)))
    assert "41 headings" in refused.value.messages[0]
    assert len(docx_to_document(word_file(_headings(40))).sections) == 40


def test_a_document_xml_with_a_doctype_is_refused(in_english):
    source = zipfile.ZipFile(io.BytesIO(build_docx([para("Text.")])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(
                    b"<w:document",
                    b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]><w:document',
                    1,
                )
            target.writestr(info, data)
    with pytest.raises(ValidationError) as refused:
        docx_to_document(word_file(out.getvalue()))
    assert "could not be read" in refused.value.messages[0]


def test_the_editor_refuses_more_sections_than_a_report_has(
    document, alice, in_english
):
    from cases.services.documents import MAX_SECTIONS

    sections = [
        SectionInput(title=f"Avsnitt {n}", text="Text.")
        for n in range(MAX_SECTIONS + 1)
    ]
    with pytest.raises(ValidationError) as refused:
        document_save(
            document=document,
            user=alice,
            base_version=document.version,
            title=document.title,
            document_date=document.document_date,
            sections=sections,
        )
    assert "at most 40 sections" in refused.value.message_dict["sections"][0]
