"""The justering of a meeting's minutes (cases/services/justering.py) and the
minutes PDFs (cases/services/minutes.py).

Who may read a meeting page may download its minutes and the extract of a §
they may see. The steps are POSTs: the wrong person gets the 403 page, a step
the state does not allow (or with invalid input, such as an empty proposal) the
409 page, both saying why, nothing changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from members.two_factor import verified_required
from ssr_portal.lib.http import pdf_response
from ssr_portal.lib.refusals import STEP_REFUSALS

from ..models import ChangeProposal
from ..services import justering as services
from ..services.minutes import minutes_extract_pdf, minutes_pdf
from .access import (
    case_refusals_as_page,
    get_item_for_user,
    get_meeting_for_user,
    step_refused_on_meeting,
)


def _back(meeting) -> HttpResponse:
    return redirect(meeting.get_absolute_url() + "#justering")


@login_required
@require_safe
def minutes_download(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    data = minutes_pdf(meeting, request.user)
    return pdf_response(
        data, f"protokoll-{meeting.board.prefix}-{meeting.meeting_date:%Y-%m-%d}.pdf"
    )


@login_required
@require_safe
def extract_download(request: HttpRequest, pk: int, paragraph: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    data = minutes_extract_pdf(meeting, request.user, paragraph)
    if data is None:
        raise Http404
    return pdf_response(
        data,
        f"protokollsutdrag-{meeting.board.prefix}-{meeting.meeting_date:%Y}"
        f"-{paragraph}.pdf",
    )


@login_required
@case_refusals_as_page
@require_POST
def send_for_justering(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    try:
        services.minutes_send_for_justering(meeting=meeting, user=request.user)
    except STEP_REFUSALS as refused:
        return step_refused_on_meeting(request, meeting, refused)
    messages.success(request, _("The minutes were sent for adjustment."))
    return _back(meeting)


@login_required
@case_refusals_as_page
@require_POST
@verified_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    try:
        services.justering_confirm(meeting=meeting, user=request.user)
    except STEP_REFUSALS as refused:
        return step_refused_on_meeting(request, meeting, refused)
    if meeting.is_adjusted:
        messages.success(request, _("You confirmed the minutes: they are adjusted."))
    else:
        messages.success(request, _("You confirmed the minutes."))
    return _back(meeting)


@login_required
@case_refusals_as_page
@require_POST
@verified_required
def propose_change(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    agenda_item = get_item_for_user(request.user, meeting, item)
    try:
        services.justering_propose_change(
            item=agenda_item, user=request.user, text=request.POST.get("text", "")
        )
    except STEP_REFUSALS as refused:
        return step_refused_on_meeting(request, meeting, refused)
    messages.success(request, _("Your proposed change was sent to the secretary."))
    return _back(meeting)


@login_required
@case_refusals_as_page
@require_POST
@verified_required
def decide_proposal(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    found = get_object_or_404(ChangeProposal, meeting=meeting, pk=proposal)
    get_item_for_user(request.user, meeting, found.item_id)
    accept = request.POST.get("answer") == "accept"
    try:
        services.justering_decide_proposal(
            proposal=found,
            user=request.user,
            accept=accept,
            note=request.POST.get("note", ""),
            new_text=request.POST.get("new_text", "") if accept else "",
        )
    except STEP_REFUSALS as refused:
        return step_refused_on_meeting(request, meeting, refused)
    if accept:
        messages.success(
            request,
            _(
                "The change was accepted. The chair and the adjusters confirm the "
                "minutes again."
            ),
        )
    else:
        messages.success(request, _("The change was rejected."))
    return _back(meeting)
