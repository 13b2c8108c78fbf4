"""The minutes (protokoll) of a meeting and the extract (protokollsutdrag) of
one §, as PDF/A in the municipal style of the tjänsteskrivelse (print.css and
document.css). Always in Swedish, the language of the minutes.

The HTML is rendered on each download: the minutes change during justering,
and they show only the items the reader may see (`Case.objects.visible_to`), as
on the meeting page. The PDF of that HTML is stored and reused while the HTML
stays the same (`meeting_pdf`, through ssr_portal/lib/pdf_cache.py).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from members.models import User
from ssr_portal.lib.pdf_cache import cached_pdf

from ..models import AgendaItem, Meeting
from .justering import justering_state

__all__ = ["meeting_pdf", "minutes_extract_pdf", "minutes_html", "minutes_pdf"]

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
    return (
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting, paragraph__isnull=False)
        .select_related("case", "decision__later_meeting")
        .prefetch_related(
            "case__recipients",
            "decision__votes",
            "decision__member_votes__member",
            "decision__statements__member",
            "decision__not_participating",
        )
        .order_by("paragraph")
    )


def _context(meeting: Meeting, user: User) -> dict:
    state = justering_state(meeting=meeting, user=user)
    return {
        "meeting": meeting,
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
    context = _context(meeting, user)
    if item is None:
        template = "pdf/protokoll.html"
        context["items"] = list(_items(meeting, user))
    else:
        template = "pdf/protokollsutdrag.html"
        context["items"] = [item]
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
