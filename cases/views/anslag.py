"""The public anslagstavla (no login): the notices up today
(`Notice.objects.current()`); a notice comes down by itself on its takedown date.
The notices are put up by the justering (cases/services/anslag.py).
"""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ssr_portal.lib.http import pdf_response

from ..models import Notice
from ..services.minutes import minutes_pdf


@require_safe
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = Notice.objects.current().with_related()
    return render(
        request,
        "cases/anslag/list.html",
        {"notices": list(notices), "today": timezone.localdate()},
    )


@require_safe
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One notice, also after it came down (the URL stays valid)."""
    notice = get_object_or_404(Notice.objects.with_related(), pk=pk)
    return render(request, "cases/anslag/detail.html", {"notice": notice})


@require_safe
def notice_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The adjusted minutes of the notice's meeting as the public reads them:
    the items of public cases only, whoever asks (a logged-in reader sees the
    rest on the meeting's page), also after the notice came down."""
    notice = get_object_or_404(Notice.objects.with_related(), pk=pk)
    meeting = notice.meeting
    data = minutes_pdf(meeting, AnonymousUser())
    return pdf_response(
        data, f"protokoll-{meeting.board.prefix}-{meeting.meeting_date:%Y-%m-%d}.pdf"
    )
