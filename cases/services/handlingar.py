"""The handlingar of a case: its tjänsteskrivelse followed by every attachment, as
one PDF with bookmarks, to read or print the whole case at once.

Not PDF/A, on purpose. The tjänsteskrivelse is PDF/A-3b and tagged, but the
attachments are whatever the officials uploaded, and pypdf copies pages, not the
parts' output intents, XMP or structure trees. A merged file cannot honestly claim
PDF/A-3b, so it claims nothing: plain document information (title, author,
subject, keywords, language) and bookmarks. The archival copies are the
tjänsteskrivelse's own PDF (`document_pdf`) and each attachment's file.
"""

import contextlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject, TextStringObject

from ssr_portal.lib.pdf import html_to_pdf
from ssr_portal.lib.pdf_cache import cached_pdf, cached_pdf_stored, pdf_cache_key

from ..models import Attachment, Case, Document, Secrecy
from .documents import document_pdf, document_pdf_content

# Stored in the PDF cache (ssr_portal/lib/pdf_cache.py) under
# <HANDLINGAR_DIR>/<case id>/: the name holds the key, so finding the stored file
# is the whole check.
HANDLINGAR_DIR = "documents/handlingar"
# Bump when the placeholder page or the way the parts are put together changes.
HANDLINGAR_LAYOUT_VERSION = "1"


@dataclass
class _Part:
    attachment: Attachment
    number: int
    # The attached case's document, when it goes into the handlingar in full.
    source: Document | None = None


def handlingar_stored(document: Document) -> bytes | None:
    """The stored handlingar of the document as they are now, or None when they
    have to be put together first (`handlingar_pdf`, in the background: the
    handlingar_build task). Reads the attachments (one query) and the file."""
    case = document.case
    return cached_pdf_stored(
        **_cache_entry(document, case, _parts(document, case)),
        version=HANDLINGAR_LAYOUT_VERSION,
    )


def handlingar_pdf(document: Document) -> bytes:
    """The tjänsteskrivelse and its attachments as one PDF: the stored file while
    nothing changed, else a new one (seconds for a case with many attachments:
    requests ask for `handlingar_stored` and leave the rest to the worker).

    1. Read the attachments (one query) and make the key: the document's PDF
       content (revision, template), this module's layout version, and each
       attachment's id, title, file, size and type, or the attached case's
       document key. A stored file of that name is returned as it is: nothing is
       rendered or merged.
    2. Otherwise put together the tjänsteskrivelse (`document_pdf`, itself
       stored), then each attachment in order: a PDF file as it is, another
       case's document as its PDF, anything else (or a PDF that cannot be read)
       as a one-page placeholder that names the file. Bookmarks: "Tjänsteskrivelse",
       "Bilaga 1. <title>", …, with each part's own bookmarks below its own.
    3. Store the file under its key and delete the case's older ones.
    """
    case = document.case
    parts = _parts(document, case)
    return cached_pdf(
        **_cache_entry(document, case, parts),
        version=HANDLINGAR_LAYOUT_VERSION,
        render=lambda: _merge(document, case, parts),
        keep=1,  # every reader gets the same PDF: the newest one only
    )


def handlingar_build_now(*, document_id: int) -> bool:
    """Put the handlingar of a document together and store them (the worker's
    handlingar_build task); False when the document is gone. Run twice, the
    second finds the stored file."""
    document = (
        Document.objects.select_related("template", "case__board__organisation")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        return False
    handlingar_pdf(document)
    return True


def handlingar_build_enqueue(document: Document) -> None:
    """Queue the building of the document's handlingar, unless it is queued or
    running already (a reader waiting for them reloads the page)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from ..tasks import handlingar_build

    waiting = DBTaskResult.objects.filter(
        task_path=handlingar_build.module_path,
        status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING),
        args_kwargs__kwargs__document_id=document.pk,
    )
    if not waiting.exists():
        handlingar_build.enqueue(document_id=document.pk)


def _cache_entry(document: Document, case: Case, parts: list["_Part"]) -> dict:
    """Where the PDF cache keeps the case's handlingar, and what they are made of."""
    return {
        "scope": f"handlingar:{case.pk}",
        "folder": f"{HANDLINGAR_DIR}/{case.pk}",
        "content": _content(document, case, parts),
    }


def handlingar_current_keys(scopes: Iterable[str]) -> dict[str, str]:
    """Of these PDF cache scopes ("handlingar:<case id>"), the key each case's
    handlingar are read under now (`pdf_cache_key`); a stored PDF of another key
    is stale (the document or an attachment changed since) and no download reads
    it again. A case that is gone has no key. Renders nothing."""
    case_ids = set()
    for scope in scopes:
        case_id = scope.removeprefix("handlingar:")
        if case_id.isdigit():
            case_ids.add(int(case_id))
    documents = Document.objects.filter(case_id__in=case_ids).select_related(
        "case__board__organisation", "template"
    )
    current = {}
    for document in documents:
        entry = _cache_entry(document, document.case, _parts(document, document.case))
        current[entry["scope"]] = pdf_cache_key(
            scope=entry["scope"],
            version=HANDLINGAR_LAYOUT_VERSION,
            content=entry["content"],
        )
    return current


def _parts(document: Document, case: Case) -> list[_Part]:
    attachments = document.attachments.select_related(
        "source_case__board", "source_case__document__template"
    ).order_by("position", "pk")
    parts = []
    for number, attachment in enumerate(attachments, start=1):
        part = _Part(attachment=attachment, number=number)
        source_case = attachment.source_case
        if source_case is not None and case_may_include(case, source_case):
            # No document yet: the placeholder names the case.
            with contextlib.suppress(ObjectDoesNotExist):
                part.source = source_case.document
        parts.append(part)
    return parts


def case_may_include(case: Case, source_case: Case) -> bool:
    """Whether everyone who may see `case` may also see the attached case, so that
    its document can stand in the handlingar in full (Case.objects.visible_to):
    a public case, or one of the same organisation attached to a case that is not
    public itself."""
    if source_case.secrecy == Secrecy.PUBLIC:
        return True
    return (
        case.secrecy != Secrecy.PUBLIC
        and source_case.board.organisation_id == case.board.organisation_id
    )


def _content(document: Document, case: Case, parts: list[_Part]) -> str:
    values: list[Any] = [document_pdf_content(document), case.secrecy]
    for part in parts:
        attachment = part.attachment
        values.append(
            [
                attachment.pk,
                attachment.title,
                attachment.file.name,
                attachment.size,
                attachment.content_type,
                attachment.source_case_id,
                document_pdf_content(part.source) if part.source else None,
            ]
        )
    return json.dumps(values, ensure_ascii=False)


def _merge(document: Document, case: Case, parts: list[_Part]) -> bytes:
    writer = PdfWriter()
    with translation.override(settings.LANGUAGE_CODE):
        writer.append(io.BytesIO(document_pdf(document)), _("Official report"))
        for part in parts:
            label = _("Attachment %(number)s.") % {"number": part.number}
            writer.append(
                _attachment_reader(part, case), f"{label} {part.attachment.title}"
            )
        _describe(writer, document, case, len(parts))
    writer.page_mode = "/UseOutlines"  # open with the bookmarks shown
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _attachment_reader(part: _Part, case: Case) -> PdfReader:
    attachment = part.attachment
    if part.source is not None:
        return PdfReader(io.BytesIO(document_pdf(part.source)))
    if attachment.file and attachment.is_pdf:
        try:
            with attachment.file.open("rb") as handle:
                reader = PdfReader(io.BytesIO(handle.read()))
            if reader.is_encrypted:
                reader.decrypt("")  # opens only if it has no user password
            if len(reader.pages):
                return reader
        except (OSError, ValueError, PyPdfError):
            pass  # missing, damaged or locked: the placeholder says where it is
    return PdfReader(io.BytesIO(_placeholder(part, case)))


def _placeholder(part: _Part, case: Case) -> bytes:
    attachment = part.attachment
    source_case = attachment.source_case
    # The handlingar are for everyone who may read this case: a case they may
    # not read is not named, not even by its number.
    shown = source_case is not None and case_may_include(case, source_case)
    html = render_to_string(
        "pdf/attachment_placeholder.html",
        {
            "number": part.number,
            "title": attachment.title,
            "case_number": case.number,
            "organisation_name": case.board.organisation.name,
            "source_number": source_case.number if shown and source_case else "",
            "secret_source": source_case is not None and not shown,
            "file_type": _file_type(attachment),
            "file_name": attachment.original_name,
            "size": attachment.size,
        },
    )
    return html_to_pdf(html)


def _file_type(attachment: Attachment) -> str:
    """ "DOCX", "XLSX", "PNG", … from the file's name, else its MIME type."""
    name = attachment.original_name or attachment.file.name
    suffix = PurePosixPath(name).suffix.lstrip(".")
    return suffix.upper() or attachment.content_type or "?"


def _describe(writer: PdfWriter, document: Document, case: Case, count: int) -> None:
    handler = case.handler
    organisation = case.board.organisation.name
    kind = _("Official report")
    writer.add_metadata(
        {
            "/Title": document.title,
            "/Author": f"{organisation}, {handler.get_full_name()}"
            if handler
            else organisation,
            "/Subject": f"{kind} {case.number}: {document.title}"
            + (f" ({_('Attachments')} 1–{count})" if count else ""),
            "/Keywords": f"{case.number}, {case.board.name}, {kind}",
            "/Creator": "SSR-portalen",
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(settings.LANGUAGE_CODE)
