"""The approval workflow on the case and document pages: the actions panel and
its four POST steps (submit, return with a comment, approve, reopen).

A step the user may not take is refused with the 403 page (`case_refusals_as_page`);
a step the case's status does not allow with a 409 page; both say why, and
nothing is changed.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.two_factor import verified_required
from ssr_portal.lib.forms import add_service_errors
from ssr_portal.lib.refusals import StepRefused

from ..forms.workflow import ReopenForm, ReturnForm
from ..models import Case
from ..services import workflow as services
from .access import (
    case_refusals_as_page,
    get_case_for_user,
    step_refused_on_document,
)
from .pages import case_page, document_page


def _back(request: HttpRequest, case: Case) -> HttpResponse:
    """Back to the page the action was taken on: the case page or its document."""
    if request.POST.get("next") == "case":
        return redirect(case.get_absolute_url())
    return redirect("cases:document", pk=case.pk)


def _with_form_errors(request: HttpRequest, case: Case, **forms) -> HttpResponse:
    """The page the action was taken on again, the form with its errors (400)."""
    if request.POST.get("next") == "case":
        response = case_page(request, case, **forms)
    else:
        response = document_page(request, case, **forms)
    response.status_code = 400
    return response


@login_required
@case_refusals_as_page
@require_POST
def case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    try:
        services.case_submit(case=case, user=request.user)
    except StepRefused as refused:
        return step_refused_on_document(request, case, refused)
    messages.success(request, _("The case was submitted for approval."))
    return _back(request, case)


def _step_with_text(
    request: HttpRequest,
    case: Case,
    *,
    form,
    form_name: str,
    step: str,
    service: Callable[..., object],
    field: str,
    done: str,
) -> HttpResponse | None:
    """Run a step that needs a text (a return's comment, a reopening's reason):
    `service(case=…, user=…, <field>=the text of the form's field)`.

    Returns None when the step was taken; otherwise the page to show: a refusal
    (forbidden or untimely step, refused before asking for the text) or the form
    with its errors."""
    if form.is_valid():
        try:
            service(case=case, user=request.user, **{field: form.cleaned_data[field]})
        except StepRefused as refused:
            return step_refused_on_document(request, case, refused)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return None
    else:
        try:
            services.check_step(step, case=case, user=request.user)
        except StepRefused as refused:
            return step_refused_on_document(request, case, refused)
    return _with_form_errors(request, case, **{form_name: form})


@login_required
@case_refusals_as_page
@require_POST
def case_return(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    page = _step_with_text(
        request,
        case,
        form=ReturnForm(request.POST),
        form_name="return_form",
        step=services.RETURN,
        service=services.case_return,
        field="comment",
        done=_("The case was returned to the case officer with your comment."),
    )
    return page or _back(request, case)


@login_required
@case_refusals_as_page
@require_POST
@verified_required
def case_approve(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    try:
        services.case_approve(case=case, user=request.user)
    except StepRefused as refused:
        return step_refused_on_document(request, case, refused)
    messages.success(request, _("The official report was approved."))
    return _back(request, case)


@login_required
@case_refusals_as_page
@require_POST
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    page = _step_with_text(
        request,
        case,
        form=ReopenForm(request.POST),
        form_name="reopen_form",
        step=services.REOPEN,
        service=services.case_reopen,
        field="reason",
        done=_("The case was reopened for changes; it needs a new approval."),
    )
    return page or redirect("cases:document-edit", pk=case.pk)
