"""The dispatch actions of the case page: dispatch the decision to its
recipients, mark a manual dispatch as sent, send failed e-mails again, close
the case.

POSTs of the board secretary (registrar too for closing), through
cases/services/dispatch.py; refusals are the 403 page and a 409 page
(StepRefused and ValidationError alike), each saying why.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ssr_portal.lib.refusals import STEP_REFUSALS

from ..models import Case, Dispatch
from ..services import dispatch as services
from .access import case_refusals_as_page, get_case_for_user, step_refused_on_case


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:detail", args=[case.pk]) + "#dispatch")


@login_required
@case_refusals_as_page
@require_POST
def decision_dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    try:
        rows = services.decision_dispatch(case=case, user=request.user)
    except STEP_REFUSALS as refused:
        return step_refused_on_case(request, case, refused)
    messages.success(
        request,
        _("The decision is being dispatched to %(count)s recipients.")
        % {"count": len(rows)},
    )
    return _back(case)


@login_required
@case_refusals_as_page
@require_POST
def dispatch_done(request: HttpRequest, pk: int, dispatch: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    row = get_object_or_404(Dispatch, case=case, pk=dispatch)
    try:
        services.dispatch_mark_done(
            dispatch=row, user=request.user, note=request.POST.get("note", "")[:2000]
        )
    except STEP_REFUSALS as refused:
        return step_refused_on_case(request, case, refused)
    messages.success(
        request,
        _("The dispatch to %(name)s is marked as sent.") % {"name": row.recipient_name},
    )
    return _back(case)


@login_required
@case_refusals_as_page
@require_POST
def dispatch_retry(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    rows = services.dispatch_retry_failed(case=case, user=request.user)
    messages.success(
        request,
        _("%(count)s failed e-mails are sent again.") % {"count": len(rows)},
    )
    return _back(case)


@login_required
@case_refusals_as_page
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    try:
        services.case_close(case=case, user=request.user)
    except STEP_REFUSALS as refused:
        return step_refused_on_case(request, case, refused)
    messages.success(request, _("The case is closed."))
    return redirect(case)
