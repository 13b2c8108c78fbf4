"""How long the Målbild PDF takes: rendered, by WeasyPrint alone, and stored.

    make bench

Goals: the portal's render path costs at most 1.2× WeasyPrint's own time for the
same HTML, and a second (stored) download is at least 50× faster than a render.
"""

import statistics

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from weasyprint import HTML

from cases.models import Document
from cases.services import document_html, document_pdf
from cases.services.handlingar import HANDLINGAR_DIR, handlingar_pdf
from members.models import User
from ssr_portal.lib.pdf import PDF_VARIANT, url_fetcher
from ssr_portal.lib.pdf_cache import pdf_cache_forget
from tests.bench.conftest import ROUNDS, median_seconds, timed
from tests.cases.test_document_pdf import fresh

pytestmark = pytest.mark.django_db


def test_document_pdf_render_and_stored_download(demo):
    current: dict[str, Document] = {}

    def unstored() -> None:
        # The stored file no longer matches: document_pdf renders and stores anew,
        # as after a change (view, template, WeasyPrint, file, row update).
        pdf_cache_forget(scope=f"document:{demo.pk}")
        current["document"] = fresh(demo)

    def loaded() -> None:
        current["document"] = fresh(demo)

    html = document_html(fresh(demo))

    def weasyprint_alone() -> None:
        HTML(string=html, base_url="/", url_fetcher=url_fetcher()).write_pdf(
            pdf_variant=PDF_VARIANT, pdf_tags=True
        )

    # Taken in turns, so that a busy machine slows both alike.
    renders, weasyprints = [], []
    for _round in range(ROUNDS + 1):
        unstored()
        renders.append(timed(lambda: document_pdf(current["document"])))
        weasyprints.append(timed(weasyprint_alone))
    render = statistics.median(renders[1:])
    weasyprint = statistics.median(weasyprints[1:])

    document_pdf(fresh(demo))  # stored
    stored = median_seconds(lambda: document_pdf(current["document"]), before=loaded)

    client = Client()
    client.force_login(User.objects.get(username="handlaggare"))
    url = reverse("cases:document-pdf", args=[demo.case_id])
    view = median_seconds(lambda: client.get(url))

    storage = default_storage
    folder = f"{HANDLINGAR_DIR}/{demo.case_id}"

    def handlingar_unstored() -> None:
        loaded()
        if storage.exists(folder):
            for name in storage.listdir(folder)[1]:
                storage.delete(f"{folder}/{name}")

    merged = median_seconds(
        lambda: handlingar_pdf(current["document"]), before=handlingar_unstored
    )
    handlingar_pdf(fresh(demo))
    handlingar_stored = median_seconds(
        lambda: handlingar_pdf(current["document"]), before=loaded
    )

    ratio = render / weasyprint
    speedup = render / stored
    rows = [
        ("Målbild PDF rendered (document_pdf, stored file ignored)", render, ""),
        ("WeasyPrint alone, the same HTML, fetcher and fonts", weasyprint, ""),
        ("  render / WeasyPrint", None, f"{ratio:.2f}  (goal ≤ 1.2)"),
        ("Second download (document_pdf, stored file)", stored, ""),
        ("  speed-up over a render", None, f"{speedup:.0f}×  (goal ≥ 50×)"),
        ("GET document.pdf, stored file (whole request)", view, ""),
        ("  speed-up over a render", None, f"{render / view:.0f}×"),
        ("Handlingar merged (stored parts, 5 attachments)", merged, ""),
        ("Handlingar, stored file", handlingar_stored, ""),
    ]
    print(f"\n\nMedian of {ROUNDS} runs after one warm-up, one process:\n")
    for label, seconds, note in rows:
        figure = f"{seconds * 1000:9.2f} ms" if seconds is not None else " " * 12
        print(f"  {label:<58}{figure}  {note}")
    print()
