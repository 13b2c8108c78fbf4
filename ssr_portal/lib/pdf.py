"""HTML to archivable PDF through WeasyPrint: PDF/A-3b, tagged, fonts embedded.

Every PDF of the portal goes through `html_to_pdf`. Resources are read only from our
own static files (fonts, the print stylesheet) and from the storage of uploaded
files (the letterhead logos, at the same address as in the page preview): a
document never fetches anything from the network.
"""

import functools
import hashlib
import importlib.metadata
import mimetypes
import os
from pathlib import Path

import django
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage

from .storage import StorageUnavailable, logo_read, logo_url_prefix

PDF_VARIANT = "pdf/a-3b"

# The same HTML gives the same PDF, byte for byte, whenever it is rendered: an
# archived file can be compared with a new rendering, and a refactoring checked
# against the PDFs before it. fontTools, which subsets the fonts that WeasyPrint
# embeds, stamps each font with the time of rendering unless SOURCE_DATE_EPOCH
# (reproducible-builds.org) says which time to use, and the file's /ID is a hash
# of it all. The documents' own dates are in their metadata (dcterms.created).
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")

# Bump when the way the portal's PDFs are made changes in a way that neither the
# print templates, their static files, the catalogue nor WeasyPrint's version
# shows (see `environment_key`).
PDF_LAYOUT_VERSION = "3"
# The static folder of the print stylesheets and the fonts they embed.
PDF_STATIC_PREFIX = "pdf/"
PDF_TEMPLATE_DIR = "pdf"


class ResourceNotAllowed(ValueError):
    pass


class PdfResourceError(RuntimeError):
    """A resource of the page (a stylesheet, font or image) could not be read, so
    no PDF was made. WeasyPrint's own error for it is a BaseException, which no
    `except Exception` of a view, task or Django's request handler would catch."""


@functools.cache
def _fetcher_class():
    # Imported on first use: WeasyPrint takes about half a second to import, and
    # most processes (migrations, most requests) never render a PDF.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PortalURLFetcher(URLFetcher):
        """Serve /static/… from the static finders, /media/… and the logos'
        /logos/… from the file storage; refuse everything else (no network, no
        other files)."""

        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            from django.conf import settings

            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = url.removeprefix("file://")
            for prefix, reader in (
                (_url_path(settings.STATIC_URL), _read_static),
                (_url_path(settings.MEDIA_URL), _read_media),
                (logo_url_prefix(), logo_read),
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
    """A static file by the name in its URL.

    With debug off the URL names the collected file, hashed by the manifest
    storage (`pdf/print.<hash>.css`, and the fonts its rules point to), which
    only the static files storage knows; in development the URL is the plain
    name and the finders read the source file."""
    found = finders.find(name)
    if found:
        return Path(found).read_bytes()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name, "rb") as handle:
            return handle.read()
    raise ResourceNotAllowed(f"No static file {name}")


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
    error, not a silently blank logo; a file storage that does not answer is
    StorageUnavailable.
    """
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    document = HTML(string=html, base_url="/", url_fetcher=url_fetcher())
    try:
        return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    except FatalURLFetchingError as error:
        if isinstance(error.__cause__, StorageUnavailable):
            raise StorageUnavailable from error
        raise PdfResourceError(f"{error} ({error.__cause__})") from error


def environment_key() -> str:
    """What changes a PDF besides the content it is rendered from, as a short key.

    A stored PDF is reused while its key is the same, so the key of every stored
    PDF holds this one: the language the PDFs are written in and the compiled
    catalogue that translates them (a PDF rendered before `compilemessages` is
    English and must not outlive it), Django's version (its own catalogue), the
    print templates, the print stylesheets and fonts, WeasyPrint's version and
    PDF_LAYOUT_VERSION. Files are read again only when one of them changes
    (their paths, sizes and modification times are the cache's key).
    """
    files = [*_catalogue_files(), *_print_files()]
    stamps = tuple(
        (str(path), stat.st_size, stat.st_mtime_ns)
        for path in files
        if (stat := _stat(path)) is not None
    )
    return _environment_digest(settings.LANGUAGE_CODE, stamps)


@functools.lru_cache(maxsize=8)
def _environment_digest(language: str, stamps: tuple) -> str:
    digest = hashlib.sha256()
    for value in (
        language,
        django.get_version(),
        importlib.metadata.version("weasyprint"),
        PDF_LAYOUT_VERSION,
    ):
        digest.update(value.encode() + b"\0")
    for path, _size, _mtime in stamps:
        digest.update(path.encode() + b"\0")
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()[:16]


def _stat(path: Path):
    try:
        return path.stat()
    except OSError:
        return None


def _catalogue_files() -> list[Path]:
    """The compiled catalogues of the PDFs' language: none before compilemessages."""
    language = settings.LANGUAGE_CODE
    return sorted(
        mo
        for locale_dir in settings.LOCALE_PATHS
        for mo in (Path(locale_dir) / language / "LC_MESSAGES").glob("*.mo")
    )


@functools.cache
def _print_files() -> tuple[Path, ...]:
    """The print templates and static files, listed once a process (a new file
    comes with a deploy, which restarts it)."""
    return (*_static_files(PDF_STATIC_PREFIX), *_template_files(PDF_TEMPLATE_DIR))


def _static_files(prefix: str) -> list[Path]:
    found = set()
    for finder in finders.get_finders():
        for name, storage in finder.list([]):
            if name.replace("\\", "/").startswith(prefix):
                found.add(Path(storage.path(name)))
    return sorted(found)


def _template_files(folder: str) -> list[Path]:
    found: set[Path] = set()
    for directory in _template_dirs():
        found.update(p for p in (directory / folder).rglob("*") if p.is_file())
    return sorted(found)


def _template_dirs() -> list[Path]:
    from django.template import engines

    dirs: list[Path] = []
    for engine in engines.all():
        dirs.extend(Path(d) for d in getattr(engine, "template_dirs", ()))
    return dirs
