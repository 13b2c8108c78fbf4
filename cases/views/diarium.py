"""Pages of the diarium: the case list, a case, its forms, the public diarium."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from members.models import Board, Diarium, User
from members.roles import Role
from members.two_factor import is_verified, verification_required_response
from ssr_portal.lib.forms import add_service_errors
from ssr_portal.lib.keyset import InvalidCursor, bounded_count, keyset_page

from .. import permissions, services
from ..filters import CaseFilter, PublicCaseFilter
from ..forms import CaseRegisterForm, CaseUpdateForm, JournalEntryForm
from ..models import AgendaItem, Case, CaseClass, Document, Secrecy
from ..models.diarium import FROZEN_STATUSES
from ..querysets import CaseQuerySet
from .access import case_refusals_as_page, get_case_for_user
from .pages import case_page


def _boards_for(user: User) -> QuerySet[Board]:
    """The boards on which the user may register cases."""
    boards = Board.objects.select_related("organisation").order_by("name")
    if user.is_superuser:
        return boards
    return boards.filter(organisation_id=user.organisation_id)


def _diaria_for(user: User) -> QuerySet[Diarium]:
    """The diaria the user may number cases in: those of their organisation."""
    diaria = Diarium.objects.select_related("organisation").order_by("name")
    if user.is_superuser:
        return diaria
    return diaria.filter(organisation_id=user.organisation_id)


def _case_classes_for(
    user: User, *, organisation_id: int | None = None
) -> QuerySet[CaseClass]:
    """The classes a case may be filed under: its organisation's (the user's own
    when registering; every organisation's for a superuser, the service refuses a
    class of another organisation than the board's)."""
    classes = CaseClass.objects.order_by("code")
    if organisation_id is not None:
        return classes.filter(organisation_id=organisation_id)
    if user.is_superuser:
        return classes
    return classes.filter(organisation_id=user.organisation_id)


def _handlers_for(
    user: User, *, organisation_id: int | None = None, current: int | None = None
) -> QuerySet[User]:
    """The people who may be named case officer: the active people of the
    organisation (all organisations' people for a superuser registering), and the
    `current` officer even if their account has since been closed."""
    users = User.objects.filter(
        # Not an API token's account: a machine handles no case.
        Q(is_active=True, is_api_client=False) | Q(pk=current),
        organisation__isnull=False,
    )
    if organisation_id is not None:
        users = users.filter(organisation_id=organisation_id)
    elif not user.is_superuser:
        users = users.filter(organisation_id=user.organisation_id)
    return users.order_by("last_name", "first_name")


def _list_page(request: HttpRequest, cases: QuerySet[Case]) -> dict:
    """The page of a case list that the URL's cursor points at, newest first,
    and the list's count up to a limit (ssr_portal/lib/keyset.py): two queries,
    each one index range, however long the diarium. A cursor that is not one
    shows the first page with a message (`cursor_invalid`, answered with 400)."""
    rows = cases.with_related()
    per_page = settings.SSR_CASES_PER_PAGE
    cursor_invalid = False
    try:
        page = keyset_page(
            rows,
            order=CaseQuerySet.NEWEST_FIRST,
            per_page=per_page,
            cursor=request.GET.get("cursor"),
        )
    except InvalidCursor:
        cursor_invalid = True
        page = keyset_page(rows, order=CaseQuerySet.NEWEST_FIRST, per_page=per_page)
    return {
        "page": page,
        "total": bounded_count(cases),
        "cursor_invalid": cursor_invalid,
    }


def _list_response(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    status = 400 if context["cursor_invalid"] else 200
    return render(request, template, context, status=status)


@login_required
@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.visible_to(request.user)
    case_filter = CaseFilter(request.GET or None, queryset=cases, user=request.user)
    return _list_response(
        request,
        "cases/list.html",
        {
            "filter": case_filter,
            **_list_page(request, case_filter.qs),
            "may_register": permissions.user_may_register(user=request.user),
        },
    )


@login_required
@require_safe
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, with_document=True)
    return case_page(request, case)


@login_required
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def case_register(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.user_may_register(user=user):
        raise PermissionDenied(
            _("You may not register cases: that needs a case-writing role.")
        )
    boards = _boards_for(user)
    handlers = _handlers_for(user)
    # A handläggare who registers a case registers her own: it is hers unless she
    # chooses another (a registrator registers for others and gets no default).
    own = user.has_role(Role.OFFICIAL) and handlers.filter(pk=user.pk).exists()
    form = CaseRegisterForm(
        request.POST or None,
        initial={"handler": user.pk} if own else None,
        boards=boards,
        handlers=handlers,
        diaria=_diaria_for(user),
        case_classes=_case_classes_for(user),
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["secrecy"] != Secrecy.PUBLIC and not is_verified(request):
            return verification_required_response(request)
        try:
            case = services.case_register(registered_by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The case was registered as %(number)s.") % {"number": case.number},
            )
            return redirect(case)
    return render(
        request, "cases/register.html", {"form": form, "has_boards": boards.exists()}
    )


@login_required
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_case_for_user(user, pk, for_change=True)
    form = CaseUpdateForm(
        request.POST or None,
        initial=CaseUpdateForm.initial_for(case),
        handlers=_handlers_for(
            user, organisation_id=case.board.organisation_id, current=case.handler_id
        ),
        case_classes=_case_classes_for(
            user, organisation_id=case.board.organisation_id
        ),
    )
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, _("Nothing was changed."))
            return redirect(case)
        marks_secrecy = {"secrecy", "secrecy_reference"} & set(form.changed_data)
        if marks_secrecy and not is_verified(request):
            return verification_required_response(request)
        try:
            services.case_update(case=case, user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Case %(number)s was updated.") % {"number": case.number}
            )
            return redirect(case)
    return render(request, "cases/edit.html", {"form": form, "case": case})


@login_required
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def journal_entry_register(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_case_for_user(user, pk, for_change=True)
    form = JournalEntryForm(
        request.POST or None, initial={"document_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["secrecy"] != Secrecy.PUBLIC and not is_verified(request):
            return verification_required_response(request)
        try:
            entry = services.journal_entry_register(
                case=case, registered_by=user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The document was registered as %(number)s.")
                % {"number": entry.number},
            )
            return redirect(reverse("cases:detail", args=[case.pk]) + "#documents")
    return render(request, "cases/entry_register.html", {"form": form, "case": case})


@require_safe
def public_diarium(request: HttpRequest) -> HttpResponse:
    case_filter = PublicCaseFilter(request.GET or None, queryset=Case.objects.public())
    return _list_response(
        request,
        "cases/public_diarium.html",
        {"filter": case_filter, **_list_page(request, case_filter.qs)},
    )


# From approval on, the tjänsteskrivelse is the board's underlag: a public
# document of a public case (before that it is a draft, not yet an allmän handling).
# That is every frozen status but the submitted one (awaiting approval).
_REPORT_PUBLIC_FROM = FROZEN_STATUSES - {Case.Status.SUBMITTED}


@require_safe
def public_case(request: HttpRequest, pk: int) -> HttpResponse:
    """A public case of the public diarium (no login): its number, title, dates
    and board, its public documents and its decisions once the minutes are
    adjusted. A secret or partly secret case is a 404, as if it did not exist;
    a secret document of a public case is left out."""
    case = get_object_or_404(Case.objects.public().with_related(), pk=pk)
    report = None
    if case.status in _REPORT_PUBLIC_FROM:
        report = Document.objects.filter(case=case).first()
    return render(
        request,
        "cases/public_case.html",
        {
            "case": case,
            "report": report,
            "entries": case.entries.filter(secrecy=Secrecy.PUBLIC).order_by("serial"),
            "decisions": (
                AgendaItem.objects.filter(case=case)
                .adjusted_decisions()
                .select_related("decision", "meeting__board")
                .order_by("meeting__meeting_date", "pk")
            ),
        },
    )
