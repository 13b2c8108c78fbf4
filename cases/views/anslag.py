"""The public anslagstavla (no login) and the dispatch actions of the case page.

The anslagstavla lists the notices up today (`Notice.objects.current()`): a
notice comes down by itself on its takedown date. The dispatch actions are
POSTs of the board secretary (registrar too for closing), through
cases/services/dispatch.py; refusals are the 403 page and a 409 page
(StepRefused and ValidationError alike), each saying why.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ..models import Case, Dispatch, Notice
from ..services import dispatch as services
from ..services.workflow import StepRefused
from .access import (
    STEP_REFUSALS,
    _get_case_for_user,
    _refusals_as_page,
    refusal_message,
)


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


def _refused(
    request: HttpRequest, case: Case, refused: StepRefused | ValidationError
) -> HttpResponse:
    return render(
        request,
        "cases/dispatch/refused.html",
        {"case": case, "message": refusal_message(refused)},
        status=409,
    )


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:detail", args=[case.pk]) + "#dispatch")


@login_required
@_refusals_as_page
@require_POST
def decision_dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk)
    try:
        rows = services.decision_dispatch(case=case, user=request.user)
    except STEP_REFUSALS as refused:
        return _refused(request, case, refused)
    messages.success(
        request,
        _("The decision is being dispatched to %(count)s recipients.")
        % {"count": len(rows)},
    )
    return _back(case)


@login_required
@_refusals_as_page
@require_POST
def dispatch_done(request: HttpRequest, pk: int, dispatch: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk)
    row = get_object_or_404(Dispatch, case=case, pk=dispatch)
    try:
        services.dispatch_mark_done(
            dispatch=row, user=request.user, note=request.POST.get("note", "")[:2000]
        )
    except STEP_REFUSALS as refused:
        return _refused(request, case, refused)
    messages.success(
        request,
        _("The dispatch to %(name)s is marked as sent.") % {"name": row.recipient_name},
    )
    return _back(case)


@login_required
@_refusals_as_page
@require_POST
def dispatch_retry(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk)
    rows = services.dispatch_retry_failed(case=case, user=request.user)
    messages.success(
        request,
        _("%(count)s failed e-mails are sent again.") % {"count": len(rows)},
    )
    return _back(case)


@login_required
@_refusals_as_page
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk)
    try:
        services.case_close(case=case, user=request.user)
    except STEP_REFUSALS as refused:
        return _refused(request, case, refused)
    messages.success(request, _("The case is closed."))
    return redirect(case)
