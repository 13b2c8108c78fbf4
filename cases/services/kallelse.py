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

The kallelse is also a calendar invitation (`kallelse_ics`, iCalendar with
METHOD:REQUEST): one event per meeting with a UID that never changes, so a
calendar that got it before updates the event instead of adding another.
"""

import datetime
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from members.models import User
from ssr_portal.lib.refusals import StepRefused

from ..models import AgendaItem, Document, DocumentTitle, Meeting
from ..permissions import check_secretary
from .agenda import decision_default_text
from .handlingar import handlingar_build_enqueue, handlingar_pdf, handlingar_stored
from .minutes import meeting_pdf

__all__ = [
    "MEETING_LENGTH",
    "kallelse_html",
    "kallelse_ics",
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


# A meeting has a start and no end in the portal: the invitation books this long.
MEETING_LENGTH = datetime.timedelta(hours=2)


def _invited(meeting: Meeting) -> list[tuple[User, str]]:
    """The people named for the meeting with their part, each once: the chair,
    the secretary, the justerare and the members present."""
    people: dict[int, tuple[User, str]] = {}
    named = [
        (meeting.chair, "CHAIR"),
        (meeting.secretary, "REQ-PARTICIPANT"),
        *((person, "REQ-PARTICIPANT") for person in meeting.adjusters.all()),
        *((person, "REQ-PARTICIPANT") for person in meeting.members_present.all()),
    ]
    for person, role in named:
        if person is not None and person.is_active and person.email:
            people.setdefault(person.pk, (person, role))
    return list(people.values())


def kallelse_ics(meeting: Meeting) -> bytes:
    """The kallelse as a calendar invitation (RFC 5545/5546): the board's
    meeting from its start for MEETING_LENGTH, at its place, with the links to
    the meeting page and the kallelse; every invited person with an e-mail
    address an ATTENDEE. The UID is the meeting's; SEQUENCE counts its saved
    changes, so a moved meeting replaces the event it was."""
    board = meeting.board
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(
        meeting.meeting_date, meeting.start_time, tzinfo=zone
    )
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "ssr-portal.local"
    meeting_url = settings.SITE_URL + meeting.get_absolute_url()
    kallelse_url = settings.SITE_URL + reverse("cases:kallelse-pdf", args=[meeting.pk])
    with translation.override(settings.LANGUAGE_CODE):
        summary = _("Meeting of %(board)s") % {"board": board.name}
        description = "\n".join(
            [
                _("Notice of the meeting of %(board)s, %(organisation)s.")
                % {"board": board.name, "organisation": board.organisation.name},
                "",
                _("Agenda and documents: %(url)s") % {"url": meeting_url},
                _("Notice of meeting with agenda (PDF): %(url)s")
                % {"url": kallelse_url},
            ]
        )
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Samverkan Stockholmsregionen//SSR-portalen//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{domain}")
    event.add("sequence", max(meeting.history.count() - 1, 0))
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", start)
    event.add("dtend", start + MEETING_LENGTH)
    event.add("summary", summary)
    event.add("location", meeting.place)
    event.add("description", description)
    event.add("url", meeting_url)
    organizer = meeting.secretary
    organizer_address = (
        organizer.email if organizer is not None and organizer.email else ""
    ) or settings.DEFAULT_FROM_EMAIL
    event.add(
        "organizer",
        icalendar.vCalAddress(f"mailto:{organizer_address}"),
        parameters={"cn": str(organizer) if organizer else "SSR-portalen"},
    )
    for person, role in _invited(meeting):
        event.add(
            "attendee",
            icalendar.vCalAddress(f"mailto:{person.email}"),
            parameters={
                "cn": str(person),
                "role": role,
                "partstat": "NEEDS-ACTION",
                "rsvp": "FALSE",
            },
        )
    calendar.add_component(event)
    return calendar.to_ical()


def kallelse_send(*, meeting: Meeting, user: User) -> int:
    """The secretary sends the kallelse by e-mail to everyone invited (the
    chair, the secretary, the justerare and the members present who have an
    address), each with the calendar invitation attached; returns how many.

    Refused for a meeting that has taken place. Sending again (after a change
    of time or place) sends the invitation again: its SEQUENCE has grown, so a
    calendar replaces the event it holds. Each e-mail is a task enqueued in
    this transaction (ssr_portal/lib/tasks.py), sent by the worker."""
    from ..tasks import kallelse_email_send

    check_secretary(user, meeting.board)
    if meeting.meeting_date < timezone.localdate():
        raise StepRefused(
            _("The meeting has taken place: its notice can no longer be sent.")
        )
    invited = _invited(meeting)
    if not invited:
        raise StepRefused(
            _(
                "Nobody invited to the meeting has an e-mail address: name the "
                "chair, the adjusters and the members present first."
            )
        )
    with transaction.atomic():
        for person, _role in invited:
            kallelse_email_send.enqueue(meeting_id=meeting.pk, recipient_id=person.pk)
    return len(invited)


def kallelse_email_send_now(*, meeting_id: int, recipient_id: int) -> bool:
    """One invited person's kallelse e-mail with the invitation (kallelse.ics,
    text/calendar; method=REQUEST) attached. A meeting or person gone since the
    sending is skipped (False). The Message-ID is the same on every attempt."""
    meeting = (
        Meeting.objects.select_related("board__organisation", "secretary", "chair")
        .filter(pk=meeting_id)
        .first()
    )
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if meeting is None or recipient is None or not recipient.email:
        return False
    board = meeting.board
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Notice of meeting: %(board)s %(date)s at %(time)s") % {
            "board": board.name,
            "date": f"{meeting.meeting_date:%Y-%m-%d}",
            "time": f"{meeting.start_time:%H.%M}",
        }
        body = render_to_string(
            "cases/email/kallelse.txt",
            {
                "meeting": meeting,
                "recipient": recipient,
                "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
                "kallelse_url": settings.SITE_URL
                + reverse("cases:kallelse-pdf", args=[meeting.pk]),
            },
        )
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "ssr-portal.local"
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[recipient.email],
        headers={
            "Message-ID": f"<kallelse-{meeting.pk}-{meeting.updated_at:%Y%m%d%H%M%S}"
            f"-{recipient.pk}@{domain}>"
        },
    )
    message.attach(
        f"kallelse-{board.prefix}-{meeting.meeting_date:%Y-%m-%d}.ics",
        kallelse_ics(meeting),
        "text/calendar; method=REQUEST; charset=utf-8",
    )
    message.send()
    return True
