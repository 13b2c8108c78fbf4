"""The kallelse (notice of meeting) with its föredragningslista as PDF/A, and the
meeting documents (sammanträdeshandlingar): the kallelse followed by each
item's handlingar, as one PDF with bookmarks. Always in Swedish.

Both show only the items the reader may see (`Case.objects.visible_to`), in
agenda order, numbered 1, 2, … as on the meeting page. An item whose case has no
tjänsteskrivelse yet is skipped in the meeting documents; the kallelse says so
on its line ("no documents"), so the numbering stays the same in both. A
meeting whose `kallelse_shows_proposals` is set prints each item's förslag till
beslut under its line (`decision_default_text`, the text the decision form
starts from).

The kallelse is stored and reused while its HTML stays the same
(`meeting_pdf`). The meeting documents are not PDF/A, for the reason given in
handlingar.py: they merge the officials' attachments. They start with the
stored kallelse; each item's part is `handlingar_pdf` of its case's document,
stored and reused; its bookmarks are nested below the item's own.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from members.models import User

from ..models import AgendaItem, Document, DocumentTitle, Meeting
from .agenda import decision_default_text
from .handlingar import handlingar_build_enqueue, handlingar_pdf, handlingar_stored
from .minutes import meeting_pdf

__all__ = [
    "kallelse_html",
    "kallelse_pdf",
    "meeting_documents_pdf",
    "meeting_documents_prepare",
]


@dataclass
class _Line:
    number: int
    item: AgendaItem
    document: Document | None
    # The item's förslag till beslut, when the meeting prints them.
    proposal: str = ""


def _lines(meeting: Meeting, user: User) -> list[_Line]:
    items = (
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related(
            "case__board__organisation",
            "case__handler",
            "case__document__template",
        )
        .order_by("position", "pk")
    )
    lines = []
    for number, item in enumerate(items, start=1):
        try:
            document = item.case.document
        except ObjectDoesNotExist:
            document = None
        proposal = ""
        if meeting.kallelse_shows_proposals:
            item.meeting = meeting
            proposal = decision_default_text(item)
        lines.append(
            _Line(number=number, item=item, document=document, proposal=proposal)
        )
    return lines


def kallelse_html(
    meeting: Meeting, user: User, lines: list[_Line] | None = None
) -> str:
    if lines is None:
        lines = _lines(meeting, user)
    context = {
        "meeting": meeting,
        "organisation": meeting.board.organisation,
        "printed": DocumentTitle.of(
            meeting.board.organisation_id, DocumentTitle.Kind.KALLELSE
        ),
        "lines": lines,
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("pdf/kallelse.html", context)


def kallelse_pdf(
    meeting: Meeting, user: User, lines: list[_Line] | None = None
) -> bytes:
    """The notice of the meeting with the agenda the user may see, as PDF/A:
    stored and reused while its HTML stays the same (`meeting_pdf`)."""
    return meeting_pdf(
        meeting=meeting,
        kind="kallelse",
        html=kallelse_html(meeting, user, lines),
    )


def meeting_documents_prepare(meeting: Meeting, user: User) -> bool:
    """Whether the meeting documents can be put together now: True when every
    visible item's handlingar are stored; otherwise queue the missing ones for
    the worker (a request only merges stored files) and return False."""
    ready = True
    for line in _lines(meeting, user):
        if line.document is None:
            continue
        document = line.document
        document.case = line.item.case
        if handlingar_stored(document) is None:
            handlingar_build_enqueue(document)
            ready = False
    return ready


def meeting_documents_pdf(meeting: Meeting, user: User) -> bytes:
    """The kallelse, then each visible item's handlingar, with bookmarks:
    "Kallelse", "1. <case number> <title>", … (each item's own below it)."""
    lines = _lines(meeting, user)
    writer = PdfWriter()
    with translation.override(settings.LANGUAGE_CODE):
        kallelse = kallelse_pdf(meeting, user, lines)
        writer.append(PdfReader(io.BytesIO(kallelse)), _("Notice of meeting"))
        for line in lines:
            if line.document is None:
                continue
            document = line.document
            document.case = line.item.case
            case = line.item.case
            writer.append(
                PdfReader(io.BytesIO(handlingar_pdf(document))),
                f"{line.number}. {case.number} {case.title}",
            )
        _describe(writer, meeting)
    writer.page_mode = "/UseOutlines"
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _describe(writer: PdfWriter, meeting: Meeting) -> None:
    board = meeting.board
    title = f"{_('Meeting documents')} {board.name} {meeting.meeting_date:%Y-%m-%d}"
    writer.add_metadata(
        {
            "/Title": title,
            "/Author": f"{board.organisation.name}, {board.name}",
            "/Subject": title,
            "/Keywords": f"{board.name}, {_('Notice of meeting')}",
            "/Creator": "SSR-portalen",
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(settings.LANGUAGE_CODE)
