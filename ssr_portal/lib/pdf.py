"""HTML to archivable PDF through WeasyPrint: PDF/A-3b, tagged, fonts embedded.

Every PDF of the portal goes through `html_to_pdf`. Resources are read only from our
own static files (fonts, logos, the print stylesheet) and from the storage of
uploaded files: a document never fetches anything from the network.
"""

import functools
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

PDF_VARIANT = "pdf/a-3b"


class ResourceNotAllowed(ValueError):
    pass


@functools.cache
def _fetcher_class():
    # Imported on first use: WeasyPrint takes about half a second to import, and
    # most processes (migrations, most requests) never render a PDF.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PortalURLFetcher(URLFetcher):
        """Serve /static/… from the static finders and /media/… from file storage;
        refuse everything else (no network, no other files)."""

        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            from django.conf import settings

            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = url.removeprefix("file://")
            for prefix, reader in (
                (_url_path(settings.STATIC_URL), _read_static),
                (_url_path(settings.MEDIA_URL), _read_media),
            ):
                if path.startswith(prefix):
                    data = reader(path.removeprefix(prefix))
                    mime_type, _encoding = mimetypes.guess_type(path)
                    return URLFetcherResponse(
                        url,
                        data,
                        {"Content-Type": mime_type or "application/octet-stream"},
                    )
            raise ResourceNotAllowed(f"A document may not load {url}")

    return PortalURLFetcher


def _url_path(url: str) -> str:
    return "/" + url.strip("/") + "/"


def _read_static(name: str) -> bytes:
    found = finders.find(name)
    if not found:
        raise ResourceNotAllowed(f"No static file {name}")
    return Path(found).read_bytes()


def _read_media(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def url_fetcher():
    """WeasyPrint's URL fetcher for the portal's documents (see PortalURLFetcher)."""
    return _fetcher_class()(fail_on_errors=True)


def html_to_pdf(html: str) -> bytes:
    """Render a whole HTML page to PDF/A-3b.

    Title, author, subject, keywords and the creation date come from the page's
    <title> and <meta name="author|description|keywords|dcterms.created">, the
    language from <html lang>; WeasyPrint writes them to the PDF's metadata and
    XMP, with the PDF/A-3b claim (pdfaid:part 3, conformance B). `pdf_tags` adds
    the structure tree for screen readers. A missing or refused resource is an
    error, not a silently blank logo.
    """
    from weasyprint import HTML

    document = HTML(string=html, base_url="/", url_fetcher=url_fetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
