"""The beredningsgång on the case page: add, move and remove its steps (each a
POST that redirects back to the case's path, so it works without JavaScript)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.consultations import ConsultationForm, path_boards
from ..models import Case, Consultation
from ..services import consultations as services
from .access import case_refusals_as_page, get_case_for_user


def _back(case: Case) -> HttpResponse:
    return redirect(case.get_absolute_url() + "#path")


def _get_step(case: Case, step: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("board", "case__board"),
        case=case,
        pk=step,
    )


@login_required
@case_refusals_as_page
@require_POST
def consultation_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, for_change=True)
    form = ConsultationForm(request.POST, boards=path_boards(case))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(case)
    try:
        step = services.consultation_add(
            case=case, user=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(board)s was added to the preparation path.")
            % {"board": step.board.name},
        )
    return _back(case)


@login_required
@case_refusals_as_page
@require_POST
def consultation_move(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, for_change=True)
    consultation = _get_step(case, step)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.consultation_move(
        consultation=consultation, offset=offset, user=request.user
    )
    messages.success(
        request,
        _("The step of %(board)s was moved.") % {"board": consultation.board.name},
    )
    return _back(case)


@login_required
@case_refusals_as_page
@require_POST
def consultation_remove(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, for_change=True)
    consultation = _get_step(case, step)
    services.consultation_remove(consultation=consultation, user=request.user)
    messages.success(
        request,
        _("The step of %(board)s was removed from the preparation path.")
        % {"board": consultation.board.name},
    )
    return _back(case)
