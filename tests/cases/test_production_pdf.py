"""The PDFs as production renders them: debug off, the static files collected and
hashed by the manifest storage, the catalogues compiled (issue 9).

The test settings keep production's static storage, so every PDF the suite
renders goes the way production's do; these tests pin what broke there."""

import io

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.urls import reverse
from pypdf import PdfReader

from cases.services import document_start
from ssr_portal.lib.pdf import (
    PdfResourceError,
    environment_key,
    html_to_pdf,
    url_fetcher,
)

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _fonts(data: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


def test_the_print_stylesheet_is_read_under_its_hashed_name():
    url = static("pdf/print.css")
    assert url != "/static/pdf/print.css", "the suite must use the manifest storage"
    response = url_fetcher().fetch(url)
    with staticfiles_storage.open(url.removeprefix(settings.STATIC_URL)) as handle:
        assert response.read() == handle.read()


def test_a_tjansteskrivelse_renders_with_its_fonts_under_the_manifest(
    client, alice, case
):
    document_start(case=case, user=alice)
    client.force_login(alice)
    response = client.get(reverse("cases:document-pdf", args=[case.pk]))
    assert response.status_code == 200
    fonts = _fonts(response.content)
    # The stylesheet's fonts, not the system's: EB Garamond and Inter.
    assert any(font.startswith("Inter") for font in fonts), fonts
    assert "TJÄNSTESKRIVELSE" in _text(response.content)


def test_a_pdf_stored_before_the_catalogue_was_compiled_is_not_reused_after(
    client, alice, case, settings, tmp_path
):
    """`make demo` without compilemessages rendered English PDFs, and the stored
    English PDF was still served once the catalogue was compiled."""
    document_start(case=case, user=alice)
    client.force_login(alice)
    url = reverse("cases:document-pdf", args=[case.pk])
    compiled = settings.LOCALE_PATHS
    settings.LOCALE_PATHS = [str(tmp_path)]  # no catalogue
    english = _text(client.get(url).content)
    settings.LOCALE_PATHS = compiled
    assert "OFFICIAL REPORT" in english
    swedish = _text(client.get(url).content)
    assert "TJÄNSTESKRIVELSE" in swedish and "OFFICIAL REPORT" not in swedish


def test_the_environment_key_follows_the_catalogue(settings, tmp_path):
    compiled = environment_key()
    settings.LOCALE_PATHS = [str(tmp_path)]
    assert environment_key() != compiled


def test_the_environment_key_follows_the_language(settings):
    swedish = environment_key()
    settings.LANGUAGE_CODE = "en"
    assert environment_key() != swedish


def test_a_page_without_its_stylesheet_is_refused_not_rendered_blank():
    html = '<html><head><link rel="stylesheet" href="/static/pdf/missing.css"></head>'
    with pytest.raises(PdfResourceError, match=r"missing\.css"):
        html_to_pdf(html + "<body><p>x</p></body></html>")
