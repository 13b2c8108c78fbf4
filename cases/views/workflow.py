"""The approval workflow on the case and document pages: the actions panel and
its four POST steps (submit, return with a comment, approve, reopen).

A step the user may not take is refused with the 403 page (`_refusals_as_page`);
a step the case's status does not allow with a 409 page; both say why, and
nothing is changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import User
from members.two_factor import verified_required
from ssr_portal.lib.forms import add_service_errors

from ..forms.workflow import ReopenForm, ReturnForm
from ..models import Case
from ..services import workflow as services
from .access import _get_case_for_user, _refusals_as_page


def _is_insider(user: User, case: Case) -> bool:
    return user.is_superuser or (
        user.organisation_id is not None
        and user.organisation_id == case.board.organisation_id
    )


def workflow_context(
    user: User,
    case: Case,
    *,
    return_form: ReturnForm | None = None,
    reopen_form: ReopenForm | None = None,
) -> dict:
    """What the actions panel and the approval trail show to this user.

    The people of the case's organisation see the trail and the open return
    comment; everyone who sees the case sees whether it is approved."""
    insider = _is_insider(user, case)
    trail = services.approval_trail(case) if insider else []
    actions = services.case_actions_for(case=case, user=user) if insider else []
    approval = services.current_approval(case, trail if insider else None)
    # A chief executive who may not approve this one is told why, in the panel.
    four_eyes = ""
    if insider and case.status == Case.Status.SUBMITTED and "return" in actions:
        four_eyes = services.four_eyes_refusal(user=user, case=case)
    return {
        "workflow": {
            "actions": actions,
            "trail": trail,
            "approval": approval,
            "open_return": services.open_return(case, trail) if insider else None,
            "frozen_message": services.frozen_message(case) if case.is_frozen else "",
            "four_eyes": four_eyes,
            "return_form": return_form or ReturnForm(),
            "reopen_form": reopen_form or ReopenForm(),
        }
    }


def _back(request: HttpRequest, case: Case) -> HttpResponse:
    """Back to the page the action was taken on: the case page or its document."""
    if request.POST.get("next") == "case":
        return redirect(case.get_absolute_url())
    return redirect("cases:document", pk=case.pk)


def _refused(request: HttpRequest, case: Case, refused: services.StepRefused):
    return render(
        request,
        "cases/document/refused.html",
        {"case": case, "message": refused.message},
        status=409,
    )


def _with_form_errors(request: HttpRequest, case: Case, **forms) -> HttpResponse:
    """The page the action was taken on again, the form with its errors (400)."""
    from .diarium import _case_page
    from .documents import _document_page

    if request.POST.get("next") == "case":
        response = _case_page(request, case, **forms)
    else:
        response = _document_page(request, case, **forms)
    response.status_code = 400
    return response


@login_required
@_refusals_as_page
@require_POST
def case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk)
    try:
        services.case_submit(case=case, user=request.user)
    except services.StepRefused as refused:
        return _refused(request, case, refused)
    messages.success(request, _("The case was submitted for approval."))
    return _back(request, case)


def _step_with_text(
    request: HttpRequest,
    case: Case,
    *,
    form,
    form_name: str,
    step: str,
    run,
    done: str,
) -> HttpResponse | None:
    """Run a step that needs a text (a return's comment, a reopening's reason).

    Returns None when the step was taken; otherwise the page to show: a refusal
    (forbidden or untimely step, refused before asking for the text) or the form
    with its errors."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except services.StepRefused as refused:
            return _refused(request, case, refused)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return None
    else:
        try:
            services.check_step(step, case=case, user=request.user)
        except services.StepRefused as refused:
            return _refused(request, case, refused)
    return _with_form_errors(request, case, **{form_name: form})


@login_required
@_refusals_as_page
@require_POST
def case_return(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk)
    page = _step_with_text(
        request,
        case,
        form=ReturnForm(request.POST),
        form_name="return_form",
        step=services.RETURN,
        run=lambda data: services.case_return(
            case=case, user=request.user, comment=data["comment"]
        ),
        done=_("The case was returned to the case officer with your comment."),
    )
    return page or _back(request, case)


@login_required
@_refusals_as_page
@require_POST
@verified_required
def case_approve(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk)
    try:
        services.case_approve(case=case, user=request.user)
    except services.StepRefused as refused:
        return _refused(request, case, refused)
    messages.success(request, _("The official report was approved."))
    return _back(request, case)


@login_required
@_refusals_as_page
@require_POST
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk)
    page = _step_with_text(
        request,
        case,
        form=ReopenForm(request.POST),
        form_name="reopen_form",
        step=services.REOPEN,
        run=lambda data: services.case_reopen(
            case=case, user=request.user, reason=data["reason"]
        ),
        done=_("The case was reopened for changes; it needs a new approval."),
    )
    return page or redirect("cases:document-edit", pk=case.pk)
