"""The panels beside a case's tjänsteskrivelse: its signatories, its references
to earlier cases and the recipients of the decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Organisation
from ssr_portal.lib.collation import swedish
from ssr_portal.lib.forms import add_service_errors

from ..forms.documents import RecipientForm, ReferenceForm, SignatoryForm
from ..models import Case, CaseReference, Recipient, Signatory
from ..services import documents as services
from .access import case_refusals_as_page, get_case_for_user
from .pages import (
    directors,
    document_page,
    document_url,
    reference_cases,
    require_document,
)


def _offset(request: HttpRequest) -> int | None:
    return {"up": -1, "down": 1}.get(request.POST.get("direction", ""))


def _signatory(request: HttpRequest, pk: int, item: int) -> tuple[Case, Signatory]:
    case = get_case_for_user(request.user, pk, for_change=True)
    return case, get_object_or_404(Signatory, pk=item, document__case=case)


def _recipient(request: HttpRequest, pk: int, item: int) -> tuple[Case, Recipient]:
    case = get_case_for_user(request.user, pk, for_change=True)
    return case, get_object_or_404(Recipient, pk=item, case=case)


def _panel_url(case: Case, row: Signatory | Recipient) -> str:
    return document_url(
        case, "signatories" if isinstance(row, Signatory) else "recipients"
    )


def _panel_row_remove(
    request: HttpRequest, case: Case, row: Signatory | Recipient, message: str
) -> HttpResponse:
    """Remove a signatory or recipient, say so (`message` names it as %(name)s)
    and show its panel again."""
    services.panel_row_remove(row=row, user=request.user)
    messages.success(request, message % {"name": row.name})
    return redirect(_panel_url(case, row))


def _panel_row_move(
    request: HttpRequest, case: Case, row: Signatory | Recipient
) -> HttpResponse:
    """Move a signatory or recipient in the posted direction and show its panel
    again."""
    offset = _offset(request)
    if offset is None:
        return HttpResponseBadRequest("direction must be up or down")
    services.panel_row_move(row=row, user=request.user, offset=offset)
    return redirect(_panel_url(case, row))


@login_required
@case_refusals_as_page
@require_POST
def signatory_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, for_change=True)
    document = require_document(case)
    form = SignatoryForm(request.POST, people=directors(case))
    if form.is_valid():
        try:
            signatory = services.signatory_add(
                document=document, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added as signatory.") % {"name": signatory.name},
            )
            return redirect(document_url(case, "signatories"))
    return document_page(request, case, signatory_form=form)


@login_required
@case_refusals_as_page
@require_POST
def signatory_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    case, signatory = _signatory(request, pk, item)
    return _panel_row_remove(
        request, case, signatory, _("%(name)s no longer signs the report.")
    )


@login_required
@case_refusals_as_page
@require_POST
def signatory_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    return _panel_row_move(request, *_signatory(request, pk, item))


@login_required
@case_refusals_as_page
@require_POST
def recipient_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, for_change=True)
    require_document(case, for_display=False)
    form = RecipientForm(
        request.POST, organisations=Organisation.objects.order_by(swedish("name"))
    )
    if form.is_valid():
        try:
            recipient = services.recipient_add(
                case=case, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added as recipient.") % {"name": recipient.name},
            )
            return redirect(document_url(case, "recipients"))
    return document_page(request, case, recipient_form=form)


@login_required
@case_refusals_as_page
@require_POST
def recipient_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    case, recipient = _recipient(request, pk, item)
    return _panel_row_remove(
        request, case, recipient, _("%(name)s is no longer a recipient.")
    )


@login_required
@case_refusals_as_page
@require_POST
def recipient_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    return _panel_row_move(request, *_recipient(request, pk, item))


@login_required
@case_refusals_as_page
@require_POST
def reference_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_case_for_user(user, pk, for_change=True)
    require_document(case, for_display=False)
    form = ReferenceForm(request.POST, case=case, cases=reference_cases(case, user))
    if form.is_valid():
        try:
            reference = services.reference_add(
                case=case, user=user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The reference to %(number)s was added.")
                % {"number": reference.referenced_case.number},
            )
            return redirect(document_url(case, "references"))
    return document_page(request, case, reference_form=form)


@login_required
@case_refusals_as_page
@require_POST
def reference_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, for_change=True)
    reference = get_object_or_404(
        CaseReference.objects.select_related("referenced_case"), pk=item, case=case
    )
    services.reference_remove(reference=reference, user=request.user)
    messages.success(
        request,
        _("The reference to %(number)s was removed.")
        % {"number": reference.referenced_case.number},
    )
    return redirect(document_url(case, "references"))
