"""The one cache of every generated PDF: the tjänsteskrivelse, the handlingar, the
minutes, extracts and kallelse of a meeting, the follow-up report.

Rendering the HTML takes milliseconds, WeasyPrint takes seconds. So each download
works out what the PDF is made from (its HTML, or what decides it, such as a
document's revision) and keys it: while the content is the same, so is the PDF,
and the stored file is served. Anything that changes a PDF changes its content
first, so no change has to remember to throw a stored PDF away.

One key rule: sha256 of `environment_key()` (catalogue, print templates and
stylesheets, WeasyPrint), the caller's version, the scope and the content.
One pruning rule: the newest `keep` PDFs of each scope are kept, the older ones
and their files deleted when a new one is stored. KEEP, for a meeting's PDFs:
readers who see different items get different PDFs of one meeting, and the one
before the last change stays for a reader still on it; a PDF that every reader
sees alike keeps only its newest (`keep=1`).

The file's name is made of the scope and the key, so that a download reads the
file without a query; the row (`ssr_portal.models.CachedPdf`) is what pruning,
`cleanup_files` and the backup see. Each caller gives its scopes a folder of
their own, which pruning lists.
"""

import hashlib
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from ssr_portal.models import CachedPdf

from .pdf import environment_key, html_to_pdf

__all__ = [
    "KEEP",
    "cached_pdf",
    "cached_pdf_stored",
    "pdf_cache_forget",
    "pdf_cache_key",
]

# The PDFs kept per scope unless the caller says otherwise: one per group of
# readers that see a different set of items, and the one before the last change.
KEEP = 4


def pdf_cache_key(*, scope: str, version: str, content: str) -> str:
    """The key of a PDF: sha256 of what changes every PDF (`environment_key`), the
    caller's version (bumped when its PDFs change in a way the content does not
    show), the scope and the content."""
    tagged = f"{environment_key()}:{version}\n{scope}\n{content}"
    return hashlib.sha256(tagged.encode()).hexdigest()


def _prefix(scope: str) -> str:
    return scope.replace(":", "-") + "-"


def _name(folder: str, scope: str, key: str) -> str:
    return f"{folder}/{_prefix(scope)}{key[:32]}.pdf"


def _read(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def cached_pdf_stored(
    *, scope: str, folder: str, version: str, content: str
) -> bytes | None:
    """The stored PDF of this content, or None when it has to be rendered first
    (`cached_pdf`). Reads the file only, no row."""
    return _read(
        _name(
            folder, scope, pdf_cache_key(scope=scope, version=version, content=content)
        )
    )


def cached_pdf(
    *,
    scope: str,
    folder: str,
    version: str,
    content: str,
    render: Callable[[], bytes] | None = None,
    keep: int = KEEP,
) -> bytes:
    """The PDF of `content`: the stored one if it was rendered before, else a new one.

    1. Key the content (`pdf_cache_key`); the file <folder>/<scope>-<key>.pdf,
       if stored, is returned as it is: nothing is rendered, nothing queried.
    2. Else render: `render()`, or without it `content` is the HTML page and
       WeasyPrint renders it. Store the file and its row, and delete all but the
       newest `keep` PDFs of the scope with their files.
    A file gone missing is rendered again; a parallel download that stored the
    same PDF first wins, and this one's file is removed.
    """
    key = pdf_cache_key(scope=scope, version=version, content=content)
    name = _name(folder, scope, key)
    data = _read(name)
    if data is not None:
        return data
    data = render() if render is not None else html_to_pdf(content)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # stored by a parallel download meanwhile
        default_storage.delete(saved)
        return data
    try:
        with transaction.atomic():
            CachedPdf.objects.create(scope=scope, key=key, file=name)
    except IntegrityError:  # its file had gone missing, or a parallel download
        CachedPdf.objects.filter(scope=scope, key=key).update(created_at=timezone.now())
        return data
    _prune(scope, folder, keep)
    return data


def _prune(scope: str, folder: str, keep: int) -> None:
    """Delete all but the newest `keep` PDFs of the scope, and any other file of
    the scope in its folder (one whose row was never written or is gone)."""
    rows = list(CachedPdf.objects.filter(scope=scope).order_by("-created_at", "-pk"))
    for stored in rows[keep:]:
        default_storage.delete(stored.file.name)
        stored.delete()
    kept = {stored.file.name for stored in rows[:keep]}
    try:
        _folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # the file system's folder was never made
        return
    for file_name in files:
        name = f"{folder}/{file_name}"
        if file_name.startswith(_prefix(scope)) and name not in kept:
            default_storage.delete(name)


def pdf_cache_forget(*, scope: str) -> None:
    """Delete every stored PDF of the scope (rows and files): the next download
    renders it again."""
    for stored in list(CachedPdf.objects.filter(scope=scope)):
        default_storage.delete(stored.file.name)
        stored.delete()
