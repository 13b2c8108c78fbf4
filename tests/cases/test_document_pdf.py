"""`document_pdf`: the tjänsteskrivelse as an archivable PDF, stored and reused.

The demo Målbild document is loaded and rendered once for the module (a render
takes 0.2–1 s) inside a transaction that is rolled back at the end; each test
runs in a savepoint inside it.
"""

import io
import re
import subprocess
import sys
from contextlib import contextmanager
from unittest import mock
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from PIL import Image
from pypdf import PdfReader

from cases.models import Document
from cases.services import SectionInput, document_pdf, document_save, document_touch
from members.models import User
from ssr_portal.demo import FRESH_CASE_TITLE, load_demo
from ssr_portal.models import CachedPdf
from tests.helpers import system

pytestmark = pytest.mark.django_db

# Copies of ../shared/checks/seed_text.py and ../shared/seed/…, so the suite runs
# from a clone without ../shared beside it.
DATA = settings.BASE_DIR / "tests" / "data"
SEED_CHECK = DATA / "seed_text.py"
SEED = DATA / "malbild-ssr-2023-2026-tjansteskrivelse.txt"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


@contextmanager
def demo_loaded(django_db_blocker, media_root):
    """The demo data set, its files under `media_root`, in a transaction that is
    rolled back afterwards; yields the Målbild case's document."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media_root)),
        transaction.atomic(),
    ):
        load_demo()
        yield Document.objects.get(
            case__number="KS 2023/236",
            case__board__organisation__municipality_code="0126",
        )
        transaction.set_rollback(True)


def fresh(document: Document) -> Document:
    """The document as a request would load it (tests change the row)."""
    return Document.objects.select_related(
        "template", "case__board__organisation", "case__handler"
    ).get(pk=document.pk)


def page_texts(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text(extraction_mode="layout") for page in reader.pages]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("media")) as document:
        yield document


@pytest.fixture(scope="module")
def demo_pdf(demo, django_db_blocker) -> bytes:
    with django_db_blocker.unblock():
        return document_pdf(fresh(demo))


@pytest.fixture
def document(demo) -> Document:
    return fresh(demo)


def test_the_pdf_declares_pdf_a_3b_in_its_xmp(demo_pdf):
    xmp = PdfReader(io.BytesIO(demo_pdf)).xmp_metadata
    assert xmp is not None
    root = ElementTree.fromstring(xmp.stream.get_data())
    claims = {
        (node.get(f"{PDFAID}part"), node.get(f"{PDFAID}conformance"))
        for node in root.iter()
        if node.get(f"{PDFAID}part")
    }
    assert claims == {("3", "B")}


def _fonts(resources, seen: set) -> list:
    """Every font of a resource dictionary, including those of form XObjects."""
    fonts = []
    resources = resources.get_object() if resources else {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            fonts.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Resources") is not None:
            fonts += _fonts(xobject["/Resources"], seen)
    return fonts


def test_every_font_of_the_pdf_is_embedded(demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf))
    seen: set = set()
    fonts = [f for page in reader.pages for f in _fonts(page.get("/Resources"), seen)]
    assert fonts
    for font in fonts:
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font
    names = {str(f.get("/BaseFont")) for f in fonts}
    assert any("Garamond" in n for n in names) and any("Inter" in n for n in names)


def test_the_pdf_is_tagged_and_in_swedish(demo_pdf):
    root = PdfReader(io.BytesIO(demo_pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "sv"


def test_the_metadata_names_the_document_and_its_diarienummer(demo_pdf):
    metadata = PdfReader(io.BytesIO(demo_pdf)).metadata
    assert metadata.title == "Målbild Samverkan Stockholmsregionen 2023-2026"
    assert metadata.author == "Huddinge kommun, Helena Handläggare"
    assert "KS 2023/236" in metadata.subject
    assert "KS 2023/236" in metadata["/Keywords"]
    assert metadata["/CreationDate"].startswith("D:20230320")


def test_the_text_holds_the_seed_documents_words_in_order(demo_pdf, tmp_path):
    """The shared checker (../shared/checks/seed_text.py) on pypdf's layout text."""
    text = tmp_path / "demo.txt"
    text.write_text("\n".join(page_texts(demo_pdf)), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SEED_CHECK), str(SEED), str(text)],
        capture_output=True,
        text=True,
        check=False,
    )
    figures = dict(re.findall(r"(\w+)=([\d.]+)", result.stdout))
    assert float(figures["recall"]) >= 0.97, result.stdout
    assert float(figures["extra"]) <= 0.25, result.stdout
    assert result.returncode == 0, result.stdout


def test_the_footnote_stands_at_the_foot_of_the_page_of_its_call(demo_pdf):
    pages = page_texts(demo_pdf)
    call = [i for i, t in enumerate(pages) if "regionala chefsgruppen" in t]
    note = [i for i, t in enumerate(pages) if "Utgör inriktande nivå" in t]
    assert len(call) == len(note) == 1
    assert call == note
    last_lines = pages[note[0]].strip().splitlines()[-4:]
    assert any("Nykvarns kommundirektör" in line for line in last_lines)


def test_every_page_is_numbered_page_of_pages(demo_pdf):
    pages = page_texts(demo_pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        head = "\n".join(text.strip().splitlines()[:3])
        assert re.search(rf"\b{number} \({len(pages)}\)", head), head


def test_page_one_has_the_letterhead_and_the_last_page_the_closing_lists(demo_pdf):
    pages = page_texts(demo_pdf)
    first = " ".join(pages[0].split())
    for words in ("Huddinge kommun", "Kommunstyrelsens förvaltning", "2023-03-20"):
        assert words in first
    assert "KS 2023/236" in first and "handlaggare@example.se" in first
    last = " ".join(pages[-1].split())
    assert "Camilla Broo" in last and "Anna Tengelin Skoog" in last
    assert last.index("Milstolpar") < last.index("Länsstyrelsen Stockholm")


def test_the_letterhead_shows_the_logo_and_the_case_officers_phone(document):
    image = io.BytesIO()
    Image.new("RGB", (120, 40), "#0a5").save(image, format="PNG")
    document.template.logo.save("logo.png", ContentFile(image.getvalue()))
    User.objects.filter(pk=document.case.handler_id).update(phone="08-535 312 00")
    data = document_pdf(fresh(document))
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert "08-535 312 00" in page.extract_text()
    images = [
        x.get_object()
        for x in page["/Resources"]["/XObject"].values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert len(images) == 1


def test_a_second_download_renders_nothing(document, django_assert_num_queries):
    first = document_pdf(document)
    again = fresh(document)
    with (
        mock.patch("cases.services.documents.html_to_pdf") as render,
        # The organisation's title of the document (DocumentTitle), in the key.
        django_assert_num_queries(1),
    ):
        second = document_pdf(again)
    render.assert_not_called()
    assert second == first


def test_a_stored_file_that_went_missing_is_rendered_again(document):
    document_pdf(document)
    stored = CachedPdf.objects.get(scope=f"document:{document.pk}")
    stored.file.storage.delete(stored.file.name)
    with mock.patch(
        "cases.services.documents.html_to_pdf", return_value=b"%PDF-new"
    ) as render:
        assert document_pdf(fresh(document)) == b"%PDF-new"
    render.assert_called_once()


def test_a_touched_document_is_rendered_again(document):
    document_pdf(document)
    document_touch(document)
    with mock.patch(
        "cases.services.documents.html_to_pdf", return_value=b"%PDF-new"
    ) as render:
        assert document_pdf(fresh(document)) == b"%PDF-new"
    render.assert_called_once()


def test_a_saved_text_is_rendered_again(document):
    # The Målbild case is dispatched in the demo; the fresh case is in drafting.
    document = fresh(Document.objects.get(case__title=FRESH_CASE_TITLE))
    document_pdf(document)
    document_save(
        document=document,
        user=system(),
        base_version=document.version,
        title=document.title,
        document_date=document.document_date,
        sections=[SectionInput(title="Sammanfattning", text="Kort.")],
    )
    with mock.patch(
        "cases.services.documents.html_to_pdf", return_value=b"%PDF-new"
    ) as render:
        assert document_pdf(fresh(document)) == b"%PDF-new"
    render.assert_called_once()


def test_a_changed_template_is_rendered_again(document):
    document_pdf(document)
    template = document.template
    template.footer_lines = "Huddinge kommun\n141 85 Huddinge"
    template.save()
    with mock.patch(
        "cases.services.documents.html_to_pdf", return_value=b"%PDF-new"
    ) as render:
        assert document_pdf(fresh(document)) == b"%PDF-new"
    render.assert_called_once()


def test_the_same_document_renders_to_the_same_file_at_another_time(document):
    """An archived PDF is the same file whenever it is made: the same HTML gives the
    same bytes a day or a year later (ssr_portal/lib/pdf.py; the fonts embedded in
    it carried the time of rendering, and the file's /ID with them)."""
    import datetime

    import time_machine

    from cases.services import document_html
    from ssr_portal.lib.pdf import html_to_pdf

    html = document_html(document)
    moments = [
        datetime.datetime(2026, 1, 5, 9, 0),
        datetime.datetime(2026, 11, 30, 16, 30),
    ]
    rendered = []
    for moment in moments:
        with time_machine.travel(moment.replace(tzinfo=datetime.UTC), tick=False):
            rendered.append(html_to_pdf(html))

    assert rendered[0] == rendered[1]


def test_a_footnote_called_on_page_one_stands_at_the_foot_of_page_one(document):
    """Issue 13: page 1's own bottom margin (30mm, for the address footer) sent
    a footnote called on page 1 to the foot of page 2 (the WeasyPrint footnote
    bug of STACK-NOTES.md, which the demo's footnote on page 2 did not show)."""
    document = fresh(Document.objects.get(case__title=FRESH_CASE_TITLE))
    document_save(
        document=document,
        user=system(),
        base_version=document.version,
        title=document.title,
        document_date=document.document_date,
        sections=[
            SectionInput(
                title="Sammanfattning",
                text="Förslaget bygger på regionens arbete^[Se regionens beslut "
                "2022-11-08.] och följs upp årligen.",
            ),
            SectionInput(title="Bakgrund", text="\n\n".join(["Lång text. " * 40] * 6)),
        ],
    )
    # Rendered anew (not through the stored PDFs, which another test of this
    # module may have left for this version with a stand-in).
    from cases.services.documents import document_html
    from ssr_portal.lib.pdf import html_to_pdf

    pages = page_texts(html_to_pdf(document_html(fresh(document))))
    assert len(pages) >= 2
    assert "regionens arbete" in pages[0]
    assert "Se regionens beslut" in pages[0], pages[0][-800:]
    last_lines = " ".join(pages[0].strip().splitlines()[-6:])
    assert "Se regionens beslut" in last_lines or "kommun" in last_lines
