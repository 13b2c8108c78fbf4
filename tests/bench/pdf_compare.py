"""The tjänsteskrivelse PDF against LibreOffice, for `make bench` (tests/bench/load.py).

The demo's Målbild tjänsteskrivelse, as the portal renders it, and the same
content (title, date, number, sections, signatories, attachments, recipients,
letterhead lines: read from the same rows) as a .docx made with python-docx,
converted by LibreOffice headless (Debian's libreoffice-writer-nogui), the
pipeline municipalities use. Three comparisons, each from alternating runs (A B
A B …), the median of each side:

1. warm render in the portal (document_pdf in a running process, the stored
   file forgotten) against a cold `soffice --headless --convert-to pdf`;
2. process against process: `manage.py render_document` (a cold Django
   process, the stored file forgotten) against `soffice`;
3. the portal's render (document_pdf) against WeasyPrint alone on the same HTML,
   fetcher and fonts.

Needs Django set up on the bench database (load.py does it).
"""

import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
MALBILD = ("KS 2023/236", "0126")


def _document():
    from cases.models import Document

    number, code = MALBILD
    return Document.objects.select_related(
        "template", "case__board__organisation", "case__handler"
    ).get(case__number=number, case__board__organisation__municipality_code=code)


_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")


def _runs(paragraph, text: str) -> None:
    for part in _INLINE.split(text):
        if part.startswith("**") and part.endswith("**"):
            paragraph.add_run(part[2:-2]).bold = True
        elif part.startswith("*") and part.endswith("*") and len(part) > 1:
            paragraph.add_run(part[1:-1]).italic = True
        elif part:
            paragraph.add_run(part)


def build_docx(document, path: Path) -> None:
    """The tjänsteskrivelse as Word writes one: letterhead, date and number,
    title, the sections (paragraphs, quotations, lists, subheadings; a footnote
    as a numbered note at the end of its section), signatories, attachments,
    recipients, the footer lines."""
    import docx
    from docx.shared import Cm, Pt

    case = document.case
    template = document.template
    out = docx.Document()
    style = out.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section = out.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    header = section.header.paragraphs[0]
    header.text = case.board.organisation.name
    if template and template.department:
        header.add_run(f"\n{template.department}")
    if template and template.footer_lines:
        section.footer.paragraphs[0].text = "  ·  ".join(
            template.footer_lines.splitlines()
        )
    meta = out.add_table(rows=2, cols=2)
    meta.cell(0, 0).text = "Datum"
    meta.cell(0, 1).text = f"{document.document_date:%Y-%m-%d}"
    meta.cell(1, 0).text = "Diarienummer"
    meta.cell(1, 1).text = case.number
    out.add_paragraph("Tjänsteskrivelse")
    out.add_heading(document.title, level=1)
    for part in document.sections.order_by("position", "pk"):
        out.add_heading(part.title, level=2)
        notes: list[str] = []

        def note(match, notes=notes) -> str:
            notes.append(match.group(1))
            return f"[{len(notes)}]"

        for block in re.split(r"\n\s*\n", part.text.strip()):
            block = re.sub(r"\^\[([^\]]*)\]", note, block.strip())
            if not block:
                continue
            if block.startswith("### "):
                out.add_heading(block[4:], level=3)
            elif block.startswith(">"):
                quote = out.add_paragraph(style="Quote")
                _runs(quote, re.sub(r"^>\s?", "", block, flags=re.M))
            elif re.match(r"^(- |\d+\. )", block):
                for line in block.splitlines():
                    bullet = line.lstrip().startswith("- ")
                    item = out.add_paragraph(
                        style="List Bullet" if bullet else "List Number"
                    )
                    _runs(item, re.sub(r"^\s*(- |\d+\. )", "", line))
            else:
                _runs(out.add_paragraph(), block.replace("\n", " "))
        for number, text in enumerate(notes, 1):
            small = out.add_paragraph()
            small.add_run(f"[{number}] {text}").font.size = Pt(8)
    for signatory in document.signatories.order_by("position"):
        out.add_paragraph(f"{signatory.name}\n{signatory.title}")
    attachments = list(document.attachments.order_by("position"))
    if attachments:
        out.add_heading("Bilagor", level=2)
        for number, attachment in enumerate(attachments, 1):
            out.add_paragraph(f"{number}. {attachment.title}")
    recipients = list(case.recipients.order_by("position"))
    if recipients:
        out.add_heading("Beslutet skickas till", level=2)
        for recipient in recipients:
            out.add_paragraph(recipient.name, style="List Bullet")
    out.save(path)


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def alternate(
    a: Callable[[], object],
    b: Callable[[], object],
    *,
    repeats: int,
    before_a: Callable[[], object] | None = None,
) -> tuple[float, float]:
    """The medians of `a` and `b` taken in turns (A B A B …), after one untimed
    round; `before_a` runs untimed before each `a`."""
    times_a, times_b = [], []
    for _round in range(repeats + 1):
        if before_a:
            before_a()
        times_a.append(_timed(a))
        times_b.append(_timed(b))
    return statistics.median(times_a[1:]), statistics.median(times_b[1:])


def compare(*, env: dict[str, str], repeats: int = 5) -> None:
    if not Path(SOFFICE).exists():
        print(
            "LibreOffice is missing (apt-get install -y libreoffice-writer-nogui): "
            "the PDF comparison is left out."
        )
        return
    from weasyprint import HTML

    from cases.services import document_html, document_pdf
    from ssr_portal.lib.pdf import PDF_VARIANT, url_fetcher
    from ssr_portal.lib.pdf_cache import pdf_cache_forget

    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    profile = work / "lo-profile"
    docx_path = work / "malbild.docx"
    document = _document()
    build_docx(document, docx_path)

    def forget() -> None:
        pdf_cache_forget(scope=f"document:{document.pk}")

    def portal() -> None:
        document_pdf(_document())

    def soffice() -> None:
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
        )

    number, code = MALBILD

    def render_process() -> None:
        subprocess.run(
            [
                PY,
                "manage.py",
                "render_document",
                number,
                "--organisation",
                code,
                "--out",
                str(work / "portal.pdf"),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )

    html = document_html(_document())

    def weasyprint_alone() -> None:
        HTML(string=html, base_url="/", url_fetcher=url_fetcher()).write_pdf(
            pdf_variant=PDF_VARIANT, pdf_tags=True
        )

    soffice()  # LibreOffice's profile made once, as on a machine in use
    portal_warm, soffice_cold = alternate(
        portal, soffice, repeats=repeats, before_a=forget
    )
    process, soffice_process = alternate(
        render_process, soffice, repeats=repeats, before_a=forget
    )
    portal_again, weasyprint = alternate(
        portal, weasyprint_alone, repeats=repeats, before_a=forget
    )
    soffice_pdf = work / "malbild.pdf"
    rows = [
        ("Portal, warm render (document_pdf, stored file forgotten)", portal_warm),
        ("LibreOffice, cold soffice --convert-to pdf of the .docx", soffice_cold),
        ("  soffice / portal warm", soffice_cold / portal_warm),
        ("manage.py render_document, a cold process", process),
        ("LibreOffice soffice, a cold process", soffice_process),
        ("  render_document / soffice", process / soffice_process),
        ("Portal render (document_pdf)", portal_again),
        ("WeasyPrint alone, the same HTML, fetcher and fonts", weasyprint),
        ("  portal / WeasyPrint", portal_again / weasyprint),
    ]
    print(
        f"The Målbild tjänsteskrivelse, portal against LibreOffice: medians of "
        f"{repeats} alternating runs (A B A B) after one untimed round"
    )
    for label, value in rows:
        if label.startswith("  "):
            print(f"  {label:<62}{value:9.2f}×")
        else:
            print(f"  {label:<62}{value * 1000:9.0f} ms")
    sizes = (work / "portal.pdf").stat().st_size, soffice_pdf.stat().st_size
    print(f"  (PDF sizes: portal {sizes[0]} bytes, LibreOffice {sizes[1]} bytes)")
    shutil.rmtree(work, ignore_errors=True)
