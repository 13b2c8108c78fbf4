"""The minutes (protokoll) of a meeting and the extract (protokollsutdrag) of
one §, as PDF/A in the municipal style of the tjänsteskrivelse (print.css and
document.css). Always in Swedish, the language of the minutes.

The HTML is rendered on each download: the minutes change during justering,
and they show only the items the reader may see (`Case.objects.visible_to`), as
on the meeting page. Until the minutes are sent for justering the items have
no § yet (cases/services/justering.py numbers them): the draft shows each
decided item by its agenda position.

Each § prints its Ärendebeskrivning (`item_description_html`: the secretary's
text on the agenda item, else the case's description, else the
tjänsteskrivelse's Sammanfattning), its Beslutsunderlag (`decision_basis`: the
tjänsteskrivelse, its bilagor and the public journal entries, by date; a
secret entry is left out, since the minutes are public), then Yrkanden,
Beslutsgång, Beslut and Reservationer. The title and page text of each kind
of document come from the organisation's `DocumentTitle`. The PDF of that HTML is stored and reused while the HTML
stays the same (`meeting_pdf`, through ssr_portal/lib/pdf_cache.py).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from members.models import User
from ssr_portal.lib.history import set_history_user
from ssr_portal.lib.markup import clean_source, render
from ssr_portal.lib.pdf_cache import cached_pdf
from ssr_portal.lib.refusals import StepRefused

from ..locks import lock_item, lock_meeting
from ..models import (
    AgendaItem,
    Consultation,
    DocumentTitle,
    Justering,
    Meeting,
    Secrecy,
)
from ..permissions import check_secretary
from .justering import justering_state
from .meeting_rules import check_not_adjusted

__all__ = [
    "BasisLine",
    "agenda_item_describe",
    "check_description_open",
    "decision_basis",
    "item_description_html",
    "item_description_source",
    "meeting_pdf",
    "minutes_extract_pdf",
    "minutes_html",
    "minutes_pdf",
]

# The heading of the tjänsteskrivelse's section whose text is the default
# Ärendebeskrivning when neither the item nor the case has a description.
SUMMARY_HEADING = "sammanfattning"


@dataclass(frozen=True)
class BasisLine:
    """One document of a § 's Beslutsunderlag."""

    date: datetime.date | None
    title: str


def item_description_source(item: AgendaItem) -> str:
    """The Ärendebeskrivning as written (ssr_portal/lib/markup.py): the item's
    own, else the case's description, else the tjänsteskrivelse's
    Sammanfattning."""
    if item.description.strip():
        return item.description
    case = item.case
    if case.description.strip():
        return case.description
    try:
        document = case.document
    except ObjectDoesNotExist:
        return ""
    for section in document.sections.all():
        if section.title.strip().casefold() == SUMMARY_HEADING:
            return section.text
    return ""


def check_description_open(meeting: Meeting) -> None:
    """The Ärendebeskrivning can be written until the minutes are sent."""
    check_not_adjusted(meeting)
    if Justering.objects.filter(meeting=meeting).exists():
        raise StepRefused(
            _(
                "The minutes have been sent for adjustment: propose the change "
                "to the chair and the adjusters instead."
            )
        )


def agenda_item_describe(
    *, item: AgendaItem, user: User, description: str
) -> AgendaItem:
    """The secretary writes the Ärendebeskrivning of an item for the minutes
    (empty: the case's own, `item_description_source`), until the minutes are
    sent for justering; after that a change goes through the justering's
    proposals. Locks the meeting, then the item (cases/locks.py)."""
    check_secretary(user, item.meeting.board)
    with transaction.atomic():
        meeting = lock_meeting(item.meeting_id)
        locked = lock_item(item)
        check_description_open(meeting)
        locked.description = clean_source(description).strip()
        locked.full_clean()
        set_history_user(locked, user)
        locked.save(update_fields=["description", "updated_at"])
    return locked


def item_description_html(item: AgendaItem) -> str:
    source = item_description_source(item).strip()
    return render(source) if source else ""


def decision_basis(item: AgendaItem) -> list[BasisLine]:
    """The Beslutsunderlag of the item: the tjänsteskrivelse with its date, its
    bilagor, and the case's public journal entries, by date then number. The
    minutes are public: a secret or partly secret entry is left out."""
    case = item.case
    lines: list[BasisLine] = []
    try:
        document = case.document
    except ObjectDoesNotExist:
        document = None
    if document is not None:
        lines.append(
            BasisLine(
                date=document.document_date,
                title=_("Official report: %(title)s") % {"title": document.title},
            )
        )
        for number, attachment in enumerate(document.attachments.all(), start=1):
            lines.append(
                BasisLine(
                    date=None,
                    title=_("Attachment %(number)s. %(title)s")
                    % {"number": number, "title": attachment.title},
                )
            )
    entries = sorted(
        (entry for entry in case.entries.all() if entry.secrecy == Secrecy.PUBLIC),
        key=lambda entry: (entry.document_date, entry.serial),
    )
    lines.extend(
        BasisLine(date=entry.document_date, title=entry.subject) for entry in entries
    )
    lines.extend(_earlier_extracts(item))
    return lines


def _earlier_extracts(item: AgendaItem) -> list[BasisLine]:
    """In a beredningsgång, the protokollsutdrag of the bodies that handled the
    case before this meeting (the arbetsutskott's proposal for the styrelse, both
    for fullmäktige), once their minutes were adjusted."""
    steps = (
        Consultation.objects.filter(
            case_id=item.case_id,
            item__paragraph__isnull=False,
            item__meeting__adjusted_at__isnull=False,
            item__meeting__meeting_date__lt=item.meeting.meeting_date,
        )
        .exclude(item_id=item.pk)
        .select_related("board", "item__meeting")
        .order_by("position")
    )
    return [
        BasisLine(
            date=step.item.meeting.meeting_date,
            title=_("Extract of the minutes of %(board)s, § %(paragraph)s")
            % {"board": step.board.name, "paragraph": step.item.paragraph},
        )
        for step in steps
        if step.item is not None
    ]


# Part of the key: bump it when the PDFs of meetings change in a way their HTML
# does not show (`environment_key` covers the catalogue, the print templates and
# stylesheets and WeasyPrint).
MEETING_PDF_VERSION = "1"
MEETING_PDF_FOLDER = "minutes/pdf"  # /<meeting id>/


def meeting_pdf(
    *, meeting: Meeting, kind: str, html: str, item: AgendaItem | None = None
) -> bytes:
    """The PDF of a meeting's `html` ("minutes", "kallelse", or the "extract" of
    `item`'s §), stored and reused while the HTML is the same. The HTML holds
    only what its reader may see, so readers who see different items get
    different PDFs, each kept (pdf_cache.KEEP per meeting, kind and §)."""
    scope = f"meeting:{meeting.pk}:{kind}"
    if item is not None:
        scope += f":{item.pk}"
    return cached_pdf(
        scope=scope,
        folder=f"{MEETING_PDF_FOLDER}/{meeting.pk}",
        version=MEETING_PDF_VERSION,
        content=html,
    )


def _items(meeting: Meeting, user: User):
    """The decided items the user may see, in agenda order (which is § order
    once numbered)."""
    return (
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting, decision__isnull=False)
        .select_related("case__document", "decision__later_meeting")
        .prefetch_related(
            "case__recipients",
            "case__entries",
            "case__document__sections",
            "case__document__attachments",
            "decision__votes",
            "decision__member_votes__member",
            "decision__statements__member",
            "decision__not_participating",
        )
        .order_by("position", "pk")
    )


@dataclass(frozen=True)
class _Paragraph:
    item: AgendaItem
    description_html: str
    basis: list[BasisLine]


def _paragraph(item: AgendaItem) -> _Paragraph:
    return _Paragraph(
        item=item,
        description_html=item_description_html(item),
        basis=decision_basis(item),
    )


def _context(meeting: Meeting, user: User, kind: str) -> dict:
    state = justering_state(meeting=meeting, user=user)
    return {
        "meeting": meeting,
        "printed": DocumentTitle.of(meeting.board.organisation_id, kind),
        "organisation": meeting.board.organisation,
        "adjusters": list(meeting.adjusters.all()),
        "members_present": list(meeting.members_present.all()),
        "other_members_present": [
            line.strip()
            for line in meeting.other_members_present.splitlines()
            if line.strip()
        ],
        "justering": state,
    }


def minutes_html(meeting: Meeting, user: User, item: AgendaItem | None = None) -> str:
    """The minutes of the meeting, or with `item` the extract of its §."""
    if item is None:
        context = _context(meeting, user, DocumentTitle.Kind.MINUTES)
        template = "pdf/protokoll.html"
        context["paragraphs"] = [_paragraph(one) for one in _items(meeting, user)]
    else:
        context = _context(meeting, user, DocumentTitle.Kind.EXTRACT)
        template = "pdf/protokollsutdrag.html"
        context["paragraphs"] = [_paragraph(item)]
        context["item"] = item
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template, context)


def minutes_pdf(meeting: Meeting, user: User) -> bytes:
    return meeting_pdf(
        meeting=meeting,
        kind="minutes",
        html=minutes_html(meeting, user),
    )


def minutes_extract_pdf(meeting: Meeting, user: User, paragraph: int) -> bytes | None:
    """The extract of § `paragraph`, or None if the user may not see it."""
    item = _items(meeting, user).filter(paragraph=paragraph).first()
    if item is None:
        return None
    return meeting_pdf(
        meeting=meeting,
        kind="extract",
        item=item,
        html=minutes_html(meeting, user, item),
    )
