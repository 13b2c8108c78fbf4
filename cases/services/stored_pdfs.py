"""Store and reuse the PDFs of a meeting: the minutes, the extract of a § and
the kallelse (cases/models/stored_pdfs.py).

Rendering the HTML takes milliseconds, WeasyPrint takes seconds. So each
download renders the HTML, as it always did, and keys it: while the HTML is
the same, so is the PDF, and the stored file is served. Anything that changes
the PDF changes the HTML first (a decision text edited before justering, a
confirmation, the adjusting; an item more or less that the reader may see), so
no change has to remember to throw a stored PDF away.

Readers who may see different items get different HTML, hence different keys:
the last few PDFs of each meeting, kind and § are kept, so that such readers
taking turns do not render again each time.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from ssr_portal.lib.pdf import environment_key, html_to_pdf

from ..models import AgendaItem, Meeting, StoredPdf

__all__ = ["stored_pdf"]

# Part of the key: bump it when the PDFs of meetings change in a way their HTML
# does not show (`environment_key` covers the catalogue, the print templates and
# stylesheets and WeasyPrint).
MEETING_PDF_VERSION = "1"

# The PDFs kept per meeting, kind and §: one per group of readers that see a
# different set of items, and the one before the last change.
KEEP = 4


def _key(html: str) -> str:
    tagged = f"{environment_key()}:{MEETING_PDF_VERSION}\n{html}"
    return hashlib.sha256(tagged.encode()).hexdigest()


def _read(stored: StoredPdf) -> bytes | None:
    try:
        with stored.file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _prune(meeting: Meeting, kind: str, item: AgendaItem | None) -> None:
    older = StoredPdf.objects.filter(meeting=meeting, kind=kind, item=item).order_by(
        "-created_at", "-pk"
    )[KEEP:]
    for stored in list(older):
        stored.file.storage.delete(stored.file.name)
        stored.delete()


def stored_pdf(
    *, meeting: Meeting, kind: str, html: str, item: AgendaItem | None = None
) -> bytes:
    """The PDF of `html`: the stored one if it was rendered before, else a new one.

    1. Key the HTML (sha256, with `environment_key` and this module's version).
    2. A stored PDF of the meeting, kind and § with that key: return its file.
    3. Else render with WeasyPrint, store the file and the row, and drop all but
       the newest KEEP PDFs of the meeting, kind and §.
    A file gone missing is rendered again; a parallel download that stored the
    same PDF first wins, and this one's file is removed.
    """
    key = _key(html)
    found = StoredPdf.objects.filter(
        meeting=meeting, kind=kind, item=item, key=key
    ).first()
    if found is not None:
        data = _read(found)
        if data is not None:
            return data
        found.delete()  # the file went missing: render again
    data = html_to_pdf(html)
    stored = StoredPdf(meeting=meeting, kind=kind, item=item, key=key)
    paragraph = f"-{item.paragraph}" if item is not None else ""
    stored.file.save(
        f"{meeting.pk}-{kind}{paragraph}-{key[:12]}.pdf", ContentFile(data), save=False
    )
    try:
        with transaction.atomic():
            stored.full_clean()
            stored.save()
    except (IntegrityError, ValidationError):  # stored by a parallel download
        stored.file.storage.delete(stored.file.name)
        return data
    _prune(meeting, kind, item)
    return data
