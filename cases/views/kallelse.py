"""The kallelse with its agenda and the meeting documents as PDF, and the
kallelse as a calendar invitation (cases/services/kallelse.py).

The same access as the minutes PDFs (cases/views/justering.py): who may read a
meeting page may download them, with the items whose cases they may see.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ssr_portal.lib.http import pdf_response
from ssr_portal.lib.refusals import STEP_REFUSALS

from ..services.kallelse import (
    kallelse_ics,
    kallelse_pdf,
    kallelse_send,
    meeting_documents_pdf,
    meeting_documents_prepare,
)
from .access import case_refusals_as_page, get_meeting_for_user, step_refused_on_meeting
from .pdf import pdf_preparing_response, pdf_ready_or_file


def _stem(meeting) -> str:
    return f"{meeting.board.prefix}-{meeting.meeting_date:%Y-%m-%d}"


@login_required
@require_safe
def kallelse_download(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    data = kallelse_pdf(meeting, request.user)
    return pdf_response(data, f"kallelse-{_stem(meeting)}.pdf")


@login_required
@require_safe
def kallelse_ics_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The kallelse as a calendar invitation, to open in one's calendar."""
    meeting = get_meeting_for_user(request.user, pk)
    response = HttpResponse(
        kallelse_ics(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="kallelse-{_stem(meeting)}.ics"'
    )
    return response


@login_required
@require_safe
def meeting_documents_download(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    if not meeting_documents_prepare(meeting, request.user):
        return pdf_preparing_response(
            request,
            title=_("The meeting documents are being put together"),
            back_url=reverse("cases:meeting", args=[meeting.pk]),
            back_label=_("Back to the meeting"),
        )
    data = meeting_documents_pdf(meeting, request.user)
    return pdf_ready_or_file(
        request, data, f"sammantradeshandlingar-{_stem(meeting)}.pdf"
    )


@login_required
@case_refusals_as_page
@require_POST
def kallelse_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary sends the kallelse with its calendar invitation by e-mail."""
    meeting = get_meeting_for_user(request.user, pk)
    try:
        count = kallelse_send(meeting=meeting, user=request.user)
    except STEP_REFUSALS as refused:
        return step_refused_on_meeting(request, meeting, refused)
    messages.success(
        request,
        ngettext(
            "The notice of meeting is being sent to %(count)s person, with the "
            "invitation for the calendar.",
            "The notice of meeting is being sent to %(count)s people, each with the "
            "invitation for the calendar.",
            count,
        )
        % {"count": count},
    )
    return redirect(reverse("cases:meeting", args=[meeting.pk]) + "#agenda")
